#!/usr/bin/env python3
"""List quote-attribution errors of `whosaid analyze --json` against a PolNeAR gold, by category.

Usage:
    python3 scripts/quote_diff.py GOLD_JSONL SYSTEM_JSONL [--subset direct|all] [--thr 0.8]
                                  [--only fp|fn|src|partial] [--limit N] [--shared DIR]

Uses the shared scorer's own matching (../shared/tools/score_attribution.py, imported), so every
line printed is one the scorer counts against us:
  FN       gold quote with no system quote at the threshold; "partial" when some system quote of the
           subset overlaps it below the threshold (a boundary error), "missed" when none does
  FP       system quote matched to no gold quote ("scare" when it has no cue)
  SRC      matched pair whose source is wrong (gold source text vs ours)
Each line shows the article, the gold/system span texts (shortened) and cue/source; against a gold
that names speakers (eval/bbc-quotes, built by build_gold.py) "=NAME" gives the gold and system
speaker names. For error
analysis on the train split only; the dev split is for reporting.
"""
import argparse
import collections
import os
import sys


def short(s, n=160):
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n // 2 - 2] + " … " + s[-(n // 2 - 2):]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gold")
    ap.add_argument("system")
    ap.add_argument("--subset", default="direct", choices=["direct", "all"])
    ap.add_argument("--thr", type=float, default=0.8)
    ap.add_argument("--only", choices=["fp", "fn", "src", "partial", "missed"])
    ap.add_argument("--limit", type=int, default=0)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--shared", default=os.path.join(root, "..", "shared"))
    args = ap.parse_args()
    sys.path.insert(0, os.path.join(args.shared, "tools"))
    import score_attribution as sa  # noqa: E402  (the shared scorer, not a package)

    kind, arts = sa.load_gold(args.gold)
    system = sa.load_system(args.system)
    counts = collections.Counter()
    lines = []
    for a in arts:
        text = a["text"]
        tok = sa.Tokens(text)
        sq = sa.sys_quotes(system.get(a["key"], {}))
        raw = (system.get(a["key"], {}) or {}).get("quotes") or []
        direct = args.subset == "direct"
        golds = [g for g in a["items"] if not direct or g["direct"]]
        idx = [i for i, s in enumerate(sq) if not direct or s["direct"]]
        syss = [sq[i] for i in idx]
        pairs = sa.match(kind, tok, golds, syss, args.thr)
        mg = {p[0] for p in pairs}
        ms = {p[1] for p in pairs}
        name = a["key"][:40]

        def gtext(g):
            return " | ".join(text[s:e] for s, e in g["spans"])

        def gsrc(g):
            # A gold that names its speaker (the BBC set) shows the name, a PolNeAR gold its span.
            if g["ref"] is not None:
                return "=" + (g["ref"] or "-")
            return " | ".join(text[s:e] for s, e in g["src"]) if g["src"] else "-"

        def sdesc(si):
            q = raw[idx[si]]
            src = (q.get("source") or {}).get("text") or "-"
            cue = (q.get("cue") or {}).get("text") or "-"
            if kind == "ggt":
                src = f"{src} ={q.get('speaker') or '-'}"
            return src, cue

        for gi, g in enumerate(golds):
            if gi in mg:
                continue
            best = max(((sa.overlap_score(tok, g, s["span"]), si) for si, s in enumerate(syss)),
                       default=(0, None))
            cat = "partial" if best[0] > 0 else "missed"
            counts["fn_" + cat] += 1
            extra = ""
            if best[1] is not None and best[0] > 0:
                s = syss[best[1]]
                extra = f"\n      sys({best[0]:.2f}): {short(text[s['span'][0]:s['span'][1]])}"
            lines.append((cat, f"FN-{cat} {name}: [{gsrc(g)}] {short(gtext(g))}{extra}"))
        for si, s in enumerate(syss):
            if si in ms:
                continue
            src, cue = sdesc(si)
            cat = "fp_scare" if cue == "-" else "fp_cued"
            counts[cat] += 1
            lines.append(("fp", f"FP {name}: [{src} / {cue}] {short(text[s['span'][0]:s['span'][1]])}"))
        for gi, si, ok in pairs:
            if ok:
                continue
            g = golds[gi]
            src, cue = sdesc(si)
            cat = "src_none" if src.startswith("-") else (
                "src_nogold" if g["src"] is None and g["ref"] is None else "src_wrong")
            counts[cat] += 1
            lines.append(("src", f"SRC {name}: gold [{gsrc(g)}] ours [{src} / {cue}] "
                                 f"{short(gtext(g), 100)}"))
    n = 0
    for cat, line in lines:
        if args.only and not (cat == args.only or (args.only == "fn" and cat in ("partial", "missed"))):
            continue
        print(line)
        n += 1
        if args.limit and n >= args.limit:
            break
    print("\n" + ", ".join(f"{k}={v}" for k, v in sorted(counts.items())), file=sys.stderr)


if __name__ == "__main__":
    main()
