#!/usr/bin/env python3
"""Score who-said-what ranking on the judged BBC queries (eval/who-said-what).

Usage: scripts/eval_wsw.py BIN [--shared DIR] [--index DIR] [--json OUT] [--check]

Ingests ../shared/corpora/bbc into a temporary index (unless --index names one that
holds it), runs every judged (speaker, topic) query three ways and prints nDCG@10:

  speaker  whosaid query TOPIC --speaker "FULL NAME"   (the mode the held-out set uses)
  plain    whosaid query "SURNAME TOPIC"
  bm25     a plain BM25 over paragraph text (lower-case words, k1 0.9, b 0.4, no
           stemming), the baseline score_ir.py describes, on the words "SURNAME TOPIC"

nDCG@10 is trec_eval's: gain = grade (0, 1, 2), log2 discount, the ideal ranking built
from every judged paragraph of the query; an unjudged paragraph counts as 0; a query with
no paragraph graded above 0 is left out of the mean (trec_eval's convention).

Paragraph ids are "section/file.txt#N", N being whosaid's 0-based paragraph index. The
BBC corpus repeats 98 articles under two file names; both names of a repeated text are
mapped to the one that sorts first, so a judgement holds whichever copy the index keeps.

--check exits 1 when the speaker-mode figure falls below the floor named
`wsw.speaker.ndcg10` in scripts/eval-floors.txt. Standard library only.
"""
import argparse
import collections
import hashlib
import json
import math
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "eval", "who-said-what")
WORD = re.compile(r"[a-z0-9]+")


def read_queries():
    queries = []
    for line in open(os.path.join(DATA, "queries.tsv"), encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        qid, speaker, topic = line.rstrip("\n").split("\t")
        queries.append((qid, speaker, topic))
    return queries


def read_qrels():
    qrels = collections.defaultdict(dict)
    for line in open(os.path.join(DATA, "qrels.tsv"), encoding="utf-8"):
        qid, _, doc, grade = line.split()
        qrels[qid][doc] = int(grade)
    return qrels


def bbc_articles(bbc):
    """(relative path, text) of every BBC article, read as whosaid reads them."""
    for section in sorted(os.listdir(bbc)):
        folder = os.path.join(bbc, section)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            raw = open(os.path.join(folder, name), "rb").read()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("windows-1252")
            yield f"{section}/{name}", text


def canonical_names(bbc):
    """Map each article path to the first path (in sort order) with the same text."""
    first, canon = {}, {}
    for rel, text in bbc_articles(bbc):
        key = hashlib.sha1(text.encode()).hexdigest()
        canon[rel] = first.setdefault(key, rel)
    return canon


def ndcg10(ranked, judged):
    ideal = sorted((g for g in judged.values() if g > 0), reverse=True)[:10]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    if idcg == 0:
        return None
    dcg = sum(judged.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranked[:10]))
    return dcg / idcg


def run_query(binary, index, args, canon, bbc_root):
    out = subprocess.run(
        [binary, "query", *args, "--index", index, "--json", "--limit", "10"],
        capture_output=True, text=True, check=False)
    if out.returncode != 0:
        sys.exit(f"eval_wsw: query {args} failed: {out.stderr.strip()}")
    ranked = []
    for hit in json.loads(out.stdout)["hits"]:
        rel = os.path.relpath(hit["article_id"], bbc_root)
        ranked.append(f"{canon.get(rel, rel)}#{hit['paragraph']}")
    return ranked


class Bm25:
    """BM25 over whosaid's paragraphs (from `analyze --json`)."""

    def __init__(self, binary, bbc, canon):
        out = subprocess.run([binary, "analyze", bbc, "--json", "--encoding", "windows-1252"],
                             capture_output=True, text=True, check=False)
        self.ids, docs, seen = [], [], set()
        for line in out.stdout.splitlines():
            art = json.loads(line)
            rel = os.path.relpath(os.path.realpath(art["id"]), os.path.realpath(bbc))
            if rel not in canon or canon[rel] in seen:
                continue
            seen.add(canon[rel])
            for p in art["paragraphs"]:
                self.ids.append(f"{canon[rel]}#{p['index']}")
                docs.append(WORD.findall(art["text"][p["start"]:p["end"]].lower()))
        self.tfs = [collections.Counter(d) for d in docs]
        self.lens = [len(d) for d in docs]
        self.avg = sum(self.lens) / max(1, len(docs))
        self.df = collections.Counter(w for tf in self.tfs for w in tf)

    def search(self, text, k1=0.9, b=0.4):
        words, n = WORD.findall(text.lower()), len(self.tfs)
        scored = []
        for i, tf in enumerate(self.tfs):
            s = 0.0
            for w in words:
                f = tf.get(w)
                if f:
                    idf = math.log(1 + (n - self.df[w] + 0.5) / (self.df[w] + 0.5))
                    s += idf * f * (k1 + 1) / (f + k1 * (1 - b + b * self.lens[i] / self.avg))
            if s > 0:
                scored.append((-s, self.ids[i]))
        scored.sort()
        return [d for _, d in scored[:10]]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary")
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--index")
    ap.add_argument("--json")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    bbc = os.path.join(args.shared, "corpora", "bbc")
    if not os.path.isdir(bbc):
        msg = f"eval_wsw: {bbc} not found"
        if os.environ.get("CI"):
            sys.exit(msg)
        print(msg + "; skipping")
        return
    bbc_root = os.path.realpath(bbc)
    canon = canonical_names(bbc)
    queries, qrels = read_queries(), read_qrels()
    qrels = {q: {f"{canon.get(d.split('#')[0], d.split('#')[0])}#{d.split('#')[1]}": g
                 for d, g in judged.items()} for q, judged in qrels.items()}
    with tempfile.TemporaryDirectory() as tmp:
        index = args.index or os.path.join(tmp, "index")
        if not args.index:
            subprocess.run([args.binary, "ingest", bbc, "--index", index, "--encoding",
                            "windows-1252", "-q"], check=True)
        bm25 = Bm25(args.binary, bbc, canon)
        modes = {"speaker": [], "plain": [], "bm25": []}
        per_query = {}
        for qid, speaker, topic in queries:
            surname = speaker.split()[-1]
            runs = {
                "speaker": run_query(args.binary, index, [topic, "--speaker", speaker], canon,
                                     bbc_root),
                "plain": run_query(args.binary, index, [f"{surname} {topic}"], canon, bbc_root),
                "bm25": bm25.search(f"{surname} {topic}"),
            }
            per_query[qid] = {}
            for mode, ranked in runs.items():
                score = ndcg10(ranked, qrels.get(qid, {}))
                per_query[qid][mode] = score
                if score is not None:
                    modes[mode].append(score)
    figures = {f"wsw.{m}.ndcg10": sum(v) / len(v) for m, v in modes.items() if v}
    n = len(modes["speaker"])
    for name, value in figures.items():
        print(f"{name:<20} {value:.3f}   ({n} queries with a relevant paragraph)")
    if args.json:
        json.dump({"figures": figures, "per_query": per_query}, open(args.json, "w"), indent=1)
    if args.check:
        floors = {}
        for line in open(os.path.join(ROOT, "scripts", "eval-floors.txt")):
            line = line.split("#", 1)[0].split()
            if len(line) == 2:
                floors[line[0]] = float(line[1])
        floor = floors.get("wsw.speaker.ndcg10")
        if floor is None or figures.get("wsw.speaker.ndcg10", 0) < floor:
            sys.exit(f"FLOOR BROKEN: wsw.speaker.ndcg10 = {figures.get('wsw.speaker.ndcg10')} "
                     f"< {floor}")
        print("who-said-what figure at or above its floor")


if __name__ == "__main__":
    main()
