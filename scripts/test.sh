#!/usr/bin/env bash
# Sets everything up and runs the whole test suite, all of it against one build under
# AddressSanitizer + UndefinedBehaviorSanitizer: the unit, API and CLI tests, then the SIP tests
# (SIPp, baresip) and the browser tests (headless Chromium) against that same callwerk binary,
# so a memory error or leak on a real call path fails the suite too (tests/e2e/lib/server.mjs
# checks each server's exit). A second, optimised build only for the SIP and browser tests cost
# CI's 2 cores six minutes of compiling. The last line is ctest's summary of the SIP, browser
# and format tests.
#
# Kept short for CI's 2 cores: the libraries and the unit and API tests are unity builds
# (CALLWERK_UNITY_BUILD), each GoogleTest binary runs as a few shards instead of one process per
# test (CALLWERK_TEST_SHARDS), the fuzzers run side by side, and the browser and SIP tests, which
# mostly wait on timers and the network, run more at a time than there are cores.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc)
"$root/scripts/setup.sh" --test

# Browser tests drive Debian's Chromium with playwright-core from the npm registry.
if [[ ! -d "$root/tests/e2e/node_modules/playwright-core" ]]; then
  (cd "$root/tests/e2e" && npm ci --no-audit --no-fund --loglevel=error)
fi

# abort_on_error: a sanitizer report ends the process (a test binary or a test's server) at once.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

echo "== sanitizer build (ASan + UBSan) =="
# -g1 (line tables) is enough for the sanitizers' stack traces and compiles faster than -g.
cmake -S "$root" -B "$root/build-asan" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 \
  -DCALLWERK_SANITIZE=ON -DCALLWERK_BENCH=OFF -DCALLWERK_E2E=ON -DCALLWERK_UNITY_BUILD=ON \
  -DCALLWERK_TEST_SHARDS=$((jobs * 4)) >/dev/null
cmake --build "$root/build-asan" -j "$jobs"
ctest --test-dir "$root/build-asan" --output-on-failure -j "$jobs" -L '^(unit|api|cli)$'

# The SIP and SDP parsers face the network: a bounded libFuzzer run (clang, ASan + UBSan,
# about 30 s per target plus its build) fails the suite on any crash or sanitizer report.
echo "== fuzzing (SIP, SDP) =="
"$root/scripts/fuzz.sh" 30

echo "== SIP, browser and format tests =="
# Twice the cores: a browser test counts as two (PROCESSORS in tests/CMakeLists.txt), a SIP test
# as one, and each starts its own server with its own ports and data directory.
ctest --test-dir "$root/build-asan" --output-on-failure -j $((jobs * 2)) -LE '^(unit|api|cli)$'
