#!/usr/bin/env bash
# run_bench.sh BUILD: the `make bench` entry point. Generates the benchmark data when missing
# (bench/gen/make_bench_data.sh), then measures nbscreen against its peers and prints one table
# of ratios. Each pair is measured in the same run, alternating A and B, and the median of the
# repeats is used, so a busy machine slows both sides alike.
#
# Environment:
#   NBS_BENCH_SMALL=1   use the --small data (50 k records; a smoke run, not a measurement)
#   NBS_BENCH_REPS=N    repeats per timed pair [default 5]
#   NBS_BENCH_BABIES=N  babies in the batch comparison [default 200]
#   NBS_BENCH_MULTI=N   babies in the multi-sample vs single-sample comparison [default 20]
#   NBS_BENCH_SKIP_MICRO=1  skip the Google Benchmark micro-benchmarks
#   NBS_BENCH_SKIP_COHORT=1 skip the cohort benchmarks (bench/e2e/cohort_bench.sh, BUILD/bench/cohort_results.md)
#   NBS_BENCH_SKIP_RESCREEN=1 skip rescreen vs screen (bench/e2e/rescreen_bench.sh, BUILD/bench/rescreen_results.md)
# Results: the table on stdout and in BUILD/bench/results.md; raw timings in BUILD/bench/raw.tsv.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench_tag=bench
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
bench_setup "${1:-build}" bcftools bgzip tabix python3
micro=$BUILD/bench/nbs_micro_bench
reps=${NBS_BENCH_REPS:-5}
n_babies=${NBS_BENCH_BABIES:-200}
n_multi=${NBS_BENCH_MULTI:-20}
work=$BUILD/bench
mkdir -p "$work"

# ---- data
if [ "${NBS_BENCH_SMALL:-0}" = 1 ]; then
    bash "$root/bench/gen/make_bench_data.sh" --small --only wgs,multi100
    data=$root/bench/data/small
else
    bash "$root/bench/gen/make_bench_data.sh" --only wgs,multi100
    data=$root/bench/data
fi
wgs=$data/wgs_30x.vcf.gz
wgs_bcf=$data/wgs_30x.bcf
multi=$data/multi_100.vcf.gz
for f in "$wgs" "$wgs.tbi" "$wgs_bcf" "$multi" "$multi.tbi"; do [ -f "$f" ] || die "$f is missing"; done

bed=$work/panel.bed
python3 "$root/bench/e2e/panel_bed.py" "$panel" >"$bed"
# The issue's peer (issue 12 item 2): the gene spans +-2 kb only, BCF out uncompressed.
genes_bed=$work/genes.bed
python3 "$root/bench/e2e/panel_bed.py" "$panel" --genes-only >"$genes_bed"

# The same babies as single-sample files, for the multi-sample comparison (one bcftools pass).
split=$data/split_multi_100
if [ ! -f "$split/done.$n_multi" ]; then
    log "splitting $n_multi samples of $(basename "$multi") into single-sample files (bcftools +split)"
    rm -rf "$split" "$split.tmp"
    mkdir -p "$split.tmp"
    seq -f 'SAMPLE%04g' 1 "$n_multi" >"$split.tmp/samples.txt"
    bcftools +split -S "$split.tmp/samples.txt" -i 'GT="alt"' -Oz -o "$split.tmp" "$multi"
    for f in "$split.tmp"/SAMPLE*.vcf.gz; do tabix -p vcf "$f"; done
    touch "$split.tmp/done.$n_multi"
    mv "$split.tmp" "$split"
fi

# ---- timing helpers
raw=$work/raw.tsv
: >"$raw"
# pair LABEL_A CMD_A -- LABEL_B CMD_B: alternates A and B, $reps times each (one warm-up each first).
pair() {
    local la=$1
    shift
    local a=()
    while [ "$1" != "--" ]; do
        a+=("$1")
        shift
    done
    shift
    local lb=$1
    shift
    "${a[@]}" >/dev/null 2>&1 || true
    "$@" >/dev/null 2>&1 || true
    for _ in $(seq "$reps"); do
        run_timed "$la" "${a[@]}"
        run_timed "$lb" "$@"
    done
}

screen=("$nbscreen" screen --panel "$panel" --quiet --force --no-provenance)
out=$work/out
rm -rf "$out"
# access MODE FILE [ARGS]: checks that nbscreen names the access mode it is expected to choose.
access() {
    local want=$1 f=$2
    shift 2
    "$nbscreen" screen --panel "$panel" --quiet --force --vcf "$f" --out "$out/access" "$@" >/dev/null
    grep -q "\"access\": \"$want\"" "$out/access/"*.json || die "expected $want access for $f $*"
    rm -rf "$out/access"
}
access indexed "$wgs"
access indexed "$wgs_bcf"
access streaming "$wgs" --no-index

# ---- 1. indexed screen vs bcftools view -R (the same regions)
log "1/6 indexed screen vs bcftools view -R ($reps x each)"
pair idx "${screen[@]}" --vcf "$wgs" --out "$out/idx" -- bcf_R bcftools view -R "$genes_bed" -Ou -o /dev/null "$wgs"
pair idx_bcf "${screen[@]}" --vcf "$wgs_bcf" --out "$out/idx_bcf" -- bcf_R_bcf bcftools view -R "$genes_bed" -Ou -o /dev/null "$wgs_bcf"

# ---- 2. streaming screen vs bcftools view -T and vs decompression alone
log "2/6 streaming screen vs bcftools view -T and bgzip -dc ($reps x each)"
pair stream "${screen[@]}" --no-index --vcf "$wgs" --out "$out/stream" -- bcf_T bcftools view -T "$bed" -Ov -o /dev/null "$wgs"
# Issue 12 item 3: --threads 1, an unindexed file (--no-index) and a pipe on stdin.
pair stream2 "${screen[@]}" --threads 1 --no-index --vcf "$wgs" --out "$out/stream" -- bgzip_dc bash -c 'bgzip -dc "$0" >/dev/null' "$wgs"
pair stream_pipe bash -c 'cat "$0" | "${@}"' "$wgs" "${screen[@]}" --threads 1 --sample-id wgs_30x --vcf - --out "$out/stream_pipe" -- bgzip_dc_pipe bash -c 'cat "$0" | bgzip -dc >/dev/null' "$wgs"
pair stream_io1 "${screen[@]}" --no-index --io-threads 1 --vcf "$wgs" --out "$out/stream" -- bgzip_dc_t2 bash -c 'bgzip -@ 2 -dc "$0" >/dev/null' "$wgs"
# The panel's knowledge (issue 11 item 7: it may add at most 15% to the indexed screen): the same
# panel without knowledge/ and its [knowledge] tables in panel.toml.
noknow=$work/panel_without_knowledge
rm -rf "$noknow"
cp -r "$panel" "$noknow"
rm -rf "$noknow/knowledge"
awk '/^\[/ { skip = ($0 ~ /^\[knowledge/) } !skip' "$panel/panel.toml" > "$noknow/panel.toml"
"$nbscreen" panel validate "$noknow" > /dev/null || die "the panel copy without knowledge does not validate"
pair idx_know "${screen[@]}" --vcf "$wgs" --out "$out/idx_know" -- idx_noknow "$nbscreen" screen \
    --panel "$noknow" --quiet --force --no-provenance --vcf "$wgs" --out "$out/idx_noknow"
for d in idx_bcf stream; do
    cmp -s "$out/idx/batch_summary.tsv" "$out/$d/batch_summary.tsv" || die "indexed and $d findings differ"
done

# ---- 3. a batch of N babies at --threads 1 vs 2 (babies/s, peak RSS), and memory vs batch size
log "3/6 batch of $n_babies babies, --threads 1 vs 2"
manifest=$work/batch_$n_babies.tsv
{
    printf 'sample_id\tvcf\n'
    for i in $(seq -f '%04g' 1 "$n_babies"); do printf 'baby%s\t%s\n' "$i" "$wgs"; done
} >"$manifest"
small_manifest=$work/batch_20.tsv
head -n 21 "$manifest" >"$small_manifest"
breps=${NBS_BENCH_BATCH_REPS:-1}
for _ in $(seq "$breps"); do
    run_timed batch_t1 "${screen[@]}" --manifest "$manifest" --threads 1 --out "$out/batch_t1"
    run_timed batch_t2 "${screen[@]}" --manifest "$manifest" --threads 2 --out "$out/batch_t2"
done
run_timed batch20_t2 "${screen[@]}" --manifest "$small_manifest" --threads 2 --out "$out/batch20"
diff -r -x .nbscreen "$out/batch_t1" "$out/batch_t2" >/dev/null || die "--threads 1 and 2 results differ"
# The same babies, manifest rows reversed: the same bytes (issue 12 item 5).
{ head -n 1 "$manifest"; tail -n +2 "$manifest" | tac; } >"$work/batch_reversed.tsv"
"${screen[@]}" --manifest "$work/batch_reversed.tsv" --threads 2 --out "$out/batch_rev" >/dev/null
diff -r -x .nbscreen "$out/batch_t2" "$out/batch_rev" >/dev/null || die "manifest order changed the results"
# Every baby from a file of its own (the babies above share one file, which a batch reads once
# for all of them: bench/e2e/cohort_bench.sh): N links to the genome, so each baby is a read of
# its own and a checksum of its own (its resume key).
links=$work/links
rm -rf "$links"
own_manifest=$work/batch_own_$n_babies.tsv
own_file_manifest "$n_babies" 4 "$wgs" "$links" "$own_manifest"
run_timed batch_own_t2 "${screen[@]}" --manifest "$own_manifest" --threads 2 --out "$out/batch_own_t2"

# ---- 4. one multi-sample file vs the same babies as single-sample files
log "4/6 multi-sample file vs single-sample files ($n_multi babies)"
mm=$work/multi_$n_multi.tsv
sm=$work/single_$n_multi.tsv
{
    printf 'sample_id\tvcf\tvcf_sample\n'
    for i in $(seq -f '%04g' 1 "$n_multi"); do printf 'SAMPLE%s\t%s\tSAMPLE%s\n' "$i" "$multi" "$i"; done
} >"$mm"
{
    printf 'sample_id\tvcf\n'
    for i in $(seq -f '%04g' 1 "$n_multi"); do printf 'SAMPLE%s\t%s\n' "$i" "$split/SAMPLE$i.vcf.gz"; done
} >"$sm"
mreps=$(((reps + 1) / 2))
for _ in $(seq "$mreps"); do
    run_timed multi "${screen[@]}" --manifest "$mm" --threads 1 --out "$out/multi"
    run_timed single "${screen[@]}" --manifest "$sm" --threads 1 --out "$out/single"
done

# ---- 5. micro-benchmarks
if [ "${NBS_BENCH_SKIP_MICRO:-0}" != 1 ] && [ -x "$micro" ]; then
    log "5/6 micro-benchmarks"
    "$micro" --benchmark_min_time=0.2 --benchmark_format=console >"$work/micro.txt" 2>&1 || {
        cat "$work/micro.txt" >&2
        die "micro-benchmarks failed"
    }
fi

# ---- table
t_idx=$(median idx) t_R=$(median bcf_R) t_idxb=$(median idx_bcf) t_Rb=$(median bcf_R_bcf)
t_k=$(median idx_know) t_nk=$(median idx_noknow)
t_st=$(median stream) t_T=$(median bcf_T) t_st2=$(median stream2) t_dc=$(median bgzip_dc)
t_st3=$(median stream_io1) t_dc2=$(median bgzip_dc_t2)
t_sp=$(median stream_pipe) t_dcp=$(median bgzip_dc_pipe)
c_idx=$(median idx 4) c_R=$(median bcf_R 4) c_idxb=$(median idx_bcf 4) c_Rb=$(median bcf_R_bcf 4)
c_st2=$(median stream2 4) c_dc=$(median bgzip_dc 4) c_sp=$(median stream_pipe 4) c_dcp=$(median bgzip_dc_pipe 4)
t_own=$(median batch_own_t2) cpu_own=$(median batch_own_t2 4)
t_b1=$(median batch_t1) t_b2=$(median batch_t2)
rss_b1=$(median batch_t1 3) rss_b2=$(median batch_t2 3) rss_20=$(median batch20_t2 3)
cpu_b1=$(median batch_t1 4) cpu_b2=$(median batch_t2 4)
# Cores a run had on average (CPU seconds / wall seconds): on a shared machine --threads 2 gets
# fewer than 2, and the speed-up cannot exceed what it got.
cores_b1=$(awk -v c="$cpu_b1" -v t="$t_b1" 'BEGIN { printf "%.2f", c / t }')
cores_b2=$(awk -v c="$cpu_b2" -v t="$t_b2" 'BEGIN { printf "%.2f", c / t }')
load=$(cut -d' ' -f1-3 /proc/loadavg)
t_m=$(median multi) t_s=$(median single)
r1=$(ratio "$t_idx" "$t_R") r1b=$(ratio "$t_idxb" "$t_Rb")
r2=$(ratio "$t_T" "$t_st") r3=$(ratio "$t_st2" "$t_dc") r3b=$(ratio "$t_st3" "$t_dc2")
r4=$(ratio "$t_b1" "$t_b2")
per_m=$(awk -v t="$t_m" -v n="$n_multi" 'BEGIN { printf "%.3f", t / n }')
per_s=$(awk -v t="$t_s" -v n="$n_multi" 'BEGIN { printf "%.3f", t / n }')
r5=$(ratio "$per_m" "$per_s")
bps1=$(awk -v t="$t_b1" -v n="$n_babies" 'BEGIN { printf "%.1f", n / t }')
bps2=$(awk -v t="$t_b2" -v n="$n_babies" 'BEGIN { printf "%.1f", n / t }')
# Babies per second per core at --threads 2: by CPU time (what the run used; the goal's figure on
# a shared machine) and by wall time x 2 (what it would be with both cores to itself).
per_core() { awk -v n="$n_babies" -v c="$1" 'BEGIN { printf "%.1f", (c > 0) ? n / c : 0 }'; }
bpc2=$(per_core "$cpu_b2") bpc2w=$(awk -v n="$n_babies" -v t="$t_b2" 'BEGIN { printf "%.1f", n / (2 * t) }')
bpc_own=$(per_core "$cpu_own") bpc_ownw=$(awk -v n="$n_babies" -v t="$t_own" 'BEGIN { printf "%.1f", n / (2 * t) }')
core_h() { awk -v r="$1" -v n="$2" 'BEGIN { printf "%.1f", (r > 0) ? n / r / 3600 : 0 }'; }
records=$(grep -o '"records_seen": [0-9]*' "$out/stream/wgs_30x.json" | grep -o '[0-9]*$' || echo "?")
size=$(stat -c %s "$wgs")

{
    echo "nbscreen benchmarks: $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPU ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(bcftools --version | head -1), median of $reps"
    echo "load average at the end: $load (other work on the machine slows the runs; ratios are within one run)"
    echo "data: $(basename "$wgs") ($(numfmt --to=iec "$size"), $records records), panel $(basename "$panel") ($(wc -l <"$bed") merged regions, $(awk '{ s += $3 - $2 } END { printf "%.1f Mb", s / 1e6 }' "$bed"))"
    echo
    echo "| comparison | nbscreen | peer | ratio | goal | |"
    echo "|---|---|---|---|---|---|"
    echo "| item 2: indexed screen (vcf.gz) vs bcftools view -R genes+-2kb -Ou (CPU s in brackets) | ${t_idx} s (${c_idx}) | ${t_R} s (${c_R}) | ${r1} (CPU $(ratio "$c_idx" "$c_R")) | <= 1.0 | $(goal "$r1" 1.0 le) |"
    echo "| item 2: indexed screen (BCF) vs bcftools view -R genes+-2kb -Ou | ${t_idxb} s (${c_idxb}) | ${t_Rb} s (${c_Rb}) | ${r1b} (CPU $(ratio "$c_idxb" "$c_Rb")) | <= 1.0 | $(goal "$r1b" 1.0 le) |"
    echo "| indexed screen, panel with knowledge vs without | ${t_k} s | ${t_nk} s | $(ratio "$t_k" "$t_nk") | <= 1.15 | $(goal "$(ratio "$t_k" "$t_nk")" 1.15 le) |"
    echo "| streaming screen vs bcftools view -T (speed-up) | ${t_st} s | ${t_T} s | ${r2}x | >= 3x | $(goal "$r2" 3.0 ge) |"
    echo "| item 3: streaming screen, unindexed file, --threads 1 vs bgzip -dc | ${t_st2} s (${c_st2}) | ${t_dc} s (${c_dc}) | ${r3} (CPU $(ratio "$c_st2" "$c_dc")) | <= 1.3 | $(goal "$r3" 1.3 le) |"
    r3p=$(ratio "$t_sp" "$t_dcp")
    echo "| item 3: streaming screen, stdin pipe (cat FILE \|), --threads 1 vs cat FILE \| bgzip -dc | ${t_sp} s (${c_sp}) | ${t_dcp} s (${c_dcp}) | ${r3p} (CPU $(ratio "$c_sp" "$c_dcp")) | <= 1.3 | $(goal "$r3p" 1.3 le) |"
    echo "| streaming screen --io-threads 1 vs bgzip -@2 -dc | ${t_st3} s | ${t_dc2} s | ${r3b} | (info) | |"
    echo "| batch of $n_babies, --threads 2 vs 1 (speed-up) | ${t_b2} s ($bps2 babies/s, $(mb "$rss_b2")) | ${t_b1} s ($bps1 babies/s, $(mb "$rss_b1")) | ${r4}x | >= 1.8x | $(goal "$r4" 1.8 ge) |"
    echo "| cores used by the batch (CPU s / wall s), --threads 2 vs 1 | ${cores_b2} (${cpu_b2} CPU s) | ${cores_b1} (${cpu_b1} CPU s) | $(ratio "$cores_b2" "$cores_b1")x | (info: the ceiling for the speed-up) | |"
    echo "| item 5: batch of $n_babies rows naming one indexed genome (read once for all), --threads 2: babies/s/core by CPU s (by wall x 2) | $bpc2 ($bpc2w) | | | >= 25 | $(goal "$bpc2" 25 ge) |"
    echo "| item 5: batch of $n_babies babies each from its own file (links to the genome), --threads 2: babies/s/core by CPU s (by wall x 2) | $bpc_own ($bpc_ownw); ${t_own} s, ${cpu_own} CPU s | | | >= 25 | $(goal "$bpc_own" 25 ge) |"
    echo "| core-hours for 100,000 / 600,000 babies at the own-file rate (CPU) | $(core_h "$bpc_own" 100000) / $(core_h "$bpc_own" 600000) | | | (item 6) | |"
    echo "| peak RSS, batch of $n_babies vs 20 (--threads 2) | $(mb "$rss_b2") | $(mb "$rss_20") | $(ratio "$rss_b2" "$rss_20") | flat (~1.0) | $(goal "$(ratio "$rss_b2" "$rss_20")" 1.2 le) |"
    echo "| multi-sample file (100 samples) vs single-sample files, per baby | ${per_m} s | ${per_s} s | ${r5} | (info) | |"
    if [ -f "$work/micro.txt" ]; then
        echo
        echo "micro-benchmarks (bench/micro):"
        echo '```'
        grep -E '^(BM_|Benchmark|-)' "$work/micro.txt" | grep -v '^-' || true
        echo '```'
    fi
} | tee "$work/results.md"

# ---- 6. multi-sample cohorts in one pass (BeginNGS 3,202 babies, 1,000 at 30x vs bcftools -R)
if [ "${NBS_BENCH_SKIP_COHORT:-0}" != 1 ]; then
    log "6/6 cohort files in one pass (bench/e2e/cohort_bench.sh)"
    bash "$root/bench/e2e/cohort_bench.sh" "$BUILD"
fi

# ---- 7. rescreen from evidence snapshots vs screening from indexed VCFs (issue 14 item 7)
if [ "${NBS_BENCH_SKIP_RESCREEN:-0}" != 1 ]; then
    log "7/7 rescreen from snapshots vs indexed screen (bench/e2e/rescreen_bench.sh)"
    NBS_BENCH_DATA=$data bash "$root/bench/e2e/rescreen_bench.sh" "$BUILD"
fi

# Coverage benchmarks (another engineer's script) run after ours when present.
if [ -f "$root/bench/coverage/run_coverage_bench.sh" ]; then
    bash "$root/bench/coverage/run_coverage_bench.sh" "$BUILD"
fi
