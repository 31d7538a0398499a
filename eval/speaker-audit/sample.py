#!/usr/bin/env python3
"""Draw speaker queries for a label audit with a fixed seed, before any label is read.

Usage: sample.py WHOSAID INDEX SEED PER_SECTION [EXCLUDE.tsv ...] > queries-N.tsv

People are the person speakers among `whosaid stats --json --top 300`; each is placed in the BBC
section (the folder of the article) where most of their speaker paragraphs are, so every section
gets PER_SECTION people. Names of earlier query files are left out so the audit reads new people.
The topic is one word drawn from a small per-section list fixed here (broad words, so a speaker
query with it usually has hits); only hit paths are read here, never a label.
"""
import collections
import json
import random
import subprocess
import sys

TOPICS = {
    "politics": ["election", "government", "party", "plans"],
    "business": ["market", "company", "profits", "economy"],
    "sport": ["game", "season", "win", "team"],
    "entertainment": ["film", "show", "music", "award"],
    "tech": ["people", "technology", "users", "mobile"],
}


def whosaid(binary, index, *args):
    """Runs whosaid with --json and returns the parsed answer."""
    out = subprocess.run([binary, *args, "--index", index, "--json"], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def main():
    binary, index, seed, per = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    excluded = set()
    for path in sys.argv[5:]:
        for line in open(path, encoding="utf-8"):
            if line.strip() and not line.startswith("#"):
                excluded.add(line.split("\t")[0].strip().lower())
    everything = whosaid(binary, index, "stats", "--top", "100000")
    kinds = {a["name"]: a["kind"] for a in everything["actors"]}
    top = whosaid(binary, index, "stats", "--top", "300")["speakers"]
    people = [s["name"] for s in top
              if kinds.get(s["name"]) == "person" and s["name"].lower() not in excluded]
    by_section = collections.defaultdict(list)
    for name in people:
        hits = whosaid(binary, index, "query", "--speaker", name, "--limit", "10000")["hits"]
        sections = collections.Counter(h["article_id"].split("/")[-2] for h in hits)
        if sections:
            by_section[sections.most_common(1)[0][0]].append(name)
    rng = random.Random(seed)
    print(f"# drawn by sample.py with seed {seed}, {per} people per section")
    print("# speaker\ttopic (may be empty)\tsection")
    for section in sorted(TOPICS):
        names = sorted(by_section[section])
        for name in rng.sample(names, min(per, len(names))):
            print(f"{name}\t{rng.choice(TOPICS[section])}\t{section}")


if __name__ == "__main__":
    main()
