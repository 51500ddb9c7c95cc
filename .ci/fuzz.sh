#!/usr/bin/env bash
# Coverage-guided fuzzing of the domain's parsers (app/domain/fuzz: the co-drafting frame, the importer, the
# Markdown round trip) with cargo fuzz.
#   .ci/fuzz.sh --seconds N   a campaign (`make fuzz`): N seconds per target from the clock's seed; inputs that
#                             reach new code are added to the repository's corpus (minimise them with
#                             `cargo +nightly fuzz cmin --fuzz-dir app/domain/fuzz TARGET` before committing).
#   .ci/fuzz.sh --runs N      the short run of `make test`: N inputs of the frame target from a fixed seed, new
#                             ones into a scratch directory.
# A crash stops that target's run (the others still run) and the script fails; the input and the log are in
# app/domain/fuzz/artifacts/TARGET/. Without a nightly toolchain this says
# so and stops: `cargo test` replays the corpus through the same promises either way
# (app/domain/tests/fuzz_corpus.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:?--seconds N or --runs N}
amount=${2:?how many}
export PATH="$HOME/.cargo/bin:$PATH"

if ! cargo +nightly --version >/dev/null 2>&1 || ! cargo fuzz --version >/dev/null 2>&1; then
  echo "[fuzz] no nightly toolchain or no cargo-fuzz here: the coverage-guided run is skipped"
  exit 0
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# A declared count of blocks makes yrs reserve address space it never touches, or fail to and refuse the frame
# (see ydoc/frame.rs): the limit that matters is on memory used, and an allocation too large for the machine
# returns an error, as it does outside the sanitizer.
limits=(-rss_limit_mb=4096 -malloc_limit_mb=65536)
export ASAN_OPTIONS=allocator_may_return_null=1
targets=(frame import markdown)
# libFuzzer's run from a fixed seed did not repeat itself between machines (a fresh clone's run of the import
# target found an input that the same run here had not): the short run takes only the frame target, which no
# campaign has found anything in since its last fix; `make fuzz` runs them all.
[ "$mode" = "--runs" ] && targets=(frame)
failed=0
for target in "${targets[@]}"; do
  corpus=app/domain/fuzz/corpus/$target
  case $mode in
    --seconds) dirs=("$corpus"); budget=(-max_total_time="$amount") ;;
    --runs) mkdir -p "$scratch/$target"; dirs=("$scratch/$target" "$corpus"); budget=(-runs="$amount" -seed=1) ;;
    *) echo "usage: $0 --seconds N | --runs N" >&2; exit 2 ;;
  esac
  log=$scratch/$target.log
  echo "[fuzz] $target: ${budget[*]}"
  status=0
  cargo +nightly fuzz run --fuzz-dir app/domain/fuzz "$target" "${dirs[@]}" -- \
    "${budget[@]}" "${limits[@]}" -print_final_stats=1 >"$log" 2>&1 || status=$?
  { grep -aE '^(stat::number_of_executed_units|stat::new_units_added)' "$log" || true; } | sed 's/^/[fuzz]   /'
  if [ "$status" -ne 0 ]; then
    # The whole log stays beside the input that failed; the other targets still run.
    mkdir -p "app/domain/fuzz/artifacts/$target"
    cp "$log" "app/domain/fuzz/artifacts/$target/last-run.log"
    { grep -aE 'panicked|ERROR: libFuzzer|SUMMARY|Test unit written|^error' -A3 "$log" || true; } | head -40
    echo "[fuzz] $target failed (exit $status): app/domain/fuzz/artifacts/$target/"
    failed=1
  fi
done
exit "$failed"
