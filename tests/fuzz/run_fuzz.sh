#!/usr/bin/env bash
# `make fuzz [FUZZ_SECONDS=N]`: builds every fuzz target with clang's libFuzzer, the whole engine
# instrumented with ASan+UBSan (a UBSan finding aborts), and runs each target for
# NBS_FUZZ_SECONDS (default 60), one after another. Not part of CI.
#
# Each target fuzzes build-fuzz/corpus/<target>/ (grows from run to run) seeded read-only from
# tests/fuzz/corpus/<target>/ (and, for the VCF targets, tests/data/vcf). A crash, a hang
# (> 10 s for one input), a leak or a broken property lands in tests/fuzz/crashes/<target>_*;
# minimise it (tests/fuzz/README.md) and copy it into tests/fuzz/corpus/<target>/ so the ctest
# replay keeps it fixed. Prints one line per target (runs, coverage, crashes); exit 1 if any
# target crashed.
# usage: run_fuzz.sh [target...]   (default: every target)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
secs=${NBS_FUZZ_SECONDS:-60}
build="$root/build-fuzz"
all=(vcf_reader vcf_genotype_only panel_parser panel_bundle manifest)
targets=("$@")
((${#targets[@]})) || targets=("${all[@]}")
for t in "${targets[@]}"; do
  [[ " ${all[*]} " == *" $t "* ]] || { echo "run_fuzz.sh: unknown target '$t' (${all[*]})" >&2; exit 2; }
done
if ! command -v clang++ >/dev/null; then
  echo "run_fuzz.sh: clang++ not found; run 'bash scripts/install_deps.sh --fuzz' as root" >&2
  exit 1
fi
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
# clang's -Wall differs from GCC's; warnings stay errors in the GCC builds (make test).
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNBS_FUZZ=ON \
  -DNBS_BUILD_BENCH=OFF -DNBS_WERROR=OFF "${launcher[@]}" >/dev/null
cmake --build "$build" -j "$(nproc)" --target "${targets[@]/#/fuzz_}"

crashes="$root/tests/fuzz/crashes"
mkdir -p "$crashes" "$build/logs"
export NBS_SCRATCH_DIR="$build/scratch"
# A UBSan report aborts with a stack; leaks are findings too.
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0
failed=()
summary=()
for t in "${targets[@]}"; do
  work="$build/corpus/$t"
  mkdir -p "$work"
  seeds=("$root/tests/fuzz/corpus/$t")
  case $t in vcf_*) seeds+=("$root/tests/data/vcf") ;; esac
  log="$build/logs/$t.log"
  echo "== fuzzing $t for ${secs}s (log: $log)"
  rc=0
  "$build/tests/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
    -print_final_stats=1 -artifact_prefix="$crashes/${t}_" "$work" "${seeds[@]}" >"$log" 2>&1 || rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
  found=$(grep -cE '^(==[0-9]+==ERROR|SUMMARY: (Address|UndefinedBehavior|libFuzzer)|.*runtime error:|fuzz property broken)' "$log" || true)
  line="$t: ${secs}s, ${runs:-?} runs, ${cov:-cov ?}, corpus $(find "$work" -type f | wc -l) files, exit $rc"
  if ((rc != 0)); then
    line+=" -- CRASHED ($found report lines; artifact: $(grep -o 'Test unit written to .*' "$log" | tail -1))"
    failed+=("$t")
  fi
  echo "$line"
  summary+=("$line")
done
echo
echo "== summary"
printf '%s\n' "${summary[@]}"
if ((${#failed[@]})); then
  echo "run_fuzz.sh: crashes in: ${failed[*]} (see tests/fuzz/crashes/ and build-fuzz/logs/)" >&2
  exit 1
fi
