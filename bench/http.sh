#!/usr/bin/env bash
# Loopback HTTP figures for the gateway (wrk from Debian): /healthz, and the full OneBot message
# path for a chit-chat line and for a need that opens a ticket. Usage: bench/http.sh [BUILD_DIR]
set -euo pipefail
BUILD=${1:-build}
command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
TMP=$(mktemp -d)
trap 'kill $PID 2>/dev/null; rm -rf "$TMP"' EXIT
"$BUILD/app/gridgate" serve --config config/demo --db "$TMP/bench.db" --listen 127.0.0.1:18080 2>"$TMP/log" &
PID=$!
for _ in $(seq 50); do curl -sf http://127.0.0.1:18080/healthz >/dev/null && break; sleep 0.2; done
for c in 8 64; do
  echo "== GET /healthz c=$c"; wrk -t1 -c$c -d8s --latency http://127.0.0.1:18080/healthz | grep -E "Requests/sec|50%|99%"
done
for c in 8 64; do
  echo "== POST /hooks/onebot chit-chat c=$c"
  TEXT="大家早上好" wrk -t1 -c$c -d8s --latency -s bench/http_onebot.lua http://127.0.0.1:18080 | grep -E "Requests/sec|50%|99%|Non-2xx"
  echo "== POST /hooks/onebot need → ticket c=$c"
  TEXT="小区门口的垃圾两天没人清运了" wrk -t1 -c$c -d8s --latency -s bench/http_onebot.lua http://127.0.0.1:18080 | grep -E "Requests/sec|50%|99%|Non-2xx"
done
