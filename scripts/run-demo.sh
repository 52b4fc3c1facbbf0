#!/usr/bin/env bash
# Starts the gateway on the demo street (called by `make run`). Creates an admin token on the
# first run and keeps it in var/admin.token (outside git, readable by the owner only).
set -euo pipefail
BIN=${1:-build/app/gridgate}
CONFIG=${2:-config/demo}
DB=${3:-var/gridgate.db}
LISTEN=${4:-127.0.0.1:8080}

mkdir -p "$(dirname "$DB")" var
"$BIN" check --config "$CONFIG" >/dev/null
if [[ ! -s var/admin.token ]]; then
  umask 077
  "$BIN" token create --role admin --name "make run" --config "$CONFIG" --db "$DB" > var/admin.token 2>/dev/null
fi
cat <<MSG

  gridgate — $(grep -o '"name": *"[^"]*街道"' "$CONFIG/street.json" | head -1 | cut -d'"' -f4) demo
  URL:          http://$LISTEN/            (dashboard; paste the admin token there)
  Health:       http://$LISTEN/healthz
  Admin token:  var/admin.token            (or: $BIN token create --role admin --config $CONFIG --db $DB)
  Try:          curl -H "Authorization: Bearer \$(cat var/admin.token)" http://$LISTEN/api/stats
  Stop with Ctrl-C.

MSG
exec "$BIN" serve --config "$CONFIG" --db "$DB" --listen "$LISTEN"
