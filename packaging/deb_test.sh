#!/usr/bin/env bash
# The Debian package as a user gets it: unpack build-deb/gridgate_*.deb into a temporary root
# (dpkg -x, what dpkg would install), check the paths, the unit and the maintainer scripts, and
# run the installed binary's `check` on the installed example config from inside that root,
# with the source tree hidden (a private mount namespace with an empty directory over it) when
# unshare is allowed — so nothing the check reads can come from the source tree.
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
echo "deb_test: $failures failure(s)"
[[ $failures -eq 0 ]]
