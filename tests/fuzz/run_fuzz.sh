#!/usr/bin/env bash
# `make fuzz`: builds the fuzz targets with clang's libFuzzer + ASan/UBSan and runs each for
# NBS_FUZZ_SECONDS (default 60). Not part of CI. New crashes land in tests/fuzz/crashes/; copy a
# minimised one into tests/fuzz/corpus/<target>/ so the ctest replay keeps it fixed.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
secs=${NBS_FUZZ_SECONDS:-60}
if ! command -v clang++ >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y -qq clang >/dev/null; else echo "install clang (apt-get install clang)"; exit 1; fi
fi
build="$root/build-fuzz"
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNBS_FUZZ=ON \
  -DNBS_BUILD_BENCH=OFF -DNBS_WERROR=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target fuzz_vcf_reader fuzz_panel_parser
mkdir -p "$root/tests/fuzz/crashes"
for t in vcf_reader:vcf panel_parser:panel; do
  target=${t%%:*}; corpus=${t##*:}
  work=$(mktemp -d)
  cp -r "$root/tests/fuzz/corpus/$corpus/." "$work/"
  [ "$corpus" = vcf ] && cp -r "$root/tests/data/vcf/." "$work/" 2>/dev/null || true
  echo "== fuzzing $target for ${secs}s"
  "$build/tests/fuzz_$target" -max_total_time="$secs" -artifact_prefix="$root/tests/fuzz/crashes/${target}_" "$work"
done
