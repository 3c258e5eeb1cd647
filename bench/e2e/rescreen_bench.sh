#!/usr/bin/env bash
# rescreen_bench.sh BUILD: rescreen from evidence snapshots vs screening from indexed VCFs
# (issue 14 item 7; goal: the rescreen takes <= 10% of the screen). Run by bench/run_bench.sh
# (step 7) and on its own.
#
# N babies (default 1,000), each its own indexed file (a symlink to the 4.8 M-record genome
# bench/data/wgs_30x.vcf.gz, so no two babies share a read), are screened with the
# generation-study panel (--threads 2), then rescreened from their snapshots (--threads 2) under
# the same panel and under a panel whose min_dp differs (every baby re-decided, other answers).
# Before timing counts it checks that the unchanged-panel rescreen gave byte-identical results.
# It also reports the snapshot size per baby and its extrapolation to 100,000 babies.
#
# Environment: NBS_BENCH_RESCREEN=N (babies, default 1000), NBS_BENCH_DATA (default bench/data;
# bench/gen/make_bench_data.sh --only wgs makes it), NBS_BENCH_SMALL=1 (bench/data/small).
# Output: the rows on stdout and in BUILD/bench/rescreen_results.md; raw timings in
# BUILD/bench/rescreen_raw.tsv (label, wall s, peak RSS KB, CPU s).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bench_tag=rescreen-bench
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
bench_setup "${1:-build}"
n=${NBS_BENCH_RESCREEN:-1000}
data=${NBS_BENCH_DATA:-$root/bench/data}
[ "${NBS_BENCH_SMALL:-0}" = 1 ] && data=$root/bench/data/small
work=$BUILD/bench/rescreen
wgs=$data/wgs_30x.vcf.gz
[ -f "$wgs" ] && [ -f "$wgs.tbi" ] || die "$wgs(.tbi) missing: bash bench/gen/make_bench_data.sh --only wgs"

rm -rf "$work"
manifest=$work/batch_$n.tsv
own_file_manifest "$n" 5 "$wgs" "$work/vcf" "$manifest"
# The same panel with min_dp 10 -> 12: the rescreen re-decides every allele's genotype QC.
changed=$work/panel_min_dp12
cp -r "$panel" "$changed"
sed -i 's/^min_dp = 10$/min_dp = 12/' "$changed/panel.toml"
grep -q '^min_dp = 12$' "$changed/panel.toml" || die "could not edit min_dp in $changed/panel.toml"

raw=$work/../rescreen_raw.tsv
: >"$raw"
log "screening $n babies from indexed VCFs (--threads 2)"
run_timed screen "$nbscreen" screen --panel "$panel" --manifest "$manifest" --threads 2 \
    --no-provenance --quiet --out "$work/screen"
t_screen=$(median screen)
log "rescreening their snapshots, same panel (--threads 2)"
run_timed rescreen_same "$nbscreen" rescreen --previous "$work/screen" --panel "$panel" --previous-panel "$panel" \
    --threads 2 --no-provenance --quiet --out "$work/same"
t_same=$(median rescreen_same)
for f in "$work/screen"/*.json; do
    cmp -s "$f" "$work/same/$(basename "$f")" || die "rescreen under the same panel differs: $(basename "$f")"
done
log "rescreening their snapshots, min_dp changed (--threads 2)"
run_timed rescreen_changed "$nbscreen" rescreen --previous "$work/screen" \
    --panel "$changed" --previous-panel "$panel" --threads 2 --no-provenance --quiet --out "$work/changed"
t_changed=$(median rescreen_changed)

snap_bytes=$(find "$work/screen" -maxdepth 1 -name '*.evidence.zst' -printf '%s\n' | awk '{ s += $1 } END { print s }')
json_bytes=$(find "$work/screen" -maxdepth 1 -name '*.json' -printf '%s\n' | awk '{ s += $1 } END { print s }')
per_baby=$(awk -v s="$snap_bytes" -v n="$n" 'BEGIN { printf "%.1f", s / n / 1024 }')
per_json=$(awk -v s="$json_bytes" -v n="$n" 'BEGIN { printf "%.1f", s / n / 1024 }')
at_100k=$(awk -v s="$snap_bytes" -v n="$n" 'BEGIN { printf "%.2f", s / n * 100000 / 1024 / 1024 / 1024 }')
r_same=$(ratio "$t_same" "$t_screen" 3)
r_changed=$(ratio "$t_changed" "$t_screen" 3)
{
    echo
    echo "rescreen from snapshots vs indexed screen ($n babies, 4.8 M-record genome each, --threads 2; $(date -u +%Y-%m-%dT%H:%MZ)):"
    echo
    echo "| comparison | rescreen | screen | ratio | goal | |"
    echo "| --- | --- | --- | --- | --- | --- |"
    echo "| rescreen, same panel, vs indexed screen | ${t_same} s | ${t_screen} s | ${r_same} | <= 0.10 | $(goal "$r_same" 0.10) |"
    echo "| rescreen, min_dp changed, vs indexed screen | ${t_changed} s | ${t_screen} s | ${r_changed} | <= 0.10 | $(goal "$r_changed" 0.10) |"
    echo
    echo "snapshot (<id>.evidence.zst): ${per_baby} KiB per baby (result JSON ${per_json} KiB); 100,000 babies: ${at_100k} GiB"
} | tee "$BUILD/bench/rescreen_results.md"
