#!/usr/bin/env bash
# Soak test (not in CI): wrk at 128 connections for 60 s on /api/search with a
# realistic query mix while `newsreel index` re-indexes changed files twice.
# Prints requests, non-2xx, socket errors, p50/p99, and server RSS before and
# after. Fails (exit 1) on any 5xx or socket error or RSS growth over RSS_LIMIT_MB.
#
#   benches/soak.sh
#
# Environment: DURATION (60s), CONNECTIONS (128), ARTICLES (20000 news articles
# beside the shipped corpus), RSS_LIMIT_MB (growth allowed, 200), WORK
# (/tmp/newsreel-soak), DATA (../shared/data). Needs wrk.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-60s}"
CONNECTIONS="${CONNECTIONS:-128}"
ARTICLES="${ARTICLES:-20000}"
RSS_LIMIT_MB="${RSS_LIMIT_MB:-200}"
WORK="${WORK:-/tmp/newsreel-soak}"
DATA="${DATA:-../shared/data}"
seconds=${DURATION%s}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
cargo build --release -q -p newsreel-query -p newsreel-benches
BIN="$PWD/target/release/newsreel"

rm -rf "$WORK"; mkdir -p "$WORK/corpus"
cp -r corpus/. "$WORK/corpus/"
target/release/repeat-corpus "$DATA" "$ARTICLES" > "$WORK/corpus/news.jsonl" 2>/dev/null
"$BIN" index "$WORK/corpus" --index "$WORK/index" 2> "$WORK/index-0.log"

rss() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
NEWSREEL_LOG=warn "$BIN" serve --index "$WORK/index" --addr 127.0.0.1:0 > "$WORK/serve.out" 2> "$WORK/serve.log" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q http "$WORK/serve.out" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://[^/]*' "$WORK/serve.out")
wrk -t2 -c"$CONNECTIONS" -d5s -s benches/load/mix.lua "$url" -- benches/load/queries-news.txt > /dev/null
before=$(rss $pid)

wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 10s -s benches/load/mix.lua "$url" -- benches/load/queries-news.txt \
  > "$WORK/wrk.out" &
wrk_pid=$!
reindex_times=()
for round in 1 2; do
  sleep $(( seconds / 3 ))
  # A changed file (a new report) and a modified one: incremental re-index.
  printf -- '---\ntitle: Soak report %s\nlang: en\ndate: 2025-07-0%s\n---\nA festival report added during the soak test, round %s.\n' \
    "$round" "$round" "$round" > "$WORK/corpus/en/soak-$round.md"
  echo "Edited in round $round." >> "$WORK/corpus/en/sco-film-festival-the-musician.md"
  start=$(date +%s.%N)
  "$BIN" index "$WORK/corpus" --index "$WORK/index" 2> "$WORK/index-$round.log"
  reindex_times+=("$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')")
done
wait $wrk_pid
after=$(rss $pid)
articles=$(curl -s "$url/healthz" | sed 's/.*"articles":\([0-9]*\).*/\1/')
result=$(grep '^RESULT' "$WORK/wrk.out" | sed 's/^RESULT //')
field() { echo "$result" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
errors=$(( $(field connect_err) + $(field read_err) + $(field write_err) + $(field timeouts) ))
echo "soak: wrk -c$CONNECTIONS for $DURATION on $url ($articles articles at the end), re-indexed twice (${reindex_times[*]} s)"
echo "requests $(field requests), $(field rps) req/s, p50 $(field p50_ms) ms, p99 $(field p99_ms) ms, max $(field max_ms) ms"
echo "non-2xx $(field non2xx), socket errors $errors, server RSS $before MB before, $after MB after"
status=0
[ "$(field non2xx)" = 0 ] || { echo "FAIL: non-2xx answers"; status=1; }
[ "$errors" = 0 ] || { echo "FAIL: socket errors"; status=1; }
[ $(( after - before )) -le "$RSS_LIMIT_MB" ] || { echo "FAIL: RSS grew by more than $RSS_LIMIT_MB MB"; status=1; }
exit $status
