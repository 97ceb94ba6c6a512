#!/usr/bin/env bash
# Fails when a C++ file differs from the repository's .clang-format style.
set -euo pipefail
cd "$(dirname "$0")/.."
git ls-files -co --exclude-standard -- 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' \
  'bench/*.cpp' 'bench/*.hpp' 'fuzz/*.cpp' | xargs -r clang-format --dry-run --Werror
