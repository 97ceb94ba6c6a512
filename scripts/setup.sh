#!/usr/bin/env bash
# Installs the Debian 12 packages callwerk needs, only those missing (idempotent).
#   scripts/setup.sh          build and run
#   scripts/setup.sh --test   also what the test suite needs (SIPp, baresip, Chromium, Node,
#                             wrk, clang for the fuzz targets)
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libboost-dev nlohmann-json3-dev libyaml-cpp-dev libsqlite3-dev sqlite3
  libspdlog-dev libfmt-dev libcli11-dev libsodium-dev libcsv-dev
  libssl-dev libspandsp-dev libspeexdsp-dev libsoxr-dev libespeak-ng-dev espeak-ng-data
  liburing-dev libjemalloc-dev
  libxapian-dev
)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(
    libgtest-dev libgmock-dev libbenchmark-dev clang-format
    chromium wrk procps
    sip-tester baresip clang libclang-rt-14-dev
  )
  # Node.js may come from elsewhere with npm bundled (Debian's npm would conflict with it).
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    packages+=(nodejs npm)
  fi
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  sudo_cmd=(sudo)
fi
echo "callwerk setup: installing ${missing[*]}" >&2
"${sudo_cmd[@]}" apt-get update -q
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q "${missing[@]}"
