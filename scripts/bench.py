#!/usr/bin/env python3
"""Driver of scripts/bench.sh (python3 standard library only): runs every engine on the same
files, one after the other in one run, and prints the figures and their ratios.

    python3 scripts/bench.py --root REPO --shared ../shared --work /tmp/whosaid-bench [N...]
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

MB = 1_000_000.0


def log(msg):
    print(f"-- {msg}", file=sys.stderr, flush=True)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw)


def result_line(out):
    for line in reversed(out.splitlines()):
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    raise RuntimeError("no RESULT line in:\n" + out[-2000:])


def timed(cmd, **kw):
    """Run under GNU time -v: (stdout, wall seconds, peak RSS bytes)."""
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, text=True, capture_output=True, **kw)
    if p.returncode not in (0, 3):
        raise RuntimeError(f"{cmd} failed ({p.returncode}):\n{p.stderr[-3000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1)) * 1024
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", p.stderr)
    wall = int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
    return p.stdout, wall, rss


def dir_size(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(root, f))
    return total


def median_seconds(cmd_str, runs, warmup=1):
    """Median wall time of a shell command: hyperfine when present, else a loop."""
    if shutil.which("hyperfine"):
        out = "/tmp/whosaid-bench-hf.json"
        # -N (no shell) for a plain command; pipelines need the shell.
        shell = [] if "|" in cmd_str or ">" in cmd_str else ["-N"]
        run(["hyperfine", *shell, "--warmup", str(warmup), "--runs", str(runs),
             "--export-json", out, cmd_str])
        with open(out) as fh:
            return json.load(fh)["results"][0]["median"]
    times = []
    for i in range(warmup + runs):
        t = time.perf_counter()
        subprocess.run(cmd_str, shell=True, check=True, stdout=subprocess.DEVNULL)
        if i >= warmup:
            times.append(time.perf_counter() - t)
    return statistics.median(times)


def shq(s):
    return "'" + s.replace("'", "'\\''") + "'"


def bench_n(n, a, bins, queries_file, queries):
    W = a.work
    corpus = os.path.join(W, f"corpus-{n}")
    manifest_path = os.path.join(corpus, "MANIFEST.json")
    manifest = None
    if os.path.exists(manifest_path):
        with open(manifest_path) as fh:
            manifest = json.load(fh)
    if not manifest or manifest.get("replicas") != n:
        log(f"N={n}: generating the corpus in {corpus}")
        run([sys.executable, os.path.join(a.shared, "bench", "make_corpus.py"), str(n), corpus])
        with open(manifest_path) as fh:
            manifest = json.load(fh)
    jsonl = os.path.join(corpus, "jsonl")
    text_bytes = manifest["paragraph_text_bytes"]
    r = {"n": n, "manifest": manifest}

    # ---- ingest, same files, one engine after the other
    raw_idx, fts_db, ws_idx = (os.path.join(W, f"{p}-{n}") for p in ("raw", "fts5", "ws"))
    shutil.rmtree(raw_idx, ignore_errors=True)
    shutil.rmtree(ws_idx, ignore_errors=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(fts_db + ".db" + suffix):
            os.remove(fts_db + ".db" + suffix)
    fts_db += ".db"

    log(f"N={n}: rawtantivy index")
    out, wall, rss = timed([bins["raw"], "index", "--index", raw_idx, jsonl])
    res = result_line(out)
    r["raw_ingest"] = {"seconds": wall, "rss": rss, "size": dir_size(raw_idx), "tool": res}
    log(f"N={n}: fts5 index")
    out, wall, rss = timed([sys.executable, os.path.join(a.shared, "bench", "fts5.py"), "index", "--db", fts_db, jsonl])
    res = result_line(out)
    r["fts5_ingest"] = {"seconds": wall, "rss": rss, "size": dir_size(fts_db), "tool": res}
    log(f"N={n}: whosaid ingest")
    out, wall, rss = timed([bins["ws"], "ingest", jsonl, "--index", ws_idx, "--quiet", "--json"])
    r["ws_ingest"] = {"seconds": wall, "rss": rss, "size": dir_size(ws_idx), "summary": json.loads(out.strip().splitlines()[-1])}
    for k in ("raw_ingest", "fts5_ingest", "ws_ingest"):
        r[k]["mb_per_s"] = text_bytes / MB / r[k]["seconds"]

    # ---- in-process queries
    rep = str(a.repeat)
    log(f"N={n}: in-process queries")
    r["raw_q"] = result_line(run([bins["raw"], "query", "--index", raw_idx, "--queries", queries_file, "--repeat", rep]).stdout)
    r["fts5_q"] = result_line(run([sys.executable, os.path.join(a.shared, "bench", "fts5.py"), "query", "--db", fts_db, "--queries", queries_file, "--repeat", rep]).stdout)
    qb = [bins["qb"], "--index", ws_idx, "--queries", queries_file, "--repeat", rep]
    r["ws_q"] = result_line(run(qb).stdout)
    r["ws_q_nosnip"] = result_line(run(qb + ["--no-snippets"]).stdout)
    r["ws_q_facets"] = result_line(run(qb + ["--facets"]).stdout)

    # ---- whole process: `whosaid query` against ripgrep over the text twin
    sample = queries[:: max(1, len(queries) // a.rg_sample)][: a.rg_sample]
    log(f"N={n}: whole-process query vs ripgrep over {len(sample)} queries")
    txt = os.path.join(corpus, "txt")
    ws_t, rg_t = [], []
    for q in sample:
        ws_t.append(median_seconds(f"{bins['ws']} query {shq(q)} --index {ws_idx} --limit 10", runs=10))
        terms = q.split()
        cmd = f"rg -i -l -0 -F -e {shq(terms[0])} {txt}"
        for t in terms[1:]:
            cmd += f" | xargs -0 -r rg -i -l -0 -F -e {shq(t)}"
        rg_t.append(median_seconds(cmd + " > /dev/null", runs=a.rg_runs))
    r["process"] = {"queries": sample, "ws_median": statistics.median(ws_t), "rg_median": statistics.median(rg_t),
                    "ws": ws_t, "rg": rg_t}

    # ---- one new article: time until a query in another process sees it
    log(f"N={n}: one new article")
    word = f"zqxbench{int(time.time() * 1000) % 10_000_000}"
    new = os.path.join(W, f"new-{n}.jsonl")
    with open(new, "w") as fh:
        fh.write(json.dumps({"id": f"bench-new-{word}", "title": f"Benchmark article {word}",
                             "text": f"The minister said the {word} plan was ready.\n\n\"We are done,\" she said.",
                             "date": "2024-01-01", "source": "Bench"}) + "\n")
    t0 = time.perf_counter()
    proc = subprocess.Popen([bins["ws"], "ingest", new, "--index", ws_idx, "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    visible = None
    while visible is None and time.perf_counter() - t0 < 120:
        q = subprocess.run([bins["ws"], "query", word, "--index", ws_idx, "--json"], capture_output=True, text=True)
        if q.returncode == 0 and json.loads(q.stdout)["total"] >= 1:
            visible = time.perf_counter() - t0
    proc.wait()
    r["new_article"] = {"visible_s": visible, "ingest_process_s": None}
    # the ingest process alone, for a second new article (no poller competing for the cores)
    new2 = new.replace(".jsonl", "-2.jsonl")
    with open(new2, "w") as fh:
        fh.write(json.dumps({"id": f"bench-new2-{word}", "title": "Second benchmark article",
                             "text": f"A second {word}x article.", "source": "Bench"}) + "\n")
    _, wall, _ = timed([bins["ws"], "ingest", new2, "--index", ws_idx, "--quiet"])
    r["new_article"]["ingest_process_s"] = wall

    # ---- re-ingest the unchanged corpus
    log(f"N={n}: re-ingest unchanged")
    out, wall, rss = timed([bins["ws"], "ingest", jsonl, "--index", ws_idx, "--quiet", "--json"])
    r["reingest"] = {"seconds": wall, "rss": rss, "summary": json.loads(out.strip().splitlines()[-1])}
    with open(os.path.join(W, f"results-{n}.json"), "w") as fh:
        json.dump(r, fh, indent=1)
    return r


def ratio(a, b):
    return a / b if b else float("nan")


def table(r):
    n, m = r["n"], r["manifest"]
    raw, fts, ws = r["raw_ingest"], r["fts5_ingest"], r["ws_ingest"]
    rq, fq = r["raw_q"], r["fts5_q"]
    wq, wn, wf = r["ws_q"], r["ws_q_nosnip"], r["ws_q_facets"]
    p = r["process"]
    L = []
    L.append(f"\n## N = {n}: {m['articles']:,} articles, {m['paragraphs']:,} paragraphs, "
             f"{m['paragraph_text_bytes'] / MB:.1f} MB paragraph text")
    L.append("| ingest | whosaid | rawtantivy | fts5 | whosaid/raw | target |")
    L.append("| --- | --- | --- | --- | --- | --- |")
    L.append(f"| MB/s (wall) | {ws['mb_per_s']:.2f} | {raw['mb_per_s']:.2f} | {fts['mb_per_s']:.2f} | "
             f"{ratio(ws['mb_per_s'], raw['mb_per_s']):.2f}x | >= 0.3x |")
    L.append(f"| seconds | {ws['seconds']:.1f} | {raw['seconds']:.1f} | {fts['seconds']:.1f} | "
             f"{ratio(ws['seconds'], raw['seconds']):.2f}x | |")
    L.append(f"| peak RSS MiB | {ws['rss'] / 2**20:.0f} | {raw['rss'] / 2**20:.0f} | {fts['rss'] / 2**20:.0f} | "
             f"{ratio(ws['rss'], raw['rss']):.2f}x | <= 1.5x |")
    L.append(f"| index MB | {ws['size'] / MB:.1f} | {raw['size'] / MB:.1f} | {fts['size'] / MB:.1f} | "
             f"{ratio(ws['size'], raw['size']):.2f}x | <= 1.3x |")
    L.append("")
    L.append("| query, in process, AND, top 10, stored text | p50 us | p99 us | queries/s | p50 / raw | p99 / raw | target |")
    L.append("| --- | --- | --- | --- | --- | --- | --- |")

    def qrow(name, q, target):
        L.append(f"| {name} | {q['p50_us']:.0f} | {q['p99_us']:.0f} | {q['qps']:.0f} | "
                 f"{ratio(q['p50_us'], rq['p50_us']):.2f}x | {ratio(q['p99_us'], rq['p99_us']):.2f}x | {target} |")
    qrow("rawtantivy", rq, "")
    qrow("whosaid (hits + total + snippets)", wq, "<= 1.2x")
    qrow("whosaid without snippets", wn, "")
    qrow("whosaid with facet counts", wf, "<= 2x")
    qrow("SQLite FTS5", fq, "")
    L.append("")
    L.append(f"| whole process ({len(p['queries'])} queries, median of medians) | ms |")
    L.append("| --- | --- |")
    L.append(f"| `whosaid query` (start, open, search, print) | {p['ws_median'] * 1e3:.1f} |")
    L.append(f"| ripgrep `rg -i -l` over txt/ (AND via xargs) | {p['rg_median'] * 1e3:.1f} |")
    L.append(f"| ripgrep / whosaid | {ratio(p['rg_median'], p['ws_median']):.0f}x (target >= 30x) |")
    na, re_ = r["new_article"], r["reingest"]
    vis = f"{na['visible_s']:.2f} s" if na["visible_s"] is not None else "not seen in 120 s"
    L.append("")
    L.append(f"| updates | value | target |")
    L.append("| --- | --- | --- |")
    L.append(f"| one new article: ingest start -> visible to `whosaid query` | {vis} | <= 1 s |")
    L.append(f"| one new article: `whosaid ingest` process alone | {na['ingest_process_s']:.2f} s | |")
    s = re_["summary"]
    L.append(f"| re-ingest unchanged corpus | {re_['seconds']:.2f} s ({s['added']} added, {s['unchanged']} unchanged, "
             f"{s['duplicates']} duplicates) | <= 10 s |")
    return "\n".join(L)


def scaling(results):
    L = ["\n## Scaling"]
    L.append("| N | articles | whosaid ingest s | raw ingest s | whosaid RSS MiB | raw RSS MiB | whosaid MB | raw MB | "
             "whosaid p50/p99 us | raw p50/p99 us | facets p50/p99 us | process ms | rg ms | re-ingest s |")
    L.append("| " + " | ".join(["---"] * 14) + " |")
    for r in results:
        L.append(
            f"| {r['n']} | {r['manifest']['articles']:,} | {r['ws_ingest']['seconds']:.1f} | {r['raw_ingest']['seconds']:.1f} | "
            f"{r['ws_ingest']['rss'] / 2**20:.0f} | {r['raw_ingest']['rss'] / 2**20:.0f} | "
            f"{r['ws_ingest']['size'] / MB:.1f} | {r['raw_ingest']['size'] / MB:.1f} | "
            f"{r['ws_q']['p50_us']:.0f}/{r['ws_q']['p99_us']:.0f} | {r['raw_q']['p50_us']:.0f}/{r['raw_q']['p99_us']:.0f} | "
            f"{r['ws_q_facets']['p50_us']:.0f}/{r['ws_q_facets']['p99_us']:.0f} | "
            f"{r['process']['ws_median'] * 1e3:.1f} | {r['process']['rg_median'] * 1e3:.0f} | {r['reingest']['seconds']:.2f} |")
    return "\n".join(L)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("ns", nargs="*", type=int)
    a = ap.parse_args()
    a.ns = a.ns or [1]
    a.repeat = int(os.environ.get("BENCH_REPEAT", "5"))
    a.rg_sample = int(os.environ.get("BENCH_RG_SAMPLE", "10"))
    a.rg_runs = int(os.environ.get("BENCH_RG_RUNS", "3"))
    bins = {
        "ws": os.path.join(a.root, "target", "release", "whosaid"),
        "qb": os.path.join(a.root, "target", "release", "examples", "query_bench"),
        "ab": os.path.join(a.root, "target", "release", "examples", "analyze_bench"),
        "raw": os.path.join(a.work, "rawtantivy-target", "release", "rawtantivy"),
    }
    queries_file = os.path.join(a.shared, "bench", "queries.txt")
    with open(queries_file) as fh:
        queries = [l.strip() for l in fh if l.strip() and not l.lstrip().startswith("#")]

    log("analysis throughput over the BBC corpus (one core)")
    ab = result_line(run([bins["ab"], os.path.join(a.shared, "corpora", "bbc")]).stdout)
    print(f"# whosaid benchmark ({time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.1f})")
    print(f"\nanalysis: `analyze` over ../shared/corpora/bbc on one core: {ab['words_per_s']:,.0f} words/s "
          f"({ab['mb_per_s']:.1f} MB/s, {ab['articles']} articles, best of {ab['passes']} passes)", flush=True)
    results = []
    for n in a.ns:
        r = bench_n(n, a, bins, queries_file, queries)
        results.append(r)
        print(table(r), flush=True)
    if len(results) > 1:
        print(scaling(results))


if __name__ == "__main__":
    main()
