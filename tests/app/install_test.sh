#!/usr/bin/env bash
# `cmake --install` into a temporary root (DESTDIR): the usual places (bin, share/gridgate,
# /etc/gridgate, /var/lib/gridgate, the systemd unit), and the installed binary's `check`
# passes on the installed example config with the assets from the installed share dir — from a
# directory far from the source tree. A wrong share dir fails, so the assets really come from it.
# Usage: install_test.sh BUILD_DIR
set -uo pipefail
BUILD=$(realpath "$1")
ROOT=$(mktemp -d)
trap 'rm -rf "$ROOT"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

PREFIX=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$BUILD/CMakeCache.txt")
if [[ $PREFIX == /usr ]]; then ETC=/etc; VAR=/var; else ETC=$PREFIX/etc; VAR=$PREFIX/var; fi
DESTDIR=$ROOT cmake --install "$BUILD" >"$ROOT.install.log" 2>&1 || { cat "$ROOT.install.log"; rm -f "$ROOT.install.log"; exit 1; }
rm -f "$ROOT.install.log"
SHARE=$ROOT$PREFIX/share/gridgate
for f in "$PREFIX/bin/gridgate" "$PREFIX/share/gridgate/web/index.html" "$PREFIX/share/gridgate/rules/zh" \
         "$ETC/gridgate/gridgate.json" "$ETC/gridgate/street.json" "$ETC/gridgate/communities" \
         "$ETC/gridgate/secrets.env.example" "$PREFIX/lib/systemd/system/gridgate.service" "$VAR/lib/gridgate"; do
  [[ -e $ROOT$f ]] && pass "installed $f" || fail "missing $f"
done
unit=$ROOT$PREFIX/lib/systemd/system/gridgate.service
grep -qx "EnvironmentFile=-$ETC/gridgate/secrets.env" "$unit" && grep -qx "ExecStart=$PREFIX/bin/gridgate serve --config $ETC/gridgate" "$unit" \
  && pass "the unit runs the installed binary with EnvironmentFile=" || fail "unit: $(cat "$unit")"
grep -q "\"path\": \"$VAR/lib/gridgate/gridgate.db\"" "$ROOT$ETC/gridgate/gridgate.json" \
  && pass "the example config keeps its data in $VAR/lib/gridgate" || fail "db path in gridgate.json"

cd "$ROOT" || exit 1
out=$(env -u GRIDGATE_SOURCE_DIR "$ROOT$PREFIX/bin/gridgate" --share-dir "$SHARE" check --config "$ROOT$ETC/gridgate" 2>&1); rc=$?
if [[ $rc -eq 0 && $out == *"\"$SHARE/rules/zh\""* && $out == *'"intents":'* ]]; then
  pass "the installed gridgate check passes on the installed config ($(echo "$out" | grep -o '"intents": [0-9]*'))"
else
  fail "installed check: rc=$rc $out"
fi
out=$("$ROOT$PREFIX/bin/gridgate" --share-dir "$ROOT/nowhere" check --config "$ROOT$ETC/gridgate" 2>&1); rc=$?
[[ $rc -ne 0 && $out == *'share_dir'* ]] && pass "a wrong share dir fails check" || fail "wrong share dir: rc=$rc $out"
echo "install_test: $failures failure(s)"
[[ $failures -eq 0 ]]
