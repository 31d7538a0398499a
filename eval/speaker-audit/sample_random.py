#!/usr/bin/env python3
"""Draw speaker-labelled paragraphs at random for a label audit, not from queries.

Usage: sample_random.py WHOSAID INDEX SEED N > ids.tsv

Every paragraph of `whosaid export` (all paragraphs of the index) that has at least one speaker
label is a candidate; candidates are sorted by id (section/file.txt#paragraph) so the draw does not
depend on export order, and N are drawn with random.Random(SEED). Only ids are printed, never text
or labels, so the draw is fixed before anything is read.
"""
import json
import random
import subprocess
import sys


def main():
    binary, index, seed, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    out = subprocess.run([binary, "export", "--index", index, "--format", "jsonl", "--quiet"],
                         check=True, capture_output=True, text=True).stdout
    ids = []
    for line in out.splitlines():
        row = json.loads(line)
        if row["speakers"]:
            article = "/".join(row["article_id"].split("/")[-2:])
            ids.append(f"{article}#{row['paragraph']}")
    ids.sort()
    print(f"# {n} of {len(ids)} speaker-labelled paragraphs, drawn with random.Random({seed})")
    for pid in sorted(random.Random(seed).sample(ids, n)):
        print(pid)


if __name__ == "__main__":
    main()
