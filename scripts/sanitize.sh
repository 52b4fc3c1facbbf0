#!/usr/bin/env bash
# The unit and end-to-end suites under ASan + UBSan (build-asan, every ctest but the browser
# tests), then the store, dispatcher and server suites under TSan (build-tsan). Non-zero when a
# test fails or a sanitizer reports anything. Prints the minutes each part took.
# Usage: scripts/sanitize.sh [asan|tsan|all]   (default all)
set -euo pipefail
cd "$(dirname "$0")/.."
WHAT=${1:-all}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
LAUNCHER=()
command -v ccache >/dev/null && LAUNCHER=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
minutes() { echo $(( ($(date +%s) - $1 + 59) / 60 )); }

if [[ $WHAT == asan || $WHAT == all ]]; then
  t0=$(date +%s)
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGRIDGATE_BUILD_TESTS=ON \
    -DGRIDGATE_SANITIZE=address,undefined "${LAUNCHER[@]}" >/dev/null
  cmake --build build-asan -j "$JOBS"
  # Browser tests drive chromium against the binary; they test the pages, not memory safety.
  (cd build-asan && ctest -j "$JOBS" --output-on-failure -E '^web_')
  echo "sanitize: asan+ubsan build and suites took $(minutes "$t0") min"
fi

if [[ $WHAT == tsan || $WHAT == all ]]; then
  t0=$(date +%s)
  cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGRIDGATE_BUILD_TESTS=ON \
    -DGRIDGATE_SANITIZE=thread "${LAUNCHER[@]}" >/dev/null
  # The suites with threads of their own: group commit, the dispatcher's workers, the HTTP pool.
  TSAN_TESTS=(storage_test dispatcher_test http_api_test guarded_server_test events_test)
  cmake --build build-tsan -j "$JOBS" --target "${TSAN_TESTS[@]}"
  (cd build-tsan && ctest -j "$JOBS" --output-on-failure -R "^($(IFS='|'; echo "${TSAN_TESTS[*]}"))\$")
  echo "sanitize: tsan build and suites took $(minutes "$t0") min"
fi
