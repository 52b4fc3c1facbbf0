#!/usr/bin/env bash
# Installs the Debian 12 packages gridgate builds, tests and benchmarks with.
# Idempotent and quiet when everything is present: only missing packages reach apt-get.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config
  libcpp-httplib-dev libssl-dev zlib1g-dev libbrotli-dev   # HTTP server/client (+ its TLS/compression ABI)
  libsqlitecpp-dev libsqlite3-dev sqlite3                  # embedded storage
  libpqxx-dev                                              # PostgreSQL engine (several gateways, one database)
  postgresql                                               # tests: the throwaway cluster the PostgreSQL tests start (initdb, pg_ctl)
  libre2-dev                                               # intent matching
  nlohmann-json3-dev                                       # JSON (config, API, protocols)
  libpugixml-dev                                           # WeCom XML envelopes; .xlsx sheet XML
  libzip-dev                                               # gridgate import: an .xlsx roster is a zip (Debian has no C++ XLSX reader)
  libboost-dev                                             # Boost.Beast: OneBot reverse/forward WebSocket
  libspdlog-dev libfmt-dev                                 # structured logging
  libcli11-dev                                             # sub-command CLI
  libphonenumber-dev                                       # which numbers are mobiles (SMS never to a landline)
  libqrencode-dev                                          # QR codes of the resident pages
  libopencc-dev opencc                                     # traditional -> simplified data
  libgtest-dev libgmock-dev                                # tests
  zbar-tools                                               # tests: zbarimg decodes the QR codes
  libmagickcore-6.q16-6-extra                              # tests: the SVG reader zbarimg needs for the QR codes (only a recommends of imagemagick)
  python3                                                  # rule-pack evaluation script
  chromium                                                 # browser tests (tests/web): the headless browser playwright-core drives
  fonts-noto-cjk                                           # browser tests: Chinese glyphs, so the pages render and lay out as on a phone
  debhelper dh-cmake dpkg-dev                              # make deb: Debian's own packaging tools (debian/)
)
# Browser tests run on Node.js, and npm installs their one package (tests/web/npm-install.sh,
# the ctest fixture web_tooling). Debian's only when there is no node/npm yet: a machine with
# NodeSource's nodejs already has both (its npm inside; Debian's npm package would conflict).
command -v node >/dev/null || PACKAGES+=(nodejs)
command -v npm >/dev/null || PACKAGES+=(npm)
# make fuzz: Debian's clang and its runtime libraries (libFuzzer, ASan, UBSan).
if [[ "${GRIDGATE_FUZZ_DEPS:-0}" == 1 ]]; then
  PACKAGES+=(clang libclang-rt-14-dev)
fi
if [[ "${GRIDGATE_BENCH_DEPS:-0}" == 1 ]]; then
  PACKAGES+=(libbenchmark-dev wrk)   # wrk: bench/http.sh and bench/ingest.sh
  if [[ "$(dpkg --print-architecture)" == amd64 ]]; then PACKAGES+=(libhyperscan-dev); fi
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "installing: ${missing[*]}"
SUDO=""
[[ $(id -u) -ne 0 ]] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
