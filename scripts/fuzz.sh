#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) in build-fuzz and runs each for a bounded
# time: `scripts/fuzz.sh [seconds per fuzzer, default 60] [fuzzer name ...]`.
# The seed corpus is copied to a temporary directory, so the repository is never modified.
# Exits non-zero on any crash, sanitizer report, leak or timeout and prints the reproducer.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
shift || true
fuzzers=("$@")
if [[ ${#fuzzers[@]} -eq 0 ]]; then
  fuzzers=(sip_message_fuzzer sdp_fuzzer)
fi
if ! [[ $seconds =~ ^[0-9]+$ ]] || [[ $seconds -lt 1 ]]; then
  echo "usage: scripts/fuzz.sh [seconds per fuzzer] [fuzzer ...]" >&2
  exit 2
fi
build=${CALLWERK_FUZZ_BUILD_DIR:-$root/build-fuzz}
jobs=$(nproc)
if [[ $jobs -gt 2 ]]; then jobs=2; fi

echo "== fuzz build ($build) =="
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCALLWERK_FUZZ=ON -DCALLWERK_BENCH=OFF -DCALLWERK_E2E=OFF -DCALLWERK_UNITY_BUILD=ON >/dev/null
cmake --build "$build" -j "$jobs" --target "${fuzzers[@]}"

work=$(mktemp -d "${TMPDIR:-/tmp}/callwerk-fuzz.XXXXXX")
echo "fuzz work dir: $work (kept when something is found)"

# Runs one fuzzer for the given time; its exit status lands in $work/<fuzzer>/status.
run_fuzzer() {
  local fuzzer=$1 corpus_name corpus artifacts dict=() status=0
  corpus_name=${fuzzer%_fuzzer}
  corpus_name=${corpus_name%_message}  # sip_message_fuzzer uses corpus/sip
  corpus="$work/$fuzzer/corpus"
  artifacts="$work/$fuzzer/artifacts/"
  if [[ -f "$root/fuzz/$corpus_name.dict" ]]; then dict=(-dict="$root/fuzz/$corpus_name.dict"); fi
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:symbolize=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/fuzz/$fuzzer" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts" "${dict[@]}" "$corpus" \
    >"$work/$fuzzer/log.txt" 2>&1 || status=$?
  echo "$status" >"$work/$fuzzer/status"
}

# Each libFuzzer process uses one core: with two cores the fuzzers run side by side, each for
# the full time, so the suite waits for one fuzzing time instead of one per fuzzer.
running=0
for fuzzer in "${fuzzers[@]}"; do
  corpus_name=${fuzzer%_fuzzer}
  corpus_name=${corpus_name%_message}
  mkdir -p "$work/$fuzzer/corpus" "$work/$fuzzer/artifacts"
  if [[ -d "$root/fuzz/corpus/$corpus_name" ]]; then
    cp -r "$root/fuzz/corpus/$corpus_name/." "$work/$fuzzer/corpus/"
  fi
  echo "== $fuzzer: ${seconds}s, $(find "$work/$fuzzer/corpus" -type f | wc -l) seed inputs =="
  run_fuzzer "$fuzzer" &
  running=$((running + 1))
  if [[ $running -ge $jobs ]]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait

failed=0
for fuzzer in "${fuzzers[@]}"; do
  log="$work/$fuzzer/log.txt"
  artifacts="$work/$fuzzer/artifacts/"
  status=$(cat "$work/$fuzzer/status" 2>/dev/null || echo "no status")
  echo "== $fuzzer =="
  grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb)' "$log" || true
  reproducers=$(find "$artifacts" -type f | sort)
  if [[ $status != 0 || -n $reproducers ]]; then
    failed=1
    echo "!! $fuzzer failed (exit $status); last lines of $log:" >&2
    tail -n 60 "$log" >&2
    for file in $reproducers; do
      echo "!! reproducer: $file (run: $build/fuzz/$fuzzer $file)" >&2
      # CI's temporary files go with its machine, so the log shows the input too.
      echo "!! its first bytes (cat -v):" >&2
      head -c 2048 "$file" | cat -v >&2
      echo >&2
    done
  fi
done

if [[ $failed -ne 0 ]]; then
  echo "fuzzing found problems; work dir kept: $work" >&2
  exit 1
fi
rm -rf "$work"
echo "fuzzing: no crash, no sanitizer report"
