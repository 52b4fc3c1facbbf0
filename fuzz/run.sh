#!/usr/bin/env bash
# Runs every libFuzzer target of a fuzz build for FUZZ_SECONDS (default 30) each, from the seeds
# in fuzz/corpus/<target>/ (kept in git, small) plus what earlier runs found (BUILD/corpus/, not
# in git). A crash stops the run non-zero and leaves its input in BUILD/crashes/; each one found
# becomes a regression test in the normal suite, next to the parser's own tests.
# Usage: fuzz/run.sh [BUILD_DIR]   (make fuzz builds build-fuzz and calls this)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build-fuzz}
SECS=${FUZZ_SECONDS:-30}
export GRIDGATE_RULES=$PWD/config/rules/zh
# UBSan reports are failures too; leaks in a parser that runs a million times are findings.
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
mkdir -p "$BUILD/crashes"
status=0
printf '%-20s %8s %8s %10s %6s\n' target seeds corpus execs secs
for bin in "$BUILD"/fuzz/*_fuzz; do
  t=$(basename "$bin")
  seeds=fuzz/corpus/$t
  work=$BUILD/corpus/$t
  mkdir -p "$work"
  log=$BUILD/crashes/$t.log
  start=$(date +%s)
  if ! "$bin" -max_total_time="$SECS" -max_len=65536 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
       -artifact_prefix="$BUILD/crashes/$t-" "$work" "$seeds" >"$log" 2>&1; then
    echo "$t: CRASH (see $log and $BUILD/crashes/$t-*)"
    grep -m5 -E "ERROR|runtime error|SUMMARY" "$log" || true
    status=1
  fi
  secs=$(( $(date +%s) - start ))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  printf '%-20s %8s %8s %10s %6s\n' "$t" "$(ls "$seeds" | wc -l)" "$(ls "$work" | wc -l)" "${execs:-?}" "$secs"
done
exit $status
