#!/usr/bin/env python3
"""Candidate duplicate actors in `whosaid stats --json --top N`: pairs of listed names that may
name one person, organisation or country (issue 10: no actor listed twice).

Usage: whosaid stats --json --top 300 --index IDX | python3 scripts/name_dups.py [--speakers]
       whosaid stats --json --top 3000 --index IDX | python3 scripts/name_dups.py --per-kind 300
(--per-kind N: the first N actors of each kind, compared across kinds.)

Rules (each pair is printed with the rules that found it; a reader judges them):
  same      equal after folding (case, accents, punctuation), a leading "the", a possessive 's,
            a company suffix (Ltd, plc, Inc, Corp, Group) and hyphens
  alias     both names are one group of lexicon/aliases.txt, place_aliases.txt, countries.txt,
            demonyms.txt or demonym_aliases.txt
  subset    the words of one are a subset of the other's (persons: the same last word)
  acronym   one is the initials of the other's words (with or without "of", "and", "the", "for")
  edit      one or two letters apart (names of 6 letters or more)
Also lists names with a kind a reader would doubt (a one-word person name that is a place or
a club of the lexicon) under "kind?".
"""

import argparse
import json
import os
import re
import sys
import unicodedata

LEX = os.path.join(os.path.dirname(__file__), "..", "src", "analysis", "lexicon")
SUFFIXES = {"ltd", "plc", "inc", "corp", "corporation", "group", "co", "llc", "sa", "ag"}
SMALL = {"of", "and", "the", "for", "de", "du", "&"}


def fold(name):
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"'s\b", "", s)
    return re.findall(r"[a-z0-9]+", s)


def norm(name):
    w = fold(name)
    if w and w[0] == "the":
        w = w[1:]
    while len(w) > 1 and w[-1] in SUFFIXES:
        w = w[:-1]
    return "".join(w)


def lexicon_groups():
    """Folded name -> group id from the lexicon's alias files."""
    group = {}

    def join(a, b):
        ka, kb = " ".join(fold(a)), " ".join(fold(b))
        g = group.get(kb) or group.get(ka) or kb
        group[ka] = group[kb] = g

    def lines(name):
        try:
            with open(os.path.join(LEX, name), encoding="utf-8") as f:
                for line in f:
                    if line.strip() and not line.startswith("#"):
                        yield line.rstrip("\n")
        except FileNotFoundError:
            return

    for line in lines("aliases.txt"):
        parts = [p.strip() for p in line.split("|")]
        for alias in parts[2:]:
            join(alias, parts[1])
    for f in ("countries.txt", "place_aliases.txt", "demonyms.txt", "demonym_aliases.txt"):
        for line in lines(f):
            if "\t" in line:
                a, c = line.split("\t", 1)
                join(a, c.strip())
    return group


def words_set(name):
    return [w for w in fold(name) if w != "the"]


def acronym(short, long):
    s = "".join(fold(short))
    if len(fold(short)) != 1 or not (2 <= len(s) <= 6):
        return False
    w = fold(long)
    if len(w) < 2:
        return False
    full = "".join(x[0] for x in w)
    content = "".join(x[0] for x in w if x not in SMALL)
    return s in (full, content)


def edit_distance(a, b, cap=3):
    if abs(len(a) - len(b)) >= cap:
        return cap
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def rules(a, b, groups):
    out = []
    if norm(a["name"]) == norm(b["name"]):
        out.append("same")
    ga, gb = groups.get(" ".join(fold(a["name"]))), groups.get(" ".join(fold(b["name"])))
    if ga and ga == gb:
        out.append("alias")
    wa, wb = words_set(a["name"]), words_set(b["name"])
    short, long = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if short and len(short) < len(long) and set(short) <= set(long):
        persons = a.get("kind", "person") == "person" and b.get("kind", "person") == "person"
        if not persons or short[-1] == long[-1]:
            out.append("subset")
    if acronym(a["name"], b["name"]) or acronym(b["name"], a["name"]):
        out.append("acronym")
    na, nb = norm(a["name"]), norm(b["name"])
    if na != nb and min(len(na), len(nb)) >= 6 and edit_distance(na, nb) <= 2:
        out.append("edit")
    return out


def one_word_set(name):
    try:
        with open(os.path.join(LEX, name), encoding="utf-8") as f:
            return {
                line.split("\t")[0].strip()
                for line in f
                if line.strip() and not line.startswith("#")
            }
    except FileNotFoundError:
        return set()


def main():
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1],
    )
    ap.add_argument("--per-kind", type=int, metavar="N", help="the first N actors of each kind")
    ap.add_argument("--speakers", action="store_true", help="compare the speaker list too")
    args = ap.parse_args()
    try:
        data = json.load(sys.stdin)
    except json.JSONDecodeError as e:
        sys.exit(f"name_dups.py: stdin is not the JSON of `whosaid stats --json` ({e})")
    groups = lexicon_groups()
    actors = data.get("actors", [])
    if args.per_kind is not None:
        n = args.per_kind
        seen = {}
        keep = []
        for a in actors:
            seen[a["kind"]] = seen.get(a["kind"], 0) + 1
            if seen[a["kind"]] <= n:
                keep.append(a)
        actors = keep
    lists = [("actors", actors)]
    if args.speakers:
        lists.append(("speakers", data.get("speakers", [])))
    pairs = 0
    for label, items in lists:
        for i, a in enumerate(items):
            for b in items[i + 1 :]:
                r = rules(a, b, groups)
                if r:
                    pairs += 1
                    print(
                        f"{label}\t{','.join(r)}\t{a['name']} ({a.get('kind', 's')}, {a['count']})"
                        f"\t{b['name']} ({b.get('kind', 's')}, {b['count']})"
                    )
    places = one_word_set("places.txt") | one_word_set("countries.txt")
    clubs = one_word_set("clubs.txt")
    doubt = 0
    for a in actors:
        if a["kind"] == "person" and " " not in a["name"]:
            why = "place" if a["name"] in places else "club" if a["name"] in clubs else "one word"
            doubt += 1
            print(f"kind?\t{why}\t{a['name']} (person, {a['count']})")
    print(f"# {pairs} candidate pairs, {doubt} one-word persons", file=sys.stderr)


if __name__ == "__main__":
    main()
