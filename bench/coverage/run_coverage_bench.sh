#!/usr/bin/env bash
# Coverage part of `make bench`: nbscreen's target depth against mosdepth on the same CRAM and the
# same targets, in the same run, after checking that both give the same answer.
#   real: tests/data NA12878 hg19 chr20:10.0-10.1 Mb CRAM, hand-made targets in that window
#   sim:  bench/data/coverage/sim30x.cram (make_cram.sh, 30x over 3 Mb of GRCh38 chr20) with the
#         panel's own chr20 targets (panel density) and with a target every 10 kb (exome density)
# mosdepth runs as: mosdepth -n -F 3844 -Q 10 --thresholds 15,20 --by targets.bed -f REF
# (-F 3844 = mosdepth's default 1796 plus supplementary, the reads nbscreen leaves out).
# Prints wall seconds (best of N runs, one thread each) and mosdepth/nbscreen.
# Usage: bash bench/coverage/run_coverage_bench.sh BUILD_DIR   (exit 0 with a note if mosdepth is absent)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
runs=${NBS_BENCH_RUNS:-3}
shared_ref=$root/../shared/data/alignments/deepvariant/grch38.chr20_and_21_10M.fa.gz

if ! command -v mosdepth > /dev/null; then
    echo "[coverage bench] mosdepth not installed (apt-get install mosdepth): skipped"
    exit 0
fi
for lib in core genome io panel coverage; do
    [[ -f $build/engine/libnbs_$lib.a ]] || { echo "[coverage bench] $build/engine/libnbs_$lib.a missing: build first" >&2; exit 1; }
done

# The driver links the engine's own static libraries, so it times exactly the code nbscreen runs.
work=$build/bench/coverage
mkdir -p "$work"
driver=$work/coverage_depth
if [[ ! -x $driver || $root/bench/coverage/coverage_depth.cpp -nt $driver || $build/engine/libnbs_io.a -nt $driver ]]; then
    # shellcheck disable=SC2046
    g++ -std=c++20 -O2 -I"$root" -I"$build/engine/generated" "$root/bench/coverage/coverage_depth.cpp" \
        "$build/engine/libnbs_coverage.a" "$build/engine/libnbs_io.a" "$build/engine/libnbs_genome.a" \
        "$build/engine/libnbs_core.a" $(pkg-config --libs htslib libdeflate) -o "$driver"
fi
[[ -f $shared_ref ]] && bash "$root/bench/coverage/make_cram.sh" "$root" > /dev/null

best_of() {  # best wall time of $runs runs of "$@", output discarded
    local best="" t0 t1 t
    for ((i = 0; i < runs; i++)); do
        t0=$(date +%s.%N)
        "$@" > /dev/null 2>&1
        t1=$(date +%s.%N)
        t=$(echo "$t1 - $t0" | bc -l)
        if [[ -z $best ]] || (($(echo "$t < $best" | bc -l))); then best=$t; fi
    done
    printf '%.3f' "$best"
}

compare() {  # name cram ref bed
    local name=$1 cram=$2 ref=$3 bed=$4 prefix=$work/md_$1
    mosdepth -n -F 3844 -Q 10 --thresholds 15,20 --by "$bed" -f "$ref" "$prefix" "$cram" 2> "$work/$name.mosdepth.err"
    "$driver" "$cram" "$bed" "$ref" > "$work/$name.nbscreen.tsv"
    if ! diff -q <(gzip -dc "$prefix.thresholds.bed.gz" | grep -v '^#') "$work/$name.nbscreen.tsv" > /dev/null; then
        echo "[coverage bench] $name: nbscreen and mosdepth disagree; not timing (see $work)" >&2
        return 1
    fi
    local n_targets t_nbs t_md
    n_targets=$(wc -l < "$bed")
    t_nbs=$(best_of "$driver" "$cram" "$bed" "$ref")
    t_md=$(best_of mosdepth -n -F 3844 -Q 10 --thresholds 15,20 --by "$bed" -f "$ref" "$prefix" "$cram")
    printf '%-6s %-34s %8s %10s %10s %9s\n' "$name" "$(basename "$cram")" "$n_targets" "$t_nbs" "$t_md" \
        "$(echo "scale=1; $t_md / $t_nbs" | bc -l)x"
}

echo "[coverage bench] per-target bases >= 15x/20x agree with mosdepth $(mosdepth --version | awk '{print $2}') before timing; best of $runs"
printf '%-6s %-34s %8s %10s %10s %9s\n' case cram targets nbscreen_s mosdepth_s ratio
compare real "$root/tests/data/alignments/NA12878_S1.chr20.10_10p1mb.cram" \
    "$root/tests/data/alignments/ucsc.hg19.chr20.unittest.fasta.gz" "$root/tests/data/coverage/na12878_chr20_targets.bed"
if [[ -f $root/bench/data/coverage/sim30x.cram ]]; then
    compare panel "$root/bench/data/coverage/sim30x.cram" "$shared_ref" "$root/bench/data/coverage/panel_targets.bed"
    compare dense "$root/bench/data/coverage/sim30x.cram" "$shared_ref" "$root/bench/data/coverage/dense_targets.bed"
    # End to end: one baby, generation-study panel, VCF plus the CRAM (coverage, sex windows, VCF).
    t_screen=$(best_of "$build/cli/nbscreen" screen --panel "$root/panels/generation-study" \
        --vcf "$root/sample_data/baby01.vcf.gz" --cram "$root/bench/data/coverage/sim30x.cram" \
        --reference "$shared_ref" --out "$work/screen" --force --quiet --no-provenance)
    echo "[coverage bench] nbscreen screen (generation-study, baby01.vcf.gz + sim30x.cram): ${t_screen}s"
else
    echo "[coverage bench] $shared_ref not found: generated CRAM skipped"
fi

# The SMN1 copy-number call's own cost (docs/performance.md, "SMN").
bash "$root/bench/coverage/run_smn_bench.sh" "$build"
