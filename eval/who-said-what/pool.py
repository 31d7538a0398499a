#!/usr/bin/env python3
"""Pool candidate paragraphs for the who-said-what judgements (four methods, top 10 each)."""
import json, math, re, subprocess, sys, collections, hashlib

BIN, INDEX, ANALYZE, QUERIES, OUT = sys.argv[1:6]
WORD = re.compile(r"[a-z0-9]+")
SPEECH = re.compile(r"\b(said|says|say|told|tells|added|adds|warned|warns|insisted|argued|claimed|claims|according to|stated|urged|called for|admitted|declared|announced)\b")

paras = []  # (canonical article path, paragraph index, text)
seen_hash = {}
for line in open(ANALYZE, encoding="utf-8"):
    a = json.loads(line)
    p = a["path"].split("corpora/bbc/")[-1]
    if "/" not in p:
        continue
    h = hashlib.sha1(a["text"].encode()).hexdigest()
    if h in seen_hash:
        continue
    seen_hash[h] = p
    for para in a["paragraphs"]:
        paras.append((p, para["index"], a["text"][para["start"]:para["end"]], a["title"] or ""))

docs = [WORD.findall(t.lower()) for _, _, t, _ in paras]
N = len(docs)
avg = sum(map(len, docs)) / N
df = collections.Counter(w for d in docs for w in set(d))
tfs = [collections.Counter(d) for d in docs]

def bm25(words, k1=0.9, b=0.4):
    scores = []
    for i, tf in enumerate(tfs):
        s = 0.0
        for w in words:
            if w in tf:
                idf = math.log(1 + (N - df[w] + 0.5) / (df[w] + 0.5))
                s += idf * tf[w] * (k1 + 1) / (tf[w] + k1 * (1 - b + b * len(docs[i]) / avg))
        if s > 0:
            scores.append((s, i))
    scores.sort(reverse=True)
    return [i for _, i in scores]

index_of = {(p, n): i for i, (p, n, _, _) in enumerate(paras)}
by_text = {}
for i, (p, n, t, _) in enumerate(paras):
    by_text.setdefault(t, i)

def whosaid(args):
    out = subprocess.run([BIN, "query", *args, "--index", INDEX, "--json", "--limit", "10"], capture_output=True, text=True)
    if out.returncode != 0:
        print("query failed", args, out.stderr, file=sys.stderr)
        return []
    res = []
    for h in json.loads(out.stdout)["hits"]:
        i = by_text.get(h["text"])
        if i is not None:
            res.append(i)
    return res

pool = {}
for line in open(QUERIES):
    if line.startswith("#") or not line.strip():
        continue
    qid, speaker, topic = line.rstrip("\n").split("\t")
    surname = speaker.split()[-1]
    tw = WORD.findall(topic.lower())
    cands = []
    cands += bm25(WORD.findall(surname.lower()) + tw)[:10]
    cands += whosaid([f"{surname} {topic}"])
    cands += whosaid([topic, "--speaker", speaker])
    sv = []
    for i in bm25(tw):
        t = paras[i][2]
        if SPEECH.search(t) and (surname in t or re.search(r"\b(he|she)\b", t)):
            art = paras[i][0]
            # the surname must appear somewhere in the article
            if any(surname in paras[j][2] or surname in paras[j][3] for j in range(max(0, i - 40), min(N, i + 40)) if paras[j][0] == art):
                sv.append(i)
        if len(sv) >= 10:
            break
    cands += sv
    uniq = list(dict.fromkeys(cands))
    pool[qid] = {"speaker": speaker, "topic": topic, "cands": uniq}

with open(OUT, "w") as f:
    for qid, q in pool.items():
        f.write(f"### {qid}\t{q['speaker']}\t{q['topic']}\t{len(q['cands'])} candidates\n")
        for i in q["cands"]:
            p, n, t, title = paras[i]
            prev = ""
            if (p, n - 1) in index_of:
                prev = paras[index_of[(p, n - 1)]][2][-200:]
            f.write(f"@ {p}\t{n}\t[{title}]\n  (prev: …{prev})\n  {t}\n")
        f.write("\n")
print(sum(len(q["cands"]) for q in pool.values()), "candidates")
