#!/usr/bin/env bash
# Newsreel next to the naive tantivy + tantivy-jieba peer, in one run, each
# measured by the peer harness's own code (../shared/peers/scripts/run_peer.py:
# GNU time, index size on disk, per-query medians and percentiles, exact-phrase
# recall and precision against grep). Newsreel is driven by `--bin peer`, which
# speaks the tantivy peer's command line. Prints the table and the ratios.
#
#   benches/compare.sh
#
# Environment: DATA (../shared/data), PEERS_DIR (../shared/peers), RESULTS
# (/tmp/newsreel-compare), REPS (5), WARMUP (2). Takes ~3 minutes on 2 cores.
# LUCENE=1 adds Lucene 8's CJKAnalyzer (bigrams), the peer that also finds
# every exact phrase, with the harness's Lucene driver (needs javac and
# Debian's liblucene8-java): ~2 minutes more.
# Runs are serialised with the harness's lock, /tmp/peers-bench.lock.
set -euo pipefail
cd "$(dirname "$0")/.."

DATA="${DATA:-../shared/data}"
PEERS_DIR="$(cd "${PEERS_DIR:-../shared/peers}" && pwd)"
RESULTS="${RESULTS:-/tmp/newsreel-compare}"
REPS="${REPS:-5}"
WARMUP="${WARMUP:-2}"
WORK="$RESULTS/work"
mkdir -p "$RESULTS" "$WORK"

exec 9>"${PEERS_LOCK:-/tmp/peers-bench.lock}"
flock 9

corpus="$WORK/news.jsonl.gz"
cat "$DATA/zh-news.jsonl.gz" "$DATA/en-news.jsonl.gz" > "$corpus"
queries="$WORK/queries.txt"
[ -f "$queries" ] || python3 "$PEERS_DIR/scripts/queries.py" generate "$corpus" "$queries" >&2
python3 "$PEERS_DIR/scripts/queries.py" truth "$corpus" "$queries" "$RESULTS/truth.tsv" >&2

echo "== building the naive peer and newsreel's peer driver" >&2
CARGO_TARGET_DIR="$WORK/tantivy-target" cargo build --release --locked -q \
    --manifest-path "$PEERS_DIR/tantivy-naive/Cargo.toml"
cargo build --release -q -p newsreel-benches --bin peer

run() { # results-name, binary
    TANTIVY_BIN="$2" python3 "$PEERS_DIR/scripts/run_peer.py" tantivy-naive \
        --corpus "$corpus" --queries "$queries" --truth "$RESULTS/truth.tsv" \
        --results "$RESULTS/$1" --work "$WORK/$1" --reps "$REPS" --warmup "$WARMUP"
}
run naive "$WORK/tantivy-target/release/tantivy-naive"
run newsreel "$PWD/target/release/peer"
rm -rf "$RESULTS/lucene"
if [ "${LUCENE:-0}" = 1 ]; then
    jar() { ls /usr/share/java/lucene-"$1"-[0-9]*.jar 2>/dev/null | sort -V | tail -1; }
    classpath="$(jar core):$(jar analyzers-common):$(jar analyzers-smartcn):$(jar queryparser)"
    mkdir -p "$WORK/lucene-classes"
    javac -nowarn -d "$WORK/lucene-classes" -cp "$classpath" "$PEERS_DIR/lucene/LuceneBench.java"
    LUCENE_CP="$WORK/lucene-classes:$classpath" python3 "$PEERS_DIR/scripts/run_peer.py" lucene-cjk \
        --corpus "$corpus" --queries "$queries" --truth "$RESULTS/truth.tsv" \
        --results "$RESULTS/lucene" --work "$WORK/lucene" --reps "$REPS" --warmup "$WARMUP"
fi

python3 - "$RESULTS" <<'EOF'
import json, sys
results = sys.argv[1]
load = lambda name: json.load(open(f"{results}/{name}/tantivy-naive.json"))
naive, ours = load("naive"), load("newsreel")
snip = ours["peer_query_stats"]["snippets"]

def row(name, r, snippets=None):
    i, q, p = r["index"], r["query"], r["phrase_recall_vs_grep"]
    s = f"{snippets['p50_us']:.0f} / {snippets['p99_us']:.0f}" if snippets else "–"
    return (f"| {name} | {i['MB_per_s']:.1f} | {i['size_over_text']:.2f} | {i['peak_rss_MB']:.0f} | "
            f"{q['p50_us']:.0f} / {q['p99_us']:.0f} | {s} | {p['macro_recall']:.3f} | {p['micro_precision']:.3f} |")

print(f"\n{naive['docs']} articles, {naive['text_MB']:.1f} MB of title+body text; "
      f"{naive['query']['n']} queries, {naive['query']['reps']} reps\n")
print("| engine | index MB/s | size / text | index peak RSS MB | query p50 / p99 µs | with snippets p50 / p99 µs | phrase recall (macro) | phrase precision (micro) |")
print("|---|---|---|---|---|---|---|---|")
print(row("tantivy + tantivy-jieba (naive)", naive))
print(row("newsreel", ours, snip))
ratio = lambda a, b: a / b if b else float("nan")
ni, oi = naive["index"], ours["index"]
nq, oq = naive["query"], ours["query"]
print(f"| newsreel ÷ naive | {ratio(oi['MB_per_s'], ni['MB_per_s']):.2f}× | {ratio(oi['size_over_text'], ni['size_over_text']):.2f}× | "
      f"{ratio(oi['peak_rss_MB'], ni['peak_rss_MB']):.2f}× | {ratio(oq['p50_us'], nq['p50_us']):.2f}× / {ratio(oq['p99_us'], nq['p99_us']):.2f}× | | | |")
print("\nnewsreel p50 / p99 µs by query type: " + ", ".join(
    f"{k} {v['p50_us']:.0f} / {v['p99_us']:.0f}" for k, v in oq["by_type"].items()))
print("naive    p50 / p99 µs by query type: " + ", ".join(
    f"{k} {v['p50_us']:.0f} / {v['p99_us']:.0f}" for k, v in nq["by_type"].items()))
try:
    lucene = json.load(open(f"{results}/lucene/lucene-cjk.json"))
except FileNotFoundError:
    lucene = None
if lucene:
    li, lq = lucene["index"], lucene["query"]
    print("\nthe other engine that finds every exact phrase, in the same run:\n")
    print("| engine | index MB/s | size / text | index peak RSS MB | query p50 / p99 µs | phrase recall (macro) | phrase precision (micro) |")
    print("|---|---|---|---|---|---|---|")
    for name, r in [("Lucene 8 CJKAnalyzer (bigrams)", lucene), ("newsreel", ours)]:
        i, q, p = r["index"], r["query"], r["phrase_recall_vs_grep"]
        print(f"| {name} | {i['MB_per_s']:.1f} | {i['size_over_text']:.2f} | {i['peak_rss_MB']:.0f} | "
              f"{q['p50_us']:.0f} / {q['p99_us']:.0f} | {p['macro_recall']:.3f} | {p['micro_precision']:.3f} |")
    print(f"| newsreel ÷ Lucene CJK | {ratio(oi['MB_per_s'], li['MB_per_s']):.2f}× | "
          f"{ratio(oi['size_over_text'], li['size_over_text']):.2f}× | {ratio(oi['peak_rss_MB'], li['peak_rss_MB']):.2f}× | "
          f"{ratio(oq['p50_us'], lq['p50_us']):.2f}× / {ratio(oq['p99_us'], lq['p99_us']):.2f}× | | |")
misses = ours["phrase_recall_vs_grep"]["first_misses"]
if misses:
    print("newsreel phrase misses:", misses)
EOF
