#!/usr/bin/env bash
# Engine benchmark: whosaid against raw tantivy, SQLite FTS5 and ripgrep, side by side in one run.
#
#   scripts/bench.sh [N...]        default N = 1; e.g. scripts/bench.sh 1 10 40
#
# For each N it builds (once) the BBC corpus replicated N times with ../shared/bench/make_corpus.py,
# then measures on the same files: ingest MB/s, peak RSS and index size (whosaid, rawtantivy,
# fts5.py); in-process query latency over ../shared/bench/queries.txt (whosaid with and without
# snippets and facets, rawtantivy, fts5); whole-process `whosaid query` against ripgrep over the
# plain-text twin tree; one new article into the index until a query sees it; re-ingest of the
# unchanged corpus. It prints a table with ratios and the targets of issue 4, and writes
# WORK/results-N.json. Also prints analysis throughput (words/s on one core) over the BBC corpus.
#
# Settings (environment):
#   WHOSAID_BENCH_DIR  work folder, outside the repository (default /tmp/whosaid-bench)
#   BENCH_REPEAT       query passes per engine (default 5, after 1 warm-up pass)
#   BENCH_RG_SAMPLE    queries timed as whole processes against ripgrep (default 10)
#   BENCH_SKIP_BUILD   1: use the binaries already built
# Needs: cargo, python3, /usr/bin/time (GNU time), rg; hyperfine is used when present.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SHARED=${WHOSAID_SHARED:-$ROOT/../shared}
WORK=${WHOSAID_BENCH_DIR:-/tmp/whosaid-bench}
mkdir -p "$WORK"
case "$(cd "$WORK" && pwd)/" in
"$ROOT"/*) echo "bench: the work folder must be outside the repository (BBC text is never committed)" >&2; exit 2 ;;
esac
[ -d "$SHARED/bench" ] || { echo "bench: $SHARED/bench not found" >&2; exit 2; }
for tool in python3 rg /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is required (apt-get install ripgrep time)" >&2; exit 2; }
done

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
    echo "== building whosaid and the query/analysis bench examples (release)" >&2
    cargo build --release --bin whosaid --example query_bench --example analyze_bench >&2
    echo "== building rawtantivy (release, target dir in $WORK)" >&2
    CARGO_TARGET_DIR="$WORK/rawtantivy-target" \
        cargo build --release --manifest-path "$SHARED/bench/rawtantivy/Cargo.toml" >&2
fi

exec python3 "$ROOT/scripts/bench.py" --root "$ROOT" --shared "$SHARED" --work "$WORK" "$@"
