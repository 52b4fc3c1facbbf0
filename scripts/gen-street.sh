#!/usr/bin/env bash
# Writes the synthetic streets the benchmarks use, with `gridgate generate`:
#   var/streets/nancheng   40 grids / 146 workers (the size of 南城街道 in the reports)
#   var/streets/city10k    10,000 grids / 36,500 workers over 250 communities
# Usage: scripts/gen-street.sh [path/to/gridgate] [out-root]   (same seed -> same files)
set -euo pipefail
GRIDGATE=${1:-build/app/gridgate}
ROOT=${2:-var/streets}
SEED=${SEED:-1}
mkdir -p "$ROOT"
"$GRIDGATE" generate --grids 40 --workers 146 --communities 14 --seed "$SEED" --force \
  --out "$ROOT/nancheng" >/dev/null
"$GRIDGATE" generate --grids 10000 --workers 36500 --communities 250 --seed "$SEED" --force \
  --out "$ROOT/city10k" >/dev/null
echo "wrote $ROOT/nancheng and $ROOT/city10k"
