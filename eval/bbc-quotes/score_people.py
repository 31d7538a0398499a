#!/usr/bin/env python3
"""Score the people whosaid finds per article against eval/bbc-quotes/people.tsv.

Usage:
    python3 eval/bbc-quotes/score_people.py SYSTEM_JSONL --tools DIR [--json-out FILE] [--verbose]

SYSTEM_JSONL is `whosaid analyze --json` run on the copies build_gold.py writes (named
<section>-<file>.txt); articles are matched by that basename. DIR is ../shared/tools: names are
compared with score_attribution.py's own rule (names_match: accents, case, titles and possessives
ignored; equal token lists, or the same surname with one name's tokens a subset of the other's), so
"Mr Blair" finds "Tony Blair" but "Jordan Smith" does not find "Darian Smith".

Per article, the gold set is the people.tsv names and the system set the "name" of every entity of
kind "person", each de-duplicated by normalised name; they are matched one to one (equal names
first, then names_match). Printed: micro-averaged precision, recall and F1 over all articles, and the
macro-averaged F1 (mean of per-article F1; an article where both sets are empty counts as 1).
With --verbose, each article's misses (gold people not found) and false people (system people
matching no gold name) are listed first, to group errors by cause.
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def load_gold(path):
    gold = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            art, _, name = line.rstrip("\n").partition("\t")
            key = os.path.splitext(art.replace("/", "-"))[0]
            gold.setdefault(key, [])
            if name.strip():
                gold[key].append(name.strip())
    return gold


def dedupe(names, tokens):
    seen, out = set(), []
    for n in names:
        key = tuple(tokens(n))
        if key and key not in seen:
            seen.add(key)
            out.append(n)
    return out


def match(sys_names, gold_names, tokens, names_match):
    """Matches one to one; returns (matched count, unmatched system names, unmatched gold names)."""
    free = list(gold_names)
    left = []
    tp = 0
    for s in sys_names:
        hit = next((g for g in free if tokens(g) == tokens(s)), None)
        if hit is None:
            left.append(s)
        else:
            free.remove(hit)
            tp += 1
    false = []
    for s in left:
        hit = next((g for g in free if names_match(s, g)), None)
        if hit is not None:
            free.remove(hit)
            tp += 1
        else:
            false.append(s)
    return tp, false, free


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("system")
    ap.add_argument("--tools", required=True)
    ap.add_argument("--json-out")
    ap.add_argument("--verbose", action="store_true",
                    help="list each article's missed and false people")
    args = ap.parse_args()
    sys.path.insert(0, args.tools)
    from score_attribution import name_tokens, names_match  # the attribution scorer's name rule

    gold = load_gold(os.path.join(HERE, "people.tsv"))
    system = {}
    with open(args.system, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                a = json.loads(line)
                system[os.path.basename(a.get("path") or "")[:-4]] = a
    tp = ns = ng = 0
    per_f1 = []
    missing = 0
    for art, names in sorted(gold.items()):
        a = system.get(art)
        if a is None:
            missing += 1
        g = dedupe(names, name_tokens)
        s = dedupe([e.get("name", "") for e in (a or {}).get("entities") or []
                    if e.get("kind") == "person"], name_tokens)
        t, false, missed = match(s, g, name_tokens, names_match)
        if args.verbose and (false or missed):
            print(f"{art}: missed {missed}; false {false}")
        tp, ns, ng = tp + t, ns + len(s), ng + len(g)
        if not s and not g:
            per_f1.append(1.0)
        else:
            per_f1.append(2 * t / (len(s) + len(g)))
    p = tp / ns if ns else 0.0
    r = tp / ng if ng else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    macro = sum(per_f1) / len(per_f1) if per_f1 else 0.0
    if missing:
        print(f"warning: {missing} article(s) have no system output (scored as no people)",
              file=sys.stderr)
    print(f"people per article: {len(gold)} articles, gold {ng}, system {ns}, matched {tp}")
    print(f"people micro: P={p:.3f} R={r:.3f} F1={f:.3f}; macro F1={macro:.3f}")
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as out:
            json.dump({"articles": len(gold), "gold": ng, "system": ns, "tp": tp,
                       "P": p, "R": r, "F1": f, "macro_F1": macro}, out, indent=1)


if __name__ == "__main__":
    main()
