#!/usr/bin/env python3
"""Print the BBC articles of the quote-attribution gold set: 12 per section, drawn at random.

Usage: python3 eval/bbc-quotes/sample.py [BBC_DIR] [--per-section N]

Method: for each section in alphabetical order (business, entertainment, politics, sport, tech),
list its *.txt files sorted by name, and draw N of them without replacement with
random.Random(SEED + section index).sample. Nothing is skipped: an article that is hard to read or
has no quotes stays in. Paths are printed relative to BBC_DIR (default ../shared/corpora/bbc from
the repository root), one per line, sorted within each section.
"""
import os
import random
import sys

SEED = 20261129
SECTIONS = ("business", "entertainment", "politics", "sport", "tech")


def sample(bbc_dir, per_section=12):
    """[section/file.txt, ...]: per_section files per section, drawn with the fixed seed."""
    out = []
    for i, section in enumerate(SECTIONS):
        files = sorted(f for f in os.listdir(os.path.join(bbc_dir, section)) if f.endswith(".txt"))
        picked = random.Random(SEED + i).sample(files, per_section)
        out.extend(f"{section}/{f}" for f in sorted(picked))
    return out


def main():
    args = sys.argv[1:]
    per = 12
    if "--per-section" in args:
        k = args.index("--per-section")
        per = int(args[k + 1])
        del args[k:k + 2]
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    bbc = args[0] if args else os.path.join(root, "..", "shared", "corpora", "bbc")
    for p in sample(bbc, per):
        print(p)


if __name__ == "__main__":
    main()
