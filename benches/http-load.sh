#!/usr/bin/env bash
# Load figures of `newsreel serve`: wrk against /api/search with a query mix,
# next to /healthz (the server with no search work) measured in the same run;
# /api/search with answers kept for repeated requests and without, each sent
# plain and compressed as a browser asks (Accept-Encoding: gzip, deflate, br, zstd).
#
#   benches/http-load.sh            # shipped corpus, the peer corpus, 100k news articles
#   CORPORA=shipped benches/http-load.sh
#
# Corpora: `shipped` (corpus/, with benches/load/queries-shipped.txt), `news`
# (the 45,407 articles of ../shared/data that benches/compare.sh indexes,
# with the peer harness's 200 mixed queries: the issue's HTTP target), `100k`
# (those articles repeated to COUNT, with benches/load/queries-news.txt).
#
# Environment: DURATION (30s), CONNECTIONS (64), THREADS (2), BASELINE (10s),
# WORK (/tmp/newsreel-load: indexes and the generated corpus), DATA (../shared/data),
# COUNT (100000 articles for the big corpus), NEWSREEL_BIN (the binary to serve
# with, for comparing two builds; default: this tree's release build).
# Needs wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-30s}"
BASELINE="${BASELINE:-10s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
WORK="${WORK:-/tmp/newsreel-load}"
DATA="${DATA:-../shared/data}"
COUNT="${COUNT:-100000}"
CORPORA="${CORPORA:-shipped news 100k}"
PEERS_DIR="${PEERS_DIR:-../shared/peers}"
mkdir -p "$WORK"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
cargo build --release -q -p newsreel-query -p newsreel-benches
BIN="${NEWSREEL_BIN:-$PWD/target/release/newsreel}"

run_wrk() { # URL DURATION QUERIES [healthz|-] [ACCEPT-ENCODING]
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" --timeout 10s ${5:+-H "Accept-Encoding: $5"} \
    -s benches/load/mix.lua "$1" -- "$3" ${4:-} | grep '^RESULT' | sed 's/^RESULT //'
}

# What browsers send: their answers come compressed.
BROWSER="gzip, deflate, br, zstd"

build_index() { # INPUT INDEX: bring the index up to date; rebuild one this build cannot read
  "$BIN" index "$1" --index "$2" 2>/dev/null || { rm -rf "$2"; "$BIN" index "$1" --index "$2" 2>/dev/null; }
}

field() { # LINE NAME
  echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

echo "machine: $(nproc) cores, $(uname -m); wrk -t$THREADS -c$CONNECTIONS; search for $DURATION, /healthz for $BASELINE"
printf '| corpus | articles | endpoint | req/s | p50 ms | p99 ms | non-2xx | socket errors | search/healthz req/s | server RSS MB |\n'
printf '|---|---|---|---|---|---|---|---|---|---|\n'
for corpus in $CORPORA; do
  case "$corpus" in
    shipped)
      index="$WORK/index-shipped"; queries=benches/load/queries-shipped.txt
      rm -rf "$index"; "$BIN" index corpus --index "$index" 2>/dev/null ;;
    news)
      index="$WORK/index-news"; queries="$WORK/queries-harness.txt"
      [ -f "$WORK/news.jsonl" ] || zcat "$DATA/zh-news.jsonl.gz" "$DATA/en-news.jsonl.gz" > "$WORK/news.jsonl"
      build_index "$WORK/news.jsonl" "$index"
      if [ ! -f "$queries" ]; then
        # The harness's own draw (seed 42, as in compare.sh); its exact
        # phrases, `phrase:…`, become quoted phrases.
        python3 "$PEERS_DIR/scripts/queries.py" generate "$WORK/news.jsonl" "$WORK/harness.txt" >&2
        sed 's/^phrase:\(.*\)$/"\1"/' "$WORK/harness.txt" > "$queries"
      fi ;;
    100k)
      index="$WORK/index-100k"; queries=benches/load/queries-news.txt
      [ -f "$WORK/news-$COUNT.jsonl" ] || target/release/repeat-corpus "$DATA" "$COUNT" > "$WORK/news-$COUNT.jsonl"
      build_index "$WORK/news-$COUNT.jsonl" "$index" ;;
    *) echo "unknown corpus $corpus" >&2; exit 2 ;;
  esac
  # The server twice: with its default memory for answers (the mix repeats
  # its queries, so after the warm-up this measures answers kept for repeated
  # requests), and with none (every request searches: the engine's figure).
  health=""
  for cache in 32 0; do
    log="$WORK/serve-$corpus.log"
    NEWSREEL_LOG=warn "$BIN" serve --index "$index" --addr 127.0.0.1:0 --result-cache "$cache" \
      > "$WORK/serve-$corpus.out" 2> "$log" &
    pid=$!
    for _ in $(seq 100); do grep -q http "$WORK/serve-$corpus.out" 2>/dev/null && break; sleep 0.1; done
    url=$(grep -o 'http://[^/]*' "$WORK/serve-$corpus.out")
    articles=$(curl -s "$url/healthz" | sed 's/.*"articles":\([0-9]*\).*/\1/')
    run_wrk "$url" 3s "$queries" > /dev/null # warm-up
    [ -n "$health" ] || health=$(run_wrk "$url" "$BASELINE" "$queries" healthz)
    search=$(run_wrk "$url" "$DURATION" "$queries")
    run_wrk "$url" 3s "$queries" - "$BROWSER" > /dev/null # warm-up: compressed forms
    compressed=$(run_wrk "$url" "$DURATION" "$queries" - "$BROWSER")
    rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
    kill -TERM "$pid"; wait "$pid" || true
    lines=("$search" "$compressed")
    names=("/api/search, --result-cache $cache" "/api/search, --result-cache $cache, browser's Accept-Encoding")
    if [ "$cache" != 0 ]; then
      lines=("$health" "${lines[@]}"); names=(/healthz "${names[@]}")
    fi
    for i in "${!lines[@]}"; do
      line=${lines[$i]}; name=${names[$i]}
      ratio=$(awk -v s="$(field "$line" rps)" -v h="$(field "$health" rps)" 'BEGIN { printf "%.3f", s / h }')
      errors=$(( $(field "$line" connect_err) + $(field "$line" read_err) + $(field "$line" write_err) + $(field "$line" timeouts) ))
      printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$corpus" "$articles" "$name" \
        "$(field "$line" rps)" "$(field "$line" p50_ms)" "$(field "$line" p99_ms)" \
        "$(field "$line" non2xx)" "$errors" "$ratio" "$rss"
    done
  done
done
