#!/usr/bin/env bash
# Big files (not in CI): a 200 MB file of newspaper pages is read as a stream
# and indexed in bounded memory; a 200 MB file that is one endless paragraph
# is refused with a message, quickly. Prints wall time and peak RSS of each
# `newsreel index`, next to the shipped corpus indexed in the same run.
#
#   benches/big-file.sh
#
# Environment: SIZE_MB (200), WORK (/tmp/newsreel-big). Needs /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE_MB="${SIZE_MB:-200}"
WORK="${WORK:-/tmp/newsreel-big}"
cargo build --release -q -p newsreel-query
BIN="$PWD/target/release/newsreel"
rm -rf "$WORK"; mkdir -p "$WORK/pages" "$WORK/endless"

# About 1 MiB of pages (the seed page over and over, a form feed between
# pages), then SIZE_MB MiB of those.
page=corpus/zh/000_fcb534285d604426.txt
copies=$(( (1 << 20) / ($(wc -c < "$page") + 2) ))
for _ in $(seq "$copies"); do cat "$page"; printf '\f\n'; done > "$WORK/block.txt"
for _ in $(seq "$SIZE_MB"); do cat "$WORK/block.txt"; done > "$WORK/pages/pages.txt"
cp "$page.meta.toml" "$WORK/pages/pages.txt.meta.toml"
# One paragraph of SIZE_MB without a line break.
head -c $((SIZE_MB * 1024 * 1024)) < <(yes '电影节的观众在永川看电影' | tr -d '\n') > "$WORK/endless/dump.txt"

measure() { # name, args...: prints "name  seconds  peak-RSS-MB  exit"
    local name=$1; shift
    local status=0
    /usr/bin/time -f '%e %M' -o "$WORK/$name.time" "$BIN" index "$@" > /dev/null 2> "$WORK/$name.log" || status=$?
    read -r secs kb < <(tail -1 "$WORK/$name.time")
    printf '%-28s %8.1f s %8d MB   exit %d\n' "$name" "$secs" $((kb / 1024)) "$status"
}

printf '%-28s %10s %11s\n' "run" "wall" "peak RSS"
measure shipped-corpus corpus --index "$WORK/index-shipped"
measure "pages-${SIZE_MB}MB" "$WORK/pages" --index "$WORK/index-pages"
measure "endless-${SIZE_MB}MB" "$WORK/endless" --index "$WORK/index-endless"
grep -h '^indexed:' "$WORK/pages-${SIZE_MB}MB.log"
grep -h '^skipped:' "$WORK/endless-${SIZE_MB}MB.log"
echo "input: $(du -m "$WORK/pages/pages.txt" | cut -f1) MB of pages; index: $(du -sm "$WORK/index-pages" | cut -f1) MB"
