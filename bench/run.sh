#!/usr/bin/env bash
# Runs the intent benchmark side by side: gridgate vs a loop of RE2 vs Python's re loop vs
# Hyperscan, for the default pack and a generated 1,000-intent pack, over 100k messages.
# Usage: bench/run.sh BUILD_DIR   (BUILD_DIR configured with -DGRIDGATE_BUILD_BENCH=ON)
# Env: BENCH_MESSAGES (default 100000), BENCH_PY_LIMIT (messages for the slow Python loop on the
#      1,000-intent pack; default 5000 — its rate is per message, so a sample is enough),
#      BENCH_LOOP_LIMIT (messages for the RE2 loop; default 20000).
set -euo pipefail
BUILD=${1:-build-bench}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$BUILD/bench/intent_bench
[[ -x $BIN ]] || BIN=$(find "$BUILD" -name intent_bench -type f -perm -u+x | head -1)
[[ -x $BIN ]] || { echo "intent_bench not built in $BUILD"; exit 1; }
N=${BENCH_MESSAGES:-100000}
PY_LIMIT=${BENCH_PY_LIMIT:-5000}
LOOP_LIMIT=${BENCH_LOOP_LIMIT:-20000}
WORK=$(mktemp -d /tmp/gg-bench-XXXXXX)
trap 'rm -rf "$WORK"' EXIT

"$BIN" generate --rules "$ROOT/config/rules/zh" --out "$WORK" --messages "$N" --intents 1000
"$BIN" normalize --messages "$WORK/messages.txt" --out "$WORK/normalized.txt"
DEFAULT="$ROOT/config/rules/zh"
BIG="$ROOT/config/rules/zh,$WORK/pack1000.json"

results=()
run() { results+=("$1 $("${@:2}")"); echo "  done: $1 ${*:2:3}" >&2; }
for pack in default big; do
  P=$DEFAULT; [[ $pack == big ]] && P=$BIG
  for e in gridgate gridgate_full re2_loop hyperscan; do
    lim=0; [[ $e == re2_loop ]] && lim=$LOOP_LIMIT
    run "$pack" "$BIN" run --engine "$e" --pack "$P" --messages "$WORK/messages.txt" --limit "$lim"
  done
  limit=0; [[ $pack == big ]] && limit=$PY_LIMIT
  run "$pack" python3 "$ROOT/bench/python_re_loop.py" --pack "$P" --messages "$WORK/normalized.txt" --limit "$limit"
done

echo
echo "Intent matching, one core, $(date -u +%Y-%m-%d), $(nproc) vCPU, $N messages ($(uname -m))"
printf '%-8s %-16s %8s %14s %10s %12s %8s\n' pack engine intents msgs/s peak_MiB matched conf/msg
for r in "${results[@]}"; do
  pack=${r%% *}; json=${r#* }
  python3 - "$pack" "$json" <<'PY'
import json, sys
pack, j = sys.argv[1], json.loads(sys.argv[2])
print(f"{pack:<8} {j['engine']:<16} {j['intents']:>8} {j['msgs_per_s']:>14,.0f} {j['peak_rss_mib']:>10.1f} "
      f"{j['matched']:>12} {j.get('confirmations_per_msg', 0):>8.2f}")
PY
done
echo "(gridgate = normalize + literal prefilter + confirm; gridgate_full adds entities and the"
echo " result object; the loops and Hyperscan get pre-normalized text and only matching is timed;"
echo " peak_MiB includes the whole process: corpus in memory and, for the baselines, its normalized copy;"
echo " the loops' 'matched' count only the messages they ran: RE2 loop $LOOP_LIMIT, Python"
echo " $PY_LIMIT on the 1,000-intent pack)"
