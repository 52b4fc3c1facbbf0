#!/usr/bin/env bash
# gridgate operated like a service, from outside, as a new user would: a second `serve` on a
# busy port exits non-zero and says so; a misspelt setting fails `check` and `serve`; JSON log
# lines carry +08:00 and one access line per request without secrets; `backup` copies while
# serve runs and `restore` refuses a bad file and leaves the database unchanged.
# Usage: service_test.sh GRIDGATE_BIN SOURCE_DIR
set -uo pipefail
BIN=$(realpath "$1")
SRC=$(realpath "$2")
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
http_get() {  # URL → status code and body on stdout ("000" when nothing answers)
  python3 - "$1" <<'PY'
import sys, urllib.request, urllib.error
try:
    r = urllib.request.urlopen(sys.argv[1], timeout=5); print(r.status); print(r.read().decode())
except urllib.error.HTTPError as e:
    print(e.code); print(e.read().decode())
except Exception:
    print("000")
PY
}
wait_healthy() {  # PORT
  for _ in $(seq 1 100); do
    [[ $(http_get "http://127.0.0.1:$1/healthz" | head -1) == 200 ]] && return 0
    sleep 0.1
  done
  return 1
}

cp -r "$SRC/config" "$WORK/config"
CONF=$WORK/config/demo
rm -f "$CONF/notices.json"
cd "$WORK" || exit 1

# --- a misspelt setting or a bad enum value fails check and serve --------------------------------
cp -r "$CONF" "$WORK/config/bad"
python3 - "$WORK/config/bad/gridgate.json" <<'PY'
import sys, re
p = sys.argv[1]; s = open(p).read()
open(p, "w").write(s.replace('"log_level": "info"', '"log_level": "verbose"'))
PY
out=$("$BIN" check --config "$WORK/config/bad" 2>&1); rc=$?
[[ $rc -ne 0 && $out == *'gridgate.json: $.log_level: must be trace, debug, info, warn, error or off'* ]] \
  && pass "check refuses log_level verbose" || fail "check log_level verbose: rc=$rc $out"
out=$(timeout 20 "$BIN" serve --config "$WORK/config/bad" --db "$WORK/bad.db" --listen "127.0.0.1:$(free_port)" 2>&1); rc=$?
[[ $rc -ne 0 && $rc -ne 124 && $out == *'refusing to start'*'$.log_level'* ]] \
  && pass "serve refuses log_level verbose" || fail "serve log_level verbose: rc=$rc $out"
sed -i 's/"log_level": "verbose"/"log_levl": "info"/' "$WORK/config/bad/gridgate.json"
out=$("$BIN" check --config "$WORK/config/bad" 2>&1); rc=$?
[[ $rc -ne 0 && $out == *'$.log_levl: unknown key'* ]] && pass "check refuses an unknown key" \
  || fail "check unknown key: rc=$rc $out"

# --- serve with JSON logs; a second serve on the same port refuses to start ----------------------
sed -i 's/"log_level": "info"/"log_level": "info", "log_format": "json"/' "$CONF/gridgate.json"
PORT=$(free_port)
DB=$WORK/var/gridgate.db
"$BIN" serve --config "$CONF" --db "$DB" --listen "127.0.0.1:$PORT" 2>"$WORK/serve.log" &
PIDS+=($!)
wait_healthy "$PORT" || { fail "serve did not become healthy"; cat "$WORK/serve.log"; exit 1; }
http_get "http://127.0.0.1:$PORT/api/org?access_token=gg_query-secret&api_key=k-secret" >/dev/null
out=$(timeout 20 "$BIN" serve --config "$CONF" --db "$WORK/var/second.db" --listen "127.0.0.1:$PORT" 2>&1); rc=$?
[[ $rc -ne 0 && $rc -ne 124 && $out == *"127.0.0.1:$PORT"*"in use"* ]] \
  && pass "a second serve on port $PORT exits $rc: $(echo "$out" | tail -1)" || fail "second serve: rc=$rc $out"
# Still the first one answering (no shared port).
[[ $(http_get "http://127.0.0.1:$PORT/healthz" | head -1) == 200 ]] && pass "the first serve still answers" \
  || fail "first serve gone"

# --- backup while serving; restore checks ---------------------------------------------------------
"$BIN" token create --role admin --name backup-test --config "$CONF" --db "$DB" >/dev/null 2>&1 \
  || fail "token create while serving"
out=$("$BIN" backup --db "$DB" --out "$WORK/copy.db" 2>&1); rc=$?
[[ $rc -eq 0 && $out == *'integrity ok'* ]] && pass "backup while serving: $out" || fail "backup: rc=$rc $out"
out=$("$BIN" backup --db "$DB" --out "$WORK/copy.db" 2>&1); rc=$?
[[ $rc -ne 0 && $out == *'already exists'* ]] && pass "backup never overwrites" || fail "backup over a file: rc=$rc $out"
out=$("$BIN" restore --from "$WORK/copy.db" --db "$WORK/restored.db" 2>&1); rc=$?
[[ $rc -eq 0 ]] && pass "restore into a new file: $out" || fail "restore: rc=$rc $out"
tokens=$("$BIN" token list --config "$CONF" --db "$WORK/restored.db" 2>/dev/null | grep -c backup-test)
[[ $tokens -ge 1 ]] && pass "the restored database has the token made before the backup" || fail "restored tokens: $tokens"
before=$(sha256sum "$WORK/restored.db" | cut -d' ' -f1)
head -c 4096 /dev/urandom >"$WORK/garbage.db"
out=$("$BIN" restore --from "$WORK/garbage.db" --db "$WORK/restored.db" 2>&1); rc=$?
after=$(sha256sum "$WORK/restored.db" | cut -d' ' -f1)
[[ $rc -ne 0 && $out == *'unchanged'* && $before == "$after" ]] && pass "restore refuses garbage: $out" \
  || fail "restore garbage: rc=$rc $out"

# --- the log: JSON lines, China time, access lines with the route and no secrets ------------------
kill "${PIDS[0]}"; wait "${PIDS[0]}" 2>/dev/null; PIDS=()
python3 - "$WORK/serve.log" <<'PY' && pass "JSON log lines: +08:00, access lines with route, no secrets" || fail "log lines (above)"
import json, re, sys
text = open(sys.argv[1]).read()
lines = [l for l in text.splitlines() if l.strip()]
bad = []
access = []
for l in lines:
    try:
        j = json.loads(l)
    except ValueError:
        bad.append("not JSON: " + l); continue
    if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00", j.get("time", "")):
        bad.append("time: " + l)
    if j.get("msg", "").startswith("access "):
        access.append(j["msg"])
if not any("route=/api/org path=/api/org status=401" in a for a in access):
    bad.append("no access line for /api/org: %r" % access)
if not any("route=/healthz" in a and "status=200" in a for a in access):
    bad.append("no access line for /healthz")
for secret in ("gg_query-secret", "k-secret"):
    if secret in text:
        bad.append("secret in the log: " + secret)
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY

echo "service_test: $failures failure(s)"
[[ $failures -eq 0 ]]
