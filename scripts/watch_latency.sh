#!/bin/bash
# Usage: scripts/watch_latency.sh path/to/whosaid   (a benchmark command, not a test; loopback-free, local files only)
# Measures how long after a file is written (or deleted) a query in another process sees it.
W=$1; D=$(mktemp -d); mkdir -p $D/w
$W watch $D/w --index $D/idx --settle 0.5 2>/dev/null & PID=$!
for i in $(seq 1 100); do [ -f $D/idx/meta.json ] && break; sleep 0.1; done
sleep 1
for n in 1 2 3 4 5; do
  printf 'Note\n\nThe word%sxq appeared.\n' $n > $D/w/f$n.txt
  t0=$(date +%s.%N)
  for i in $(seq 1 200); do
    c=$($W query word${n}xq --index $D/idx --json 2>/dev/null | python3 -c 'import json,sys;print(json.load(sys.stdin)["total"])' 2>/dev/null)
    [ "$c" = "1" ] && break; sleep 0.05; done
  t1=$(date +%s.%N); echo "new file $n searchable after $(echo "$t1 - $t0" | bc) s"
  rm $D/w/f$n.txt; t0=$(date +%s.%N)
  for i in $(seq 1 200); do
    c=$($W query word${n}xq --index $D/idx --json 2>/dev/null | python3 -c 'import json,sys;print(json.load(sys.stdin)["total"])' 2>/dev/null)
    [ "$c" = "0" ] && break; sleep 0.05; done
  t1=$(date +%s.%N); echo "deleted file $n gone after $(echo "$t1 - $t0" | bc) s"
done
kill -INT $PID; wait $PID; rm -rf $D
