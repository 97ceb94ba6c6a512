#!/usr/bin/env bash
# Sets everything up and runs the whole test suite. Unit, API and CLI tests run under
# AddressSanitizer + UndefinedBehaviorSanitizer; then the normal (optimised) build runs the CLI
# tests again with the browser and SIP tests against the real binary. The unit and in-process
# API tests (and the benchmarks) are not compiled a second time there: that alone took CI's 2
# cores minutes, and the sanitizer run is the stricter one. The last line is ctest's summary of
# the normal build.
#
# Kept short for CI's 2 cores: the libraries are unity builds (CALLWERK_UNITY_BUILD), each
# GoogleTest binary runs as a few shards instead of one process per test
# (CALLWERK_TEST_SHARDS), the fuzzers run side by side, and the browser and SIP tests, which
# mostly wait on timers and the network, run more at a time than there are cores.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc)
"$root/scripts/setup.sh" --test

# Browser tests drive Debian's Chromium with playwright-core from the npm registry.
if [[ ! -d "$root/tests/e2e/node_modules/playwright-core" ]]; then
  (cd "$root/tests/e2e" && npm ci --no-audit --no-fund --loglevel=error)
fi

echo "== sanitizer build (ASan + UBSan) =="
# -g1 (line tables) is enough for the sanitizers' stack traces and compiles faster than -g.
cmake -S "$root" -B "$root/build-asan" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 \
  -DCALLWERK_SANITIZE=ON -DCALLWERK_BENCH=OFF -DCALLWERK_E2E=OFF -DCALLWERK_UNITY_BUILD=ON \
  -DCALLWERK_TEST_SHARDS=$((jobs * 4)) >/dev/null
cmake --build "$root/build-asan" -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir "$root/build-asan" --output-on-failure -j "$jobs" -E '^format$'

# The SIP and SDP parsers face the network: a bounded libFuzzer run (clang, ASan + UBSan,
# about 30 s per target plus its build) fails the suite on any crash or sanitizer report.
echo "== fuzzing (SIP, SDP) =="
"$root/scripts/fuzz.sh" 30

echo "== normal build =="
# Optimised as the default build, without debug info: CI never debugs this binary, and -g costs
# a fifth of the compile time.
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG" -DCALLWERK_E2E=ON -DCALLWERK_UNIT_TESTS=OFF \
  -DCALLWERK_API_TESTS=OFF -DCALLWERK_BENCH=OFF \
  -DCALLWERK_UNITY_BUILD=ON -DCALLWERK_TEST_SHARDS=$((jobs * 4)) >/dev/null
cmake --build "$root/build" -j "$jobs"
# Twice the cores: a browser test counts as two (PROCESSORS in tests/CMakeLists.txt), a SIP test
# as one, and each starts its own server with its own ports and data directory.
ctest --test-dir "$root/build" --output-on-failure -j $((jobs * 2))
