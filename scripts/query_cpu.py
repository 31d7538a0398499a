#!/usr/bin/env python3
"""Queries a second per core of whole `whosaid query` processes: CPU time of the children.

    python3 scripts/query_cpu.py BINARY INDEX QUERIES_FILE
"""
import resource, subprocess, sys, time
binary, index, queries = sys.argv[1], sys.argv[2], sys.argv[3]
qs = [q.strip() for q in open(queries) if q.strip()]
def run_all(extra):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN); t0 = time.time()
    for q in qs:
        subprocess.run([binary, "query", q, "--index", index, "--json"] + extra, stdout=subprocess.DEVNULL, check=True)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    return cpu, time.time() - t0
run_all([])  # warm the page cache
for extra in ([], ["--facets"]):
    cpu, wall = run_all(extra)
    print(f"{len(qs)} queries {extra}: CPU {cpu:.2f} s -> {len(qs)/cpu:.0f} queries/s per core (whole process each), wall {wall:.1f} s")
