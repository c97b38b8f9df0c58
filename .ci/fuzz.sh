#!/usr/bin/env bash
# Fuzzes familyties for a bounded time: each target in fuzz/ (front_matter, markdown,
# site_build) runs for FUZZ_SECONDS seconds (default 60). Skips, with a message, when
# cargo-fuzz is not installed. Not part of .ci/run.
#
#   FUZZ_SECONDS=300 .ci/fuzz.sh            # longer runs
#   FUZZ_TARGETS="markdown" .ci/fuzz.sh     # one target
#   FUZZ_SANITIZER=address .ci/fuzz.sh      # with AddressSanitizer (slower to build)
#
# A crash is saved under fuzz/artifacts/<target>/; minimise it, fix the bug, and keep the
# input in tests/regressions/<target>/ (tests/hostile_input.rs replays every file there).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-60}"
sanitizer="${FUZZ_SANITIZER:-none}"
read -r -a targets <<<"${FUZZ_TARGETS:-front_matter markdown site_build}"

if ! [[ "$seconds" =~ ^[0-9]+$ ]] || ((seconds < 1)); then
  echo ".ci/fuzz.sh: FUZZ_SECONDS must be a whole number of seconds, not '$seconds'" >&2
  exit 2
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo ".ci/fuzz.sh: SKIPPED: cargo-fuzz is not installed (install it with: cargo install cargo-fuzz)"
  exit 0
fi

# cargo-fuzz passes nightly-only flags to rustc; on a stable toolchain RUSTC_BOOTSTRAP
# lets them through.
if ! rustc --version | grep -q nightly; then
  export RUSTC_BOOTSTRAP=1
fi

root="$(pwd)"
# Optimised, with debug assertions and overflow checks (cargo-fuzz's default, no -O).
echo "== cargo fuzz build (sanitizer: $sanitizer)"
if ! cargo fuzz build -s "$sanitizer"; then
  echo ".ci/fuzz.sh: the fuzz targets do not build" >&2
  exit 1
fi
host="$(rustc -vV | sed -n 's/^host: //p')"
bin_dir="$root/fuzz/target/$host/release"
if [[ "$sanitizer" == address ]]; then
  export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_odr_violation=0}"
fi

failed=()
for target in "${targets[@]}"; do
  work="$root/fuzz/corpus-work/$target" # what the fuzzer adds (not kept in git)
  seeds="$root/fuzz/corpus/$target"     # the small seed corpus (kept)
  artifacts="$root/fuzz/artifacts/$target"
  mkdir -p "$work" "$artifacts"
  echo "== fuzz $target for ${seconds}s"
  # Run the binary built above (`cargo fuzz run` would build again).
  if ! "$bin_dir/$target" -artifact_prefix="$artifacts/" -max_total_time="$seconds" \
    -max_len=65536 -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 "$work" "$seeds"; then
    failed+=("$target")
    echo ".ci/fuzz.sh: $target FAILED; the input is in fuzz/artifacts/$target/" >&2
    echo "  minimise it:  RUSTC_BOOTSTRAP=1 cargo fuzz tmin -s $sanitizer $target fuzz/artifacts/$target/<file>" >&2
    echo "  then fix the bug and copy the input into tests/regressions/$target/" >&2
  fi
done

if ((${#failed[@]})); then
  echo ".ci/fuzz.sh: crashes in: ${failed[*]}" >&2
  exit 1
fi
echo ".ci/fuzz.sh: no crashes in ${targets[*]} (${seconds}s each)"
