#!/usr/bin/env python3
"""Choose the speaker-facet confidence threshold on PolNeAR dev (issue 10).

Usage: scripts/confidence_threshold.py [--shared DIR] [--bin PATH]

Runs `whosaid analyze --json` over ../shared/eval/polnear/dev/text, then for every threshold
t in 0.05 steps keeps only the quotes whose confidence is >= t (the ones a paragraph speaker facet
would take) and scores them with the shared scorer (score_attribution.py, all quotes, overlap >= 0.3):
P = kept quotes matched to a gold quote with the right source / kept quotes,
R = the same / gold quotes. Prints P, R, F1 and F0.5 per threshold and the chosen threshold: the
highest one whose F0.5 is within 0.005 of the best (F0.5 weights precision over recall, and ties
go to the higher threshold: a wrong speaker costs more than a missing one).
PolNeAR checks the source span, not the resolved name, so this measures the attribution part
of the confidence; the resolution part is checked by the table tests and the BBC cases.
Needs python3 (standard library) and a built binary (default target/release/whosaid).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ap = argparse.ArgumentParser()
ap.add_argument("--shared", default=os.path.join(root, "..", "shared"))
ap.add_argument("--bin", default=os.path.join(root, "target", "release", "whosaid"))
args = ap.parse_args()
shared = os.path.abspath(args.shared)
dev = os.path.join(shared, "eval", "polnear", "dev", "text")
if not os.path.isdir(dev):
    sys.exit(f"confidence_threshold.py: {dev} not found")
tools = os.path.join(shared, "tools")

with tempfile.TemporaryDirectory() as tmp:
    gold = os.path.join(tmp, "gold.jsonl")
    subprocess.run([sys.executable, os.path.join(tools, "make_polnear.py"), "dev", gold,
                    "--root", os.path.join(shared, "eval", "polnear")],
                   check=True, stderr=subprocess.DEVNULL)
    files = sorted(os.path.join(dev, f) for f in os.listdir(dev) if f.endswith(".txt"))
    out = subprocess.run([args.bin, "analyze", *files, "--json"], check=True,
                         capture_output=True, text=True).stdout
    articles = [json.loads(line) for line in out.splitlines() if line.strip()]
    rows = []
    print(f"{'t':>5} {'kept':>6} {'P':>6} {'R':>6} {'F1':>6} {'F0.5':>6}")
    for step in range(1, 20):
        t = step / 20
        sysf = os.path.join(tmp, f"sys{step}.jsonl")
        kept = 0
        with open(sysf, "w") as f:
            for a in articles:
                b = dict(a)
                b["quotes"] = [q for q in a.get("quotes", []) if (q.get("confidence") or 0) >= t]
                kept += len(b["quotes"])
                f.write(json.dumps(b) + "\n")
        res = os.path.join(tmp, f"res{step}.json")
        subprocess.run([sys.executable, os.path.join(tools, "score_attribution.py"), gold, sysf,
                        "--json-out", res], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        e2e = json.load(open(res))["e2e_all_0.3"]
        p, r = e2e["P"], e2e["R"]
        f05 = 1.25 * p * r / (0.25 * p + r) if p + r else 0.0
        print(f"{t:5.2f} {kept:6d} {p:6.3f} {r:6.3f} {e2e['F1']:6.3f} {f05:6.3f}")
        rows.append((t, f05))
    top = max(f for _, f in rows)
    chosen = max(t for t, f in rows if f >= top - 0.005)
    print(f"best F0.5 {top:.3f}; chosen threshold {chosen:.2f} (highest within 0.005 of the best)")
