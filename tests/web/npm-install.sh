#!/usr/bin/env bash
# Installs the browser-test tooling (playwright-core only, pinned by package-lock.json) into
# tests/web/node_modules, the ctest fixture "web_tooling" every browser test needs. Idempotent:
# nothing to do (and no network) while node_modules matches package.json + package-lock.json.
# No browser is downloaded: playwright-core has no install script and the tests drive Debian's
# chromium (scripts/install-deps.sh installs it, with node and npm).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

want=$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)
stamp=node_modules/.gridgate-installed
if [[ -f $stamp && "$(cat "$stamp")" == "$want" && -f node_modules/playwright-core/package.json ]]; then
  echo "tests/web/node_modules up to date"
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "npm not found: run scripts/install-deps.sh (Debian packages nodejs + npm)" >&2
  exit 1
fi
npm ci --no-audit --no-fund --ignore-scripts
echo "$want" > "$stamp"
echo "tests/web/node_modules installed: playwright-core $(node -p 'require("playwright-core/package.json").version')"
