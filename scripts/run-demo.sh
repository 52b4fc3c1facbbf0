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
TOKEN=$(cat var/admin.token)
cat <<MSG

  gridgate — $(grep -o '"name": *"[^"]*街道"' "$CONFIG/street.json" | head -1 | cut -d'"' -f4) demo
  大屏 (one click):  http://$LISTEN/#token=$TOKEN
  Health:            http://$LISTEN/healthz
  Admin token:       var/admin.token   (another: $BIN token create --role admin --config $CONFIG --db $DB)
  Try — a resident's message in grid 滨河社区第一网格's group, then watch it on the 大屏:
    curl -X POST http://$LISTEN/hooks/onebot -H 'Content-Type: application/json' \\
      -d '{"post_type":"message","message_type":"group","self_id":10001,"group_id":81000101,"user_id":3900001,"message_id":'\$RANDOM',"message":"3号楼楼道灯坏了好几天了，晚上太黑","sender":{"nickname":"王阿姨"}}'
  Stop with Ctrl-C.

MSG
exec "$BIN" serve --config "$CONFIG" --db "$DB" --listen "$LISTEN"
