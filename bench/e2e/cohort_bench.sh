#!/usr/bin/env bash
# cohort_bench.sh BUILD: multi-sample (cohort) files screened in one pass (issue 12 item 4).
# Run by bench/run_bench.sh (step 6) and on its own. Measures, on the generation-study panel:
#   1. the BeginNGS 1000 Genomes benchmark rebuilt as one 3,202-sample VCF
#      (bench/gen/make_beginngs_cohort.py): all 3,202 babies screened (goal <= 10 s), and the
#      peak RSS for 100, 1,000 and 3,202 of its babies (goal: at most linear in babies, small
#      constant: state per baby, not per record x baby);
#   2. a 1,000-sample file at 30x per-genome density over the panel's read regions
#      (bench/gen/make_bench_data.sh --only cohort1000): all 1,000 babies, --threads 1, against
#      one `bcftools view -R genes+-2kb.bed` pass over the same file (goal <= 3x).
# Before timing it checks that each screen read its file once (the command's "read from 1
# multi-sample file" line) and wrote a result per baby.
#
# Environment: NBS_BENCH_SMALL=1 (the 1,000-sample file at --small density: a smoke run),
# NBS_BENCH_REPS (default 3), NBS_BENCH_DATA (default bench/data).
# Output: the rows on stdout and in BUILD/bench/cohort_results.md; raw timings in
# BUILD/bench/cohort_raw.tsv (label, wall s, peak RSS KB, CPU s).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bench_tag=cohort-bench
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
bench_setup "${1:-build}" bcftools bgzip tabix python3
reps=${NBS_BENCH_REPS:-3}
data=${NBS_BENCH_DATA:-$root/bench/data}
work=$BUILD/bench/cohort
mkdir -p "$work"

# ---- data
bg_dir=$data/beginngs
bg=$bg_dir/beginngs_3202.vcf.gz
gen_py=$root/bench/gen/make_beginngs_cohort.py
if [ ! -f "$bg.tbi" ] || [ "$gen_py" -nt "$bg" ]; then
    log "building $bg"
    python3 "$gen_py" "$bg_dir"
fi
if [ "${NBS_BENCH_SMALL:-0}" = 1 ]; then
    bash "$root/bench/gen/make_bench_data.sh" --small --only cohort1000
    c1000=$data/small/cohort_1000.vcf.gz
else
    bash "$root/bench/gen/make_bench_data.sh" --only cohort1000
    c1000=$data/cohort_1000.vcf.gz
fi
[ -f "$c1000.tbi" ] || die "$c1000.tbi is missing"
genes_bed=$work/genes.bed
python3 "$root/bench/e2e/panel_bed.py" "$panel" --genes-only >"$genes_bed"

# ---- manifests
bgm=$work/beginngs_3202.tsv
sed "s#\tbeginngs_3202.vcf.gz\t#\t$bg\t#" "$bg_dir/beginngs_3202.manifest.tsv" >"$bgm"
head -n 101 "$bgm" >"$work/beginngs_100.tsv"
head -n 1001 "$bgm" >"$work/beginngs_1000.tsv"
cm=$work/cohort_1000.tsv
{
    printf 'sample_id\tvcf\tvcf_sample\n'
    bcftools query -l "$c1000" | awk -v f="$c1000" '{ printf "%s\t%s\t%s\n", $1, f, $1 }'
} >"$cm"

raw=$work/../cohort_raw.tsv
: >"$raw"

screen=("$nbscreen" screen --panel "$panel" --force --no-provenance)
out=$work/out
# An earlier run's results are removed after the timings, not before: freed inodes make the next
# files slower to create on some file systems (below).
old_out=""
if [ -e "$out" ]; then
    old_out=$work/out.old.$$
    mv "$out" "$old_out"
fi
# check_one_pass LABEL N: the last screen read N babies from one file and wrote N results.
check_one_pass() {
    grep -q "^$2 babies read from 1 multi-sample file" "$work/last.out" ||
        die "$1: expected $2 babies read in one pass; got: $(tail -3 "$work/last.out")"
    local n
    n=$(find "$out/$1" -maxdepth 1 -name '*.json' | wc -l)
    [ "$n" = "$2" ] || die "$1: $n results, expected $2"
}

# ---- 1. BeginNGS 3,202 babies; RSS at 100 / 1,000 / 3,202
log "BeginNGS cohort: 3,202 babies from $(basename "$bg") ($reps x), --threads 2"
# Each run into a new folder (a batch's usual case); then once more into the first folder, over its
# results (--force): on ext4 without a journal, as on the development VM, creating files right
# after as many were replaced makes the kernel skip its recently freed inodes one by one, a cost
# of the file system, shown apart.
for r in $(seq "$reps"); do
    run_timed bg3202 "${screen[@]}" --manifest "$bgm" --threads 2 --out "$out/bg3202_$r"
done
check_one_pass "bg3202_$reps" 3202
run_timed bg3202_rerun "${screen[@]}" --manifest "$bgm" --threads 2 --out "$out/bg3202_1"
check_one_pass bg3202_1 3202
for n in 100 1000; do
    run_timed "bg$n" "${screen[@]}" --manifest "$work/beginngs_$n.tsv" --threads 2 --out "$out/bg$n"
    check_one_pass "bg$n" "$n"
done
statuses=$(cut -f2 "$out/bg3202_1/batch_summary.tsv" | tail -n +2 | sort | uniq -c | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2 }')

# ---- 2. 1,000 babies at 30x density vs one bcftools view -R pass
log "1,000-sample file: nbscreen (one pass, --threads 1) vs bcftools view -R genes+-2kb ($reps x each)"
"${screen[@]}" --manifest "$cm" --threads 1 --quiet --out "$out/c1000_warm" >/dev/null 2>&1 || true
bcftools view -R "$genes_bed" -Ov -o /dev/null "$c1000"
for r in $(seq "$reps"); do
    run_timed c1000 "${screen[@]}" --manifest "$cm" --threads 1 --out "$out/c1000_$r"
    check_one_pass "c1000_$r" 1000
    run_timed c1000_bcf_R bcftools view -R "$genes_bed" -Ov -o /dev/null "$c1000"
done
run_timed c1000_t2 "${screen[@]}" --manifest "$cm" --threads 2 --out "$out/c1000_t2"
diff -r -x .nbscreen "$out/c1000_1" "$out/c1000_t2" >/dev/null || die "--threads 1 and 2 results differ"

t_bg=$(median bg3202) rss_bg=$(median bg3202 3) c_bg=$(median bg3202 4) t_bgr=$(median bg3202_rerun)
rss_100=$(median bg100 3) rss_1000=$(median bg1000 3)
t_c=$(median c1000) t_R=$(median c1000_bcf_R) t_c2=$(median c1000_t2) rss_c=$(median c1000 3)
r_c=$(ratio "$t_c" "$t_R")
per_baby_kb=$(awk -v a="$rss_100" -v b="$rss_bg" 'BEGIN { printf "%.1f", (b - a) / 3102 }')
{
    echo "cohort benchmarks: $(date -u +%Y-%m-%dT%H:%M:%SZ), load $(cut -d' ' -f1-3 /proc/loadavg), median of $reps"
    echo "data: $(basename "$bg") ($(bcftools index -n "$bg") records, 3,202 samples; results: $statuses), $(basename "$c1000") ($(bcftools index -n "$c1000") records, 1,000 samples, $(numfmt --to=iec "$(stat -c %s "$c1000")")), genes+-2kb BED $(wc -l <"$genes_bed") regions"
    echo
    echo "| comparison | nbscreen | peer | ratio | goal | |"
    echo "|---|---|---|---|---|---|"
    echo "| item 4: BeginNGS 1000 Genomes cohort: 3,202 babies, one read (--threads 2), results into a new folder on $(df --output=fstype "$out" | tail -1) | ${t_bg} s (${c_bg} CPU s, $(mb "$rss_bg")) | | | <= 10 s | $(goal "$t_bg" 10) |"
    echo "| the same, --force over the results of a run before, in the same folder | ${t_bgr} s | | | (info) | |"
    echo "| item 4: 1,000 babies of a 30x-density 1,000-sample file, one read (--threads 1) vs bcftools view -R genes+-2kb | ${t_c} s ($(mb "$rss_c")) | ${t_R} s | ${r_c} | <= 3.0 | $(goal "$r_c" 3.0) |"
    echo "| the same, --threads 2 | ${t_c2} s | | | (info) | |"
    echo "| peak RSS, 100 / 1,000 / 3,202 babies of the BeginNGS file | $(mb "$rss_100") / $(mb "$rss_1000") / $(mb "$rss_bg") | | ${per_baby_kb} KB per baby | linear, small | |"
} | tee "$work/../cohort_results.md"
[ -z "$old_out" ] || rm -rf "$old_out"
