#!/usr/bin/env python3
"""Build the scorer's gold JSONL for the BBC quote set from gold.tsv and the BBC files in ../shared.

Usage:
    python3 eval/bbc-quotes/build_gold.py BBC_DIR OUT_DIR

Writes OUT_DIR/gold.jsonl in the shape ../shared/tools/score_attribution.py reads as "GGT" gold
({"id", "path", "quotes": [{"start", "end", "direct", "reference"}]}) and a copy of every article as
OUT_DIR/text/<section>-<file>.txt. The copies exist because the scorer matches articles by file
*basename* and BBC sections reuse names (business/154.txt, tech/154.txt), and because the scorer reads
UTF-8 only: a file that is not UTF-8 is decoded as Windows-1252 (as `whosaid --encoding windows-1252`
does) and written as UTF-8, so code-point offsets are the same. Run whosaid on OUT_DIR/text/*.txt.

Every span is checked against the text before anything is written; a span that is out of range,
does not start at a quotation mark or a word start, or does not end at a quotation mark, a word end or
a closing punctuation mark, or a direct quote not opening with a quotation mark, is reported and the
script exits 1 (the corpus file changed, or the table is wrong). Exit 0 prints a one-line summary.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OPEN_MARKS = "\"'“‘„«"


def read_text(path):
    """The article as whosaid reads it: UTF-8, else Windows-1252."""
    raw = open(path, "rb").read()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def load_rows(tsv):
    rows = []
    with open(tsv, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.startswith("#") or not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 5:
                raise SystemExit(f"{tsv}:{n}: expected 5 tab-separated fields, got {len(parts)}")
            rows.append((n, *parts))
    return rows


def span_problem(text, start, end, kind):
    """None when [start, end) is a well-formed quote span of this kind, else the reason."""
    if not 0 <= start < end <= len(text):
        return f"span {start}-{end} outside the text ({len(text)} characters)"
    first, last = text[start], text[end - 1]
    word_start = not first.isspace() and (start == 0 or not text[start - 1].isalnum())
    if kind == "D" and first not in OPEN_MARKS:
        return f"direct quote does not open with a quotation mark: {first!r}"
    if not (first in OPEN_MARKS or word_start):
        return f"span does not start at a quotation mark or a word start: {first!r}"
    cut_word = last.isalnum() and end < len(text) and text[end].isalnum()
    if last.isspace() or last in "“‘„«" or cut_word:
        return f"span does not end at a quotation mark, punctuation or a word end: {last!r}"
    return None


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__.split("\n\n")[1])
    bbc, out = sys.argv[1], sys.argv[2]
    rows = load_rows(os.path.join(HERE, "gold.tsv"))
    arts = {}
    for n, art, s, e, kind, spk in rows:
        arts.setdefault(art, [])
        if kind == "none":
            continue
        if kind not in ("D", "R"):
            raise SystemExit(f"gold.tsv:{n}: kind must be D, R or none, not {kind!r}")
        arts[art].append((n, int(s), int(e), kind, spk))
    os.makedirs(os.path.join(out, "text"), exist_ok=True)
    bad, nq, nd = 0, 0, 0
    lines = []
    for art in sorted(arts):
        src = os.path.join(bbc, art)
        if not os.path.isfile(src):
            print(f"build_gold: {src}: not found", file=sys.stderr)
            bad += 1
            continue
        text = read_text(src)
        name = art.replace("/", "-")
        dst = os.path.join(out, "text", name)
        with open(dst, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        quotes = []
        for n, s, e, kind, spk in arts[art]:
            why = span_problem(text, s, e, kind)
            if why:
                print(f"build_gold: gold.tsv:{n}: {art}: {why}", file=sys.stderr)
                bad += 1
                continue
            quotes.append({"start": s, "end": e, "direct": kind == "D", "reference": spk})
            nq += 1
            nd += kind == "D"
        lines.append(json.dumps({"id": name[:-4], "path": os.path.abspath(dst), "source": art,
                                 "quotes": quotes}, ensure_ascii=False))
    if bad:
        raise SystemExit(f"build_gold: {bad} problem(s); gold not written")
    with open(os.path.join(out, "gold.jsonl"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"build_gold: {len(lines)} articles, {nq} quotes ({nd} direct, {nq - nd} reported)")


if __name__ == "__main__":
    main()
