#!/usr/bin/env bash
# Ranking figures (issue 11): nDCG@10 and MAP@1000 of `whosaid query --any` on the public test
# collections in ../shared/eval/ir (TIME, MED, CISI), scored by ../shared/tools/score_ir.py.
#
# Usage: scripts/eval_ir.sh [--check] [--shared DIR] [--bin PATH]
#
#   --check      exit 1 when a figure falls below its floor in scripts/eval-ir-floors.txt
#                (floors sit just under the measured figures, so ranking never slips silently)
#   --shared DIR where shared/ is (default: ../shared from the repository root)
#   --bin PATH   the whosaid binary to score (default: build the release binary)
#
# Without the collections it prints a message and exits 0 (1 when $CI is set). Each collection is ingested into a
# temporary index (score_ir.py removes it); the three take about a minute in all.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="$root/../shared"
check=0
bin=""
while [ $# -gt 0 ]; do
    case "$1" in
        --check) check=1 ;;
        --shared) shift; shared="$1" ;;
        --bin) shift; bin="$1" ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        *) echo "eval_ir.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done
if [ ! -d "$shared/eval/ir" ] || [ ! -f "$shared/tools/score_ir.py" ]; then
    msg="eval_ir.sh: $shared/eval/ir or $shared/tools/score_ir.py not found"
    # Under CI a missing input is a failure: a gate that skips itself checks nothing.
    if [ -n "${CI:-}" ]; then echo "$msg" >&2; exit 1; fi
    echo "$msg; skipping"
    exit 0
fi
if [ -z "$bin" ]; then
    (cd "$root" && cargo build --release --quiet --bin whosaid)
    bin="$root/target/release/whosaid"
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

for c in time med cisi; do
    python3 "$shared/tools/score_ir.py" "$bin" "$shared/eval/ir/$c" > "$tmp/$c.txt" 2> "$tmp/$c.err" \
        || { cat "$tmp/$c.err" >&2; echo "eval_ir.sh: score_ir.py failed on $c" >&2; exit 1; }
done

python3 - "$tmp" "$root/scripts/eval-ir-floors.txt" "$check" "$shared/eval/ir" <<'PY'
import os, re, sys
tmp, floors_path, check, ir = sys.argv[1], sys.argv[2], sys.argv[3] == "1", sys.argv[4]
figures, refs = {}, {}
for c in ("time", "med", "cisi"):
    text = open(os.path.join(tmp, c + ".txt")).read()
    for name, key in (("ndcg10", r"nDCG@10"), ("map1000", r"MAP@1000")):
        m = re.search(key + r" = ([0-9.]+)", text)
        figures[f"ir.{c}.{name}"] = float(m.group(1)) if m else None
    # The plain BM25 figures (k1 0.9, b 0.4, no stemming) each collection's README gives.
    readme = os.path.join(ir, c, "README.txt")
    m = os.path.exists(readme) and re.search(
        r"BM25 sanity check.*?\n.*?nDCG@10 ([0-9.]+)\s+MAP ([0-9.]+)", open(readme).read(), re.S)
    if m:
        refs[f"ir.{c}.ndcg10"], refs[f"ir.{c}.map1000"] = float(m.group(1)), float(m.group(2))
width = max(map(len, figures))
print(f"{'figure':<{width}}  whosaid  BM25 (README)")
for k, v in figures.items():
    ref = f"{refs[k]:.4f}" if k in refs else "-"
    print(f"{k:<{width}}  {v:.4f}   {ref}" if v is not None else f"{k:<{width}}  (not found)")
if not check:
    sys.exit(0)
sys.path.insert(0, os.path.dirname(floors_path))
from floors import finish
finish(figures, floors_path, "all ranking figures at or above their floors", "eval_ir: some figures fell below their floors")
PY
