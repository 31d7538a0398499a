#!/usr/bin/env python3
"""Join the parts of one quotation in `whosaid analyze --json` output, as PolNeAR annotates them.

Usage: python3 scripts/join_quotations.py IN_JSONL > OUT_JSONL

whosaid reports a quotation interrupted by its cue (`"A," he said. "B."`) or running over a paragraph
break as one quote per pair of marks and per paragraph, each carrying the quotation's cue. PolNeAR
annotates such a quotation as one attribution with discontinuous content spans, so a scorer that
matches single spans one-to-one counts every part after the first against us. This joins consecutive
direct quotes that share a cue span into one span from the first part's start to the last part's
end, which is what whosaid reported before it split quotations; eval.sh scores PolNeAR both ways.
"""
import json
import sys


def cue_key(q):
    cue = q.get("cue")
    if not q.get("direct") or not isinstance(cue, dict) or cue.get("start") is None:
        return None
    return (cue["start"], cue["end"])


def join(quotes):
    out = []
    for q in quotes:
        key = cue_key(q)
        if out and key is not None and cue_key(out[-1]) == key:
            out[-1] = dict(out[-1], end=max(out[-1]["end"], q["end"]))
            continue
        out.append(dict(q))
    return out


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            a = json.loads(line)
            quotes = sorted(a.get("quotes") or [], key=lambda q: q["start"])
            a["quotes"] = join(quotes)
            for q in a["quotes"]:
                q["text"] = a["text"][q["start"]:q["end"]]
            print(json.dumps(a, ensure_ascii=False))


if __name__ == "__main__":
    main()
