#!/bin/sh
# Runs the given fuzz targets one after another, each 610 s, logging to fuzz/logs/TARGET.log.
mkdir -p logs
for t in "$@"; do
  RUSTC_BOOTSTRAP=1 nice cargo fuzz run -O "$t" -- -max_total_time=610 -timeout=10 -max_len=32768 -rss_limit_mb=2048 > logs/$t.log 2>&1
  echo "$t exit $?" >> logs/done.txt
done
