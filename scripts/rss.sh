#!/bin/sh
# rss.sh OUT CMD...: run CMD (stdout to OUT), sample /proc/PID/status every 0.2 s; print peak RssAnon, RssFile, VmHWM (kB)
out=$1; shift
"$@" > "$out" &
pid=$!
ma=0; mf=0; hwm=0
while kill -0 $pid 2>/dev/null; do
  if [ -r /proc/$pid/status ]; then
    a=$(awk '/^RssAnon:/{print $2}' /proc/$pid/status 2>/dev/null); f=$(awk '/^RssFile:/{print $2}' /proc/$pid/status 2>/dev/null); h=$(awk '/^VmHWM:/{print $2}' /proc/$pid/status 2>/dev/null)
    [ -n "$a" ] && [ "$a" -gt "$ma" ] && ma=$a
    [ -n "$f" ] && [ "$f" -gt "$mf" ] && mf=$f
    [ -n "$h" ] && [ "$h" -gt "$hwm" ] && hwm=$h
  fi
  sleep 0.2
done
wait $pid; rc=$?
echo "rc=$rc peak RssAnon=${ma} kB peak RssFile=${mf} kB VmHWM=${hwm} kB"
