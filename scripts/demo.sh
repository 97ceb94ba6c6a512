#!/usr/bin/env bash
# Sets everything up and runs the demo: both demo tenants, web UI and API on port 8080.
#   scripts/demo.sh [--port N] [--address A] [--data-dir DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$root/build" --target callwerk -j "$(nproc)"
exec "$root/build/callwerk" demo --data-dir "$root/demo-data" --examples "$root/examples/demo" "$@"
