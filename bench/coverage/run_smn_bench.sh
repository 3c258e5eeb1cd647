#!/usr/bin/env bash
# SMN part of `make bench` (issue: "the SMN call adds at most 50 ms per baby to a CRAM screen"):
# the same baby screened with the generation-study panel and with a copy of it without smn.tsv,
# alternating the two, on simulated 30x GRCh38 alignments over SMN1/SMN2 and the panel's
# normalisation regions (tests/data/smn/make_smn_bam.py, SMN1 2 + SMN2 2, seed 7), as BAM and as
# CRAM (against the simulator's chr5 reference; only chr5 reads, so the CRAM's normalisation
# regions off chr5 are empty and its call is "not assessable": the decoding cost is what is timed).
# Prints the median wall time of each and the difference, beside the 50 ms goal.
# Usage: bash bench/coverage/run_smn_bench.sh BUILD_DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
reps=${NBS_BENCH_REPS:-9}
panel=$root/panels/generation-study
work=$build/bench/smn
data=$root/bench/data/smn
mkdir -p "$work" "$data"
command -v samtools > /dev/null || { echo "[smn bench] samtools not installed: skipped"; exit 0; }

if [[ ! -f $data/smn_30x.bam.bai || $panel/smn.tsv -nt $data/smn_30x.bam ]]; then
    python3 "$root/tests/data/smn/make_smn_bam.py" --panel "$panel" --out "$data/smn_30x.bam" \
        --smn1 2 --smn2 2 --seed 7 > "$work/make_bam.log" 2>&1
    python3 "$root/tests/data/smn/make_smn_bam.py" --panel "$panel" --out "$data/smn_30x.cram" \
        --smn1 2 --smn2 2 --seed 7 --cram "$data/smn_chr5.fa" > "$work/make_cram.log" 2>&1
fi
rm -rf "$work/panel_without_smn"
cp -r "$panel" "$work/panel_without_smn"
rm "$work/panel_without_smn/smn.tsv"

# The baby's VCF: sample_data/baby01 (sample baby01, as the simulated @RG SM).
vcf=$root/sample_data/baby01.vcf.gz
raw=$work/raw.tsv
: > "$raw"
# Runs a command; prints its wall and CPU (user + sys) milliseconds, from wait4's rusage.
timer='import os, sys, time
t0 = time.perf_counter()
pid = os.fork()
if pid == 0:
    fd = os.open(os.devnull, os.O_WRONLY); os.dup2(fd, 1); os.dup2(fd, 2)
    os.execv(sys.argv[1], sys.argv[1:])
_, status, ru = os.wait4(pid, 0)
print("%.1f\t%.1f" % ((time.perf_counter() - t0) * 1000, (ru.ru_utime + ru.ru_stime) * 1000))'
one() {  # label panel alignments [reference]: appends "label wall_ms cpu_ms"
    local label=$1 p=$2 aln=$3
    local args=(screen --panel "$p" --vcf "$vcf" --cram "$aln" --out "$work/out_$label" --force --quiet --no-provenance)
    [[ $# -ge 4 ]] && args+=(--reference "$4")
    printf '%s\t%s\n' "$label" "$(python3 -c "$timer" "$build/cli/nbscreen" "${args[@]}")" >> "$raw"
}
median_ms() {  # label [column: 2 wall, 3 CPU]
    awk -F'\t' -v l="$1" -v c="${2:-2}" '$1 == l { print $c }' "$raw" | sort -g |
        awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.0f", m }'; }

# Check first that the timed runs do what they say: the SMN call is made (BAM) and absent without smn.tsv.
one check_bam "$panel" "$data/smn_30x.bam"
one check_none "$work/panel_without_smn" "$data/smn_30x.bam"
grep -q '"intact_smn1": "2"' "$work/out_check_bam/baby01.json" ||
    { echo "[smn bench] the BAM screen did not call SMN1 = 2 (see $work/out_check_bam): not timing" >&2; exit 1; }
grep -q 'the panel has no smn.tsv' "$work/out_check_none/baby01.json" ||
    { echo "[smn bench] the panel copy without smn.tsv still called SMN (see $work/out_check_none): not timing" >&2; exit 1; }
: > "$raw"
for ((i = 0; i <= reps; i++)); do  # the first round is a warm-up, dropped below
    one bam_smn "$panel" "$data/smn_30x.bam"
    one bam_none "$work/panel_without_smn" "$data/smn_30x.bam"
    one cram_smn "$panel" "$data/smn_30x.cram" "$data/smn_chr5.fa"
    one cram_none "$work/panel_without_smn" "$data/smn_30x.cram" "$data/smn_chr5.fa"
    [[ $i -eq 0 ]] && : > "$raw"
done
row() {  # name label_with label_without
    local w1 w0 c1 c0 dw dc v
    w1=$(median_ms "$2" 2) w0=$(median_ms "$3" 2) c1=$(median_ms "$2" 3) c0=$(median_ms "$3" 3)
    dw=$((w1 - w0)) dc=$((c1 - c0))
    if ((dw <= 50)); then v=met; else v="NOT met"; fi
    printf '| %s | %s ms (%s) | %s ms (%s) | %s ms (%s) | <= 50 ms | %s |\n' "$1" "$w1" "$c1" "$w0" "$c0" "$dw" "$dc" "$v"
}
echo "[smn bench] SMN1 copy-number call, one baby (baby01.vcf.gz + 30x SMN alignments), median of $reps, alternating; load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| alignments | with smn.tsv: wall (CPU) | without | SMN call adds: wall (CPU) | goal (wall) | |\n|---|---|---|---|---|---|\n'
row "BAM (SMN loci + normalisation regions)" bam_smn bam_none
row "CRAM (chr5 reads only)" cram_smn cram_none
