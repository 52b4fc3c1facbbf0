#!/usr/bin/env bash
# The Debian package as a user gets it: unpack build-deb/gridgate_*.deb into a temporary root
# (dpkg -x, what dpkg would install), check the paths, the unit and the maintainer scripts, and
# run the installed binary's `check` on the installed example config from inside that root,
# with the source tree hidden (a private mount namespace with an empty directory over it) when
# unshare is allowed — so nothing the check reads can come from the source tree. With
# GRIDGATE_DEB_INSTALL=1 (CI, as root) it then installs the package with apt, starts it and purges it.
# Usage: packaging/deb_test.sh [DEB_DIR]   (make deb-test; .ci/run)
set -uo pipefail
cd "$(dirname "$0")/.."
SRC=$PWD
DIR=${1:-build-deb}
deb=$(ls -t "$DIR"/gridgate_*.deb 2>/dev/null | head -1)
[[ -n $deb ]] || { echo "deb_test: no $DIR/gridgate_*.deb (make deb)"; exit 1; }
ROOT=$(mktemp -d)
CTRL=$(mktemp -d)
trap 'rm -rf "$ROOT" "$CTRL"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

dpkg-deb -x "$deb" "$ROOT" && dpkg-deb -e "$deb" "$CTRL" || { echo "deb_test: cannot unpack $deb"; exit 1; }
pass "unpacked $(basename "$deb") ($(du -sh "$deb" | cut -f1)) into $ROOT"
for f in /usr/bin/gridgate /usr/share/gridgate/web/index.html /usr/share/gridgate/rules/zh \
         /usr/share/gridgate/roster-template.csv /etc/gridgate/gridgate.json /etc/gridgate/street.json \
         /etc/gridgate/communities /etc/gridgate/secrets.env.example /lib/systemd/system/gridgate.service; do
  [[ -e $ROOT$f ]] && pass "ships $f" || fail "missing $f"
done
# One unit only: the package's (system user), not CMake's DynamicUser one as well.
[[ ! -e $ROOT/usr/lib/systemd/system/gridgate.service ]] && pass "one unit" || fail "two units"
unit=$ROOT/lib/systemd/system/gridgate.service
grep -qx 'User=gridgate' "$unit" && grep -qx 'ExecStart=/usr/bin/gridgate serve --config /etc/gridgate' "$unit" \
  && grep -qx 'EnvironmentFile=-/etc/gridgate/secrets.env' "$unit" \
  && pass "the unit runs /usr/bin/gridgate as gridgate with EnvironmentFile=" || fail "unit: $(cat "$unit")"
grep -q 'adduser --system' "$CTRL/postinst" && grep -q '/var/lib/gridgate' "$CTRL/postinst" \
  && grep -q 'deb-systemd-helper' "$CTRL/postinst" \
  && pass "postinst makes the gridgate user, /var/lib/gridgate, and enables the unit" || fail "postinst: $(cat "$CTRL/postinst")"
grep -qx '/etc/gridgate/gridgate.json' "$CTRL/conffiles" && pass "/etc/gridgate files are conffiles" || fail "conffiles"
grep -q '"path": "/var/lib/gridgate/gridgate.db"' "$ROOT/etc/gridgate/gridgate.json" \
  && pass "the example config keeps its data in /var/lib/gridgate" || fail "db path in gridgate.json"
deps=$(dpkg-deb -f "$deb" Depends)
[[ $deps == *libre2* && $deps == *adduser* ]] && pass "Depends: $deps" || fail "Depends: $deps"

check() {  # the installed binary, from inside the root, with no source-tree hints in the environment
  (cd "$ROOT/var" 2>/dev/null || cd "$ROOT"; env -u GRIDGATE_SOURCE_DIR -u GRIDGATE_SHARE_DIR "$@")
}
cmd=("$ROOT/usr/bin/gridgate" --share-dir "$ROOT/usr/share/gridgate" check --config "$ROOT/etc/gridgate")
hidden=""
if unshare -m true 2>/dev/null; then
  out=$(unshare -m bash -c 'mount -t tmpfs -o size=1m none "$0" && cd / && env -u GRIDGATE_SOURCE_DIR "${@}"' \
        "$SRC" "${cmd[@]}" 2>&1); rc=$?
  hidden=" (source tree hidden)"
else
  out=$(check "${cmd[@]}" 2>&1); rc=$?
fi
if [[ $rc -eq 0 && $out == *"\"$ROOT/usr/share/gridgate/rules/zh\""* && $out == *'"intents":'* ]]; then
  pass "the installed gridgate check passes on the installed config$hidden ($(echo "$out" | grep -o '"intents": [0-9]*'))"
else
  fail "installed check$hidden: rc=$rc $out"
fi
out=$(check "$ROOT/usr/bin/gridgate" --share-dir "$ROOT/nowhere" check --config "$ROOT/etc/gridgate" 2>&1); rc=$?
[[ $rc -ne 0 && $out == *share_dir* ]] && pass "a wrong share dir fails check" || fail "wrong share dir: rc=$rc $out"
# The package installed for real and started, on a machine that may be changed (CI's fresh
# Debian 12, as root: GRIDGATE_DEB_INSTALL=1): apt resolves its Depends from Debian, postinst
# makes the user and the data directory, the service starts (systemctl where systemd runs, else
# the unit's own ExecStart as its User= with its EnvironmentFile=), /healthz answers, and a purge
# takes it all away again.
if [[ ${GRIDGATE_DEB_INSTALL:-0} == 1 && $(id -u) -eq 0 ]]; then
  if DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$(realpath "$deb")" >/dev/null 2>&1; then
    pass "apt-get install $(basename "$deb")"
  else
    fail "apt-get install $(basename "$deb")"
  fi
  getent passwd gridgate >/dev/null && [[ $(stat -c %U /var/lib/gridgate 2>/dev/null) == gridgate ]] \
    && pass "postinst made the gridgate user and /var/lib/gridgate" || fail "no gridgate user or /var/lib/gridgate"
  started=""
  if [[ -d /run/systemd/system ]]; then
    systemctl start gridgate && started="systemctl"
  else
    # No systemd here (a container): what the unit runs, as the unit runs it.
    exec_start=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/gridgate.service)
    (set -a; [[ -r /etc/gridgate/secrets.env ]] && . /etc/gridgate/secrets.env; set +a
     cd /var/lib/gridgate && exec runuser -u gridgate -- $exec_start) >/tmp/gridgate-deb-test.log 2>&1 &
    pid=$!
    started="its ExecStart as gridgate"
  fi
  healthz() {  # GET /healthz with bash alone (a fresh machine may have no curl): the body on a 200
    local reply
    reply=$(exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3 \
            && timeout 2 cat <&3) 2>/dev/null || return 1
    [[ $reply == "HTTP/1."?" 200"* ]] || return 1
    echo "${reply##*$'\r\n\r\n'}"
  }
  healthy=""
  for _ in $(seq 1 50); do
    if body=$(healthz); then healthy=$body; break; fi
    sleep 0.2
  done
  [[ -n $healthy ]] && pass "the installed service started ($started) and /healthz answers: $healthy" \
    || fail "the installed service ($started) did not answer /healthz: $(tail -5 /tmp/gridgate-deb-test.log 2>/dev/null)"
  [[ -f /var/lib/gridgate/gridgate.db ]] && pass "its database is /var/lib/gridgate/gridgate.db" || fail "no database in /var/lib/gridgate"
  if [[ -d /run/systemd/system ]]; then systemctl stop gridgate; else kill "${pid:-0}" 2>/dev/null; wait "${pid:-0}" 2>/dev/null; fi
  DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq gridgate >/dev/null 2>&1 \
    && [[ ! -e /usr/bin/gridgate && ! -e /etc/gridgate/gridgate.json ]] \
    && pass "apt-get purge removes the binary and the config" || fail "purge left files behind"
fi
echo "deb_test: $failures failure(s)"
[[ $failures -eq 0 ]]
