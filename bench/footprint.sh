#!/usr/bin/env bash
# City-scale footprint (issue 17): a generated street of 10,000 grids (`gridgate generate`)
# with the default Chinese pack plus a generated 1,000-intent pack (`intent_bench generate`, as
# `make bench` makes it). Measures the time from exec to a listening server answering /healthz
# (first start: empty database, migrations; second start: the database exists), then serves
# OneBot traffic for a while (bench/ingest_onebot.lua over the city's groups) and reports the
# process's peak RSS (/usr/bin/time -v) while serving. Goals: start-up <= 1 s, peak RSS <= 64 MB.
#
# Usage: bench/footprint.sh [BUILD_DIR]   (default build; needs gridgate and bench/intent_bench)
# Env:   GRIDS=10000 COMMUNITIES=200 WORKERS=20000 INTENTS=1000 SERVE=8s CONNS=8 PORT=18095
set -euo pipefail
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
GRIDS=${GRIDS:-10000}
COMMUNITIES=${COMMUNITIES:-200}
WORKERS=${WORKERS:-20000}
INTENTS=${INTENTS:-1000}
SERVE=${SERVE:-8s}
CONNS=${CONNS:-8}
PORT=${PORT:-18095}
GG=$BUILD/app/gridgate
IB=$BUILD/bench/intent_bench
[[ -x $GG ]] || { echo "$GG not built"; exit 1; }
[[ -x $IB ]] || { echo "$IB not built (configure with -DGRIDGATE_BUILD_BENCH=ON, needs libhyperscan-dev)"; exit 1; }
[[ -x /usr/bin/time ]] || { echo "/usr/bin/time missing: apt-get install time"; exit 1; }
command -v wrk >/dev/null || { echo "wrk missing: GRIDGATE_BENCH_DEPS=1 scripts/install-deps.sh"; exit 1; }

WORK=$(mktemp -d /tmp/gg-footprint-XXXXXX)
PID=
GG_PID=
cleanup() { [[ -n $PID ]] && kill "$GG_PID" 2>/dev/null; wait 2>/dev/null || true; [[ -n $KEEP ]] || rm -rf "$WORK"; }
trap cleanup EXIT
KEEP=${KEEP:-}

"$GG" generate --grids "$GRIDS" --communities "$COMMUNITIES" --workers "$WORKERS" \
  --out "$WORK/city" >/dev/null
"$IB" generate --rules config/rules/zh --out "$WORK" --messages 10 --intents "$INTENTS" >/dev/null 2>&1
python3 - "$WORK/city/gridgate.json" "$ROOT/config/rules/zh" "$WORK/pack1000.json" <<'PY'
import json, sys
path, default, big = sys.argv[1:]
j = json.load(open(path))
j["rule_packs"] = [default, big]
json.dump(j, open(path, "w"), ensure_ascii=False, indent=2)
PY
# Up to 2,000 of the city's OneBot groups, for the traffic while serving.
CITY_GROUPS=$(python3 - "$WORK/city/communities" <<'PY'
import json, os, sys
out = []
def walk(x):
    if isinstance(x, dict):
        if x.get("channel") == "onebot" and x.get("group_id"): out.append(str(x["group_id"]))
        for v in x.values(): walk(v)
    elif isinstance(x, list):
        for v in x: walk(v)
for f in sorted(os.listdir(sys.argv[1])):
    walk(json.load(open(os.path.join(sys.argv[1], f))))
print(",".join(out[:2000]))
PY
)
[[ -n $CITY_GROUPS ]] || { echo "no OneBot group in the generated city"; exit 1; }
export GG_GROUPS=$CITY_GROUPS
echo "city: $GRIDS grids, $COMMUNITIES communities, $WORKERS workers; pack: default + $INTENTS generated intents; $(nproc) cores; $(date -u +%FT%TZ)"

# start NAME: starts the server (PID: /usr/bin/time's, GG_PID: gridgate's) and writes the seconds
# from exec to the first 200 of /healthz to $WORK/NAME.up. Not called in $(…): PID must be set here.
start() {
  local t0 t1
  if curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then
    echo "port $PORT already answers /healthz: another server; set PORT"; exit 1
  fi
  t0=$(date +%s.%N)
  GRIDGATE_ONEBOT_SECRET= /usr/bin/time -v -o "$WORK/$1.time" \
    "$GG" serve --config "$WORK/city" --db "$WORK/city.db" --listen "127.0.0.1:$PORT" \
    >"$WORK/$1.log" 2>&1 &
  PID=$!
  GG_PID=$PID
  for _ in $(seq 3000); do
    curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
    kill -0 "$PID" 2>/dev/null || { echo "gridgate exited:"; tail -5 "$WORK/$1.log"; exit 1; }
    sleep 0.01
  done
  t1=$(date +%s.%N)
  echo "$t0 $t1" | awk '{ printf "%.2f", $2 - $1 }' >"$WORK/$1.up"
  GG_PID=$(pgrep -P "$PID" -x gridgate || echo "$PID")
}
stop() { kill -TERM "$GG_PID"; wait "$PID" 2>/dev/null || true; PID=; }
rss() { awk -F: '/Maximum resident/ { gsub(/ /, "", $2); printf "%.1f", $2 / 1024 }' "$WORK/$1.time"; }

start first
idle1=$(awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' /proc/"$GG_PID"/status 2>/dev/null || echo -)
stop
echo "first start (empty database): $(cat "$WORK/first.up") s to /healthz; peak RSS $(rss first) MiB"
start second
RESULT=$(RUN=$(( $(date +%s) % 100000 )) wrk -t1 -c"$CONNS" -d"$SERVE" --timeout 10s \
  -s bench/ingest_onebot.lua "http://127.0.0.1:$PORT" | grep '^RESULT' || true)
stop
echo "second start (database exists): $(cat "$WORK/second.up") s to /healthz"
echo "serving $SERVE of OneBot traffic at c=$CONNS: ${RESULT#RESULT }"
echo "peak RSS while serving: $(rss second) MiB (goal <= 64 MB = 61.0 MiB); after the first start: ${idle1} MiB"
