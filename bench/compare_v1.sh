#!/usr/bin/env bash
# Issue #10's speed bar, measured the way the README's "Understanding: measured" table reports it:
# the v1 engine with the v1 pack against this tree's engine with its pack, on the same 100k
# messages and the same generated 1,000 intents, interleaved in one run (best of ROUNDS), so a
# busy shared machine slows both alike.
# Usage: bench/compare_v1.sh V1_BENCH V1_RULES_DIR V2_BENCH [ROUNDS]
# Rows: v1 = v1 engine + v1 pack, v2 = this engine + this tree's pack, v2v1 = this engine + the
# v1 pack (the engine alone).
#   V1_BENCH      intent_bench built from commit 9784287 (the v1 engine), e.g.
#                 git archive 9784287 | tar -x -C /tmp/gg-v1, then build it with
#                 -DGRIDGATE_BUILD_BENCH=ON (target intent_bench); for the CPU-time column,
#                 first apply this tree's bench/intent_bench.cc CPU-clock lines to it (bench
#                 code only: clock_gettime(CLOCK_THREAD_CPUTIME_ID) around the timed loop)
#   V1_RULES_DIR  that commit's config/rules/zh (the v1 pack, 65 intents)
#   V2_BENCH      this tree's build-bench/bench/intent_bench
# The corpus and the 1,000 generated intents come from the v1 generator (v1 pack keywords), and
# both engines get the same files.
set -euo pipefail
V1=$1
V1_RULES=$2
V2=$3
ROUNDS=${4:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/gg-compare-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
"$V1" generate --rules "$V1_RULES" --out "$WORK" --messages 100000 --intents 1000 2>/dev/null

declare -A best bcpu digest
for round in $(seq "$ROUNDS"); do
  for cfg in v1 v2 v2v1; do
    BIN=$V1; RULES=$V1_RULES
    [[ $cfg == v2 ]] && { BIN=$V2; RULES=$ROOT/config/rules/zh; }
    [[ $cfg == v2v1 ]] && BIN=$V2  # this engine on the v1 pack
    for e in gridgate gridgate_full; do
      for pack in default big; do
        P=$RULES; [[ $pack == big ]] && P=$RULES,$WORK/pack1000.json
        j=$("$BIN" run --engine "$e" --pack "$P" --messages "$WORK/messages.txt")
        read -r rate cpu < <(python3 -c 'import json,sys; j=json.loads(sys.argv[1]); print(int(j["msgs_per_s"]), int(j.get("cpu_msgs_per_s", 0)))' "$j")
        key="$cfg $e $pack"
        [[ -z ${best[$key]:-} || $rate -gt ${best[$key]} ]] && best[$key]=$rate
        [[ -z ${bcpu[$key]:-} || $cpu -gt ${bcpu[$key]} ]] && bcpu[$key]=$cpu
        digest[$key]=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["digest"])' "$j")
      done
    done
  done
  echo "  round $round done" >&2
done
echo "Intent matching, best of $ROUNDS, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) vCPU, 100k messages"
printf '%-5s %-14s %-8s %10s %12s\n' eng mode pack msgs/s cpu_msgs/s
for cfg in v1 v2 v2v1; do
  for e in gridgate gridgate_full; do
    for pack in default big; do
      printf '%-5s %-14s %-8s %10s %12s\n' "$cfg" "$e" "$pack" "${best[$cfg $e $pack]}" "${bcpu[$cfg $e $pack]}"
    done
  done
done
for e in gridgate gridgate_full; do
  python3 -c 'import sys; a,b,c,d=map(int,sys.argv[2:6]); print(f"{sys.argv[1]:<14} 1,000-intent pack: v2/v1 = {b/a:.3f} ({(b/a-1)*100:+.1f}%) wall, {d/c:.3f} ({(d/c-1)*100:+.1f}%) CPU time")' \
    "$e" "${best[v1 $e big]}" "${best[v2 $e big]}" "${bcpu[v1 $e big]}" "${bcpu[v2 $e big]}"
done
echo "(msgs/s: wall clock of the timed loop; cpu_msgs/s: the same loop over its thread's CPU time,"
echo " which a busy shared machine disturbs less; both best of $ROUNDS)"
echo "(v2 digests, to check that a change kept the matched sets: gridgate big ${digest[v2 gridgate big]}," \
     "default ${digest[v2 gridgate default]})"
