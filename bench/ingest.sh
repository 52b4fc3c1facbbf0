#!/usr/bin/env bash
# Durable ingest side by side (issue 17): wrk against a bare cpp-httplib echo server
# (bench/echo_server.cc) and against gridgate's POST /hooks/onebot on the demo street with a
# fresh SQLite file, in the same run, with the same OneBot mix (bench/ingest_onebot.lua).
# Prints req/s and p99 of both and gridgate's share, then checks that every acknowledged
# message is stored: acknowledged (2xx) <= stored messages <= acknowledged + connections (a
# request in flight when wrk stops may commit without its answer being read), no duplicates.
#
# Usage: bench/ingest.sh [BUILD_DIR]        (default build; configured with GRIDGATE_BUILD_BENCH=ON
#                                            if it is not, and only echo_server + gridgate built)
# Env:   CONNS="8 64" (connection counts), DURATION=8s, OVERLOAD="256" (connection counts of the
#        overload run, empty = none), GRIDGATE_ONEBOT_SECRET is cleared (the demo sets none).
set -euo pipefail
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
CONNS=${CONNS:-"8 64"}
DURATION=${DURATION:-8s}
OVERLOAD=${OVERLOAD-256}
ECHO_PORT=${ECHO_PORT:-18090}
GG_PORT=${GG_PORT:-18091}
command -v wrk >/dev/null || { echo "wrk missing: GRIDGATE_BENCH_DEPS=1 scripts/install-deps.sh"; exit 1; }
command -v sqlite3 >/dev/null || { echo "sqlite3 missing: scripts/install-deps.sh"; exit 1; }

if ! grep -q '^GRIDGATE_BUILD_BENCH:BOOL=ON' "$BUILD/CMakeCache.txt" 2>/dev/null; then
  cmake -S . -B "$BUILD" -DGRIDGATE_BUILD_BENCH=ON >/dev/null
fi
cmake --build "$BUILD" -j "$(nproc)" --target echo_server gridgate >/dev/null

TMP=$(mktemp -d /tmp/gg-ingest-XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT

wait_up() {
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$1/healthz" >/dev/null && return 0; sleep 0.1; done
  echo "server on port $1 did not come up"; cat "$TMP"/*.log 2>/dev/null | tail -20; exit 1
}

# The demo street's OneBot groups, so messages spread over its grids as a street's do.
GG_GROUPS=$(grep -ho '"channel": *"onebot", *"group_id": *"[0-9]*"' config/demo/communities/*.json |
         grep -o '[0-9]*"$' | tr -d '"' | paste -sd, -)
[[ -n $GG_GROUPS ]] || GG_GROUPS=$(grep -ho '"group_id": *"[0-9][0-9]*"' config/demo/communities/*.json |
                             grep -o '[0-9][0-9]*' | paste -sd, -)
export GG_GROUPS
echo "groups: $(tr ',' '\n' <<<"$GG_GROUPS" | wc -l) of the demo street; $(nproc) cores; $(date -u +%FT%TZ)"

"$BUILD/bench/echo_server" 127.0.0.1 "$ECHO_PORT" >"$TMP/echo.log" 2>&1 &
PIDS+=($!)
wait_up "$ECHO_PORT"

DB=$TMP/ingest.db
# The dispatcher sends the outbox to the echo server's /send_* (a OneBot implementation that
# accepts everything), so rows are delivered as in production rather than retried.
GRIDGATE_ONEBOT_SECRET= GRIDGATE_ONEBOT_API="http://127.0.0.1:$ECHO_PORT" \
  "$BUILD/app/gridgate" serve --config config/demo --db "$DB" --listen "127.0.0.1:$GG_PORT" \
  >"$TMP/gridgate.log" 2>&1 &
GG_PID=$!
PIDS+=($GG_PID)
wait_up "$GG_PORT"

RUN=$(( $(date +%s) % 100000 ))
# wrk -t1: one load thread, so the servers keep the other core (the machine has two).
# bench PORT CONNS → the RESULT line. Each call gets the next run number (message ids must not
# repeat: a repeated id is a redelivery, stored once and answered 2xx again). Call it as
# `x=$(bench …)` only after `next_run`, since a $(…) subshell cannot advance the counter.
next_run() { RUN=$((RUN + 1)); }
bench() {
  RUN=$RUN wrk -t1 -c"$2" -d"$DURATION" --timeout 10s -s bench/ingest_onebot.lua "http://127.0.0.1:$1" |
    grep '^RESULT'
}
p99() { awk '{ v[NR] = $1 } END { i = int(NR * 0.99); if (i < 1) i = 1; if (NR == 0) print "-"; else print v[i] }'; }
field() { sed -E "s/.* $1=([^ ]*).*/\1/" <<<"$2"; }
stored() { sqlite3 "$DB" "PRAGMA busy_timeout=5000; SELECT COUNT(*) FROM messages WHERE channel = 'onebot';" | tail -1; }

fail=0
acked_total=0
sent_total=0
printf '%-6s %-10s %10s %9s %9s %8s\n' conns server req/s p50_ms p99_ms non2xx
for c in $CONNS; do
  next_run; e=$(bench "$ECHO_PORT" "$c")
  next_run; g=$(bench "$GG_PORT" "$c")
  printf '%-6s %-10s %10s %9s %9s %8s\n' "$c" echo "$(field rps "$e")" "$(field p50 "$e")" "$(field p99 "$e")" "$(field non2xx "$e")"
  printf '%-6s %-10s %10s %9s %9s %8s\n' "$c" gridgate "$(field rps "$g")" "$(field p50 "$g")" "$(field p99 "$g")" "$(field non2xx "$g")"
  ratio=$(awk -v a="$(field rps "$g")" -v b="$(field rps "$e")" 'BEGIN { printf "%.1f", 100 * a / b }')
  echo "       gridgate / echo = $ratio% of req/s"
  acked_total=$((acked_total + $(field ok "$g")))
  sent_total=$((sent_total + $(field requests "$g") + c))
done

# Overload: more connections than the write path is allowed to queue (server.max_pending_writes).
# Past the limit the hook answers 503 + Retry-After at once; wrk's p99 covers both answers, the
# access log gives the accepted ones alone (server-side time: from the request's head to its answer).
for c in $OVERLOAD; do
  before=$(wc -l <"$TMP/gridgate.log")
  next_run; g=$(bench "$GG_PORT" "$c")
  accepted_p99=$(tail -n +"$((before + 1))" "$TMP/gridgate.log" |
    grep -o 'path=/hooks/onebot status=204 ms=[0-9.]*' | sed 's/.*ms=//' | sort -n |
    p99)
  rejected_p99=$(tail -n +"$((before + 1))" "$TMP/gridgate.log" |
    grep -o 'path=/hooks/onebot status=503 ms=[0-9.]*' | sed 's/.*ms=//' | sort -n |
    p99)
  echo "overload c=$c: $(field requests "$g") answers, $(field ok "$g") 2xx, $(field non2xx "$g") non-2xx," \
       "$(field sockerr "$g") socket errors; wrk p99 (all) $(field p99 "$g") ms;" \
       "server-side p99 accepted $accepted_p99 ms, rejected $rejected_p99 ms"
  acked_total=$((acked_total + $(field ok "$g")))
  sent_total=$((sent_total + $(field requests "$g") + c))
done

sleep 1  # requests wrk left in flight finish
n=$(stored)
distinct=$(sqlite3 "$DB" "PRAGMA busy_timeout=5000; SELECT COUNT(DISTINCT platform_msg_id) FROM messages WHERE channel = 'onebot';" | tail -1)
echo "stored: $n messages ($distinct distinct ids); acknowledged (2xx): $acked_total"
if (( n < acked_total )); then echo "FAIL: $((acked_total - n)) acknowledged messages are not stored"; fail=1; fi
if (( n > sent_total )); then echo "FAIL: more messages stored than requests sent"; fail=1; fi
if (( distinct != n )); then echo "FAIL: a platform message is stored twice"; fail=1; fi
(( fail == 0 )) && echo "ok: every acknowledged message is stored, once ($((n - acked_total)) more were in flight when wrk stopped)"
exit $fail
