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
BUILD=${1:-build}
case "$BUILD" in /*) ;; *) BUILD=$root/$BUILD ;; esac
nbscreen=$BUILD/cli/nbscreen
panel=$root/panels/generation-study
n=${NBS_BENCH_RESCREEN:-1000}
data=${NBS_BENCH_DATA:-$root/bench/data}
[ "${NBS_BENCH_SMALL:-0}" = 1 ] && data=$root/bench/data/small
work=$BUILD/bench/rescreen
log() { echo "[rescreen-bench] $*" >&2; }
die() {
    echo "[rescreen-bench] error: $*" >&2
    exit 1
}
[ -x "$nbscreen" ] || die "$nbscreen not built"
[ -x /usr/bin/time ] || die "/usr/bin/time not found (Debian: apt-get install time)"
wgs=$data/wgs_30x.vcf.gz
[ -f "$wgs" ] && [ -f "$wgs.tbi" ] || die "$wgs(.tbi) missing: bash bench/gen/make_bench_data.sh --only wgs"

rm -rf "$work"
mkdir -p "$work/vcf"
manifest=$work/batch_$n.tsv
{
    printf 'sample_id\tvcf\n'
    for i in $(seq -f '%05g' 1 "$n"); do
        ln -s "$wgs" "$work/vcf/baby$i.vcf.gz"
        ln -s "$wgs.tbi" "$work/vcf/baby$i.vcf.gz.tbi"
        printf 'baby%s\t%s\n' "$i" "$work/vcf/baby$i.vcf.gz"
    done
} >"$manifest"
# The same panel with min_dp 10 -> 12: the rescreen re-decides every allele's genotype QC.
changed=$work/panel_min_dp12
cp -r "$panel" "$changed"
sed -i 's/^min_dp = 10$/min_dp = 12/' "$changed/panel.toml"
grep -q '^min_dp = 12$' "$changed/panel.toml" || die "could not edit min_dp in $changed/panel.toml"

raw=$work/../rescreen_raw.tsv
: >"$raw"
run_timed() {
    local label=$1
    shift
    local tf=$work/time.$$
    if ! /usr/bin/time -f '%e %M %U %S' -o "$tf" "$@" >/dev/null 2>"$work/last.err"; then
        # rescreen exits 3 when a baby could not be re-decided: that is a failed benchmark too
        cat "$work/last.err" >&2
        die "failed: $*"
    fi
    read -r secs rss user sys <"$tf"
    rm -f "$tf"
    printf '%s\t%s\t%s\t%s\n' "$label" "$secs" "$rss" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" >>"$raw"
    echo "$secs"
}

log "screening $n babies from indexed VCFs (--threads 2)"
t_screen=$(run_timed screen "$nbscreen" screen --panel "$panel" --manifest "$manifest" --threads 2 \
    --no-provenance --quiet --out "$work/screen")
log "rescreening their snapshots, same panel (--threads 2)"
t_same=$(run_timed rescreen_same "$nbscreen" rescreen --previous "$work/screen" --panel "$panel" --previous-panel "$panel" \
    --threads 2 --no-provenance --quiet --out "$work/same")
for f in "$work/screen"/*.json; do
    cmp -s "$f" "$work/same/$(basename "$f")" || die "rescreen under the same panel differs: $(basename "$f")"
done
log "rescreening their snapshots, min_dp changed (--threads 2)"
t_changed=$(run_timed rescreen_changed "$nbscreen" rescreen --previous "$work/screen" \
    --panel "$changed" --previous-panel "$panel" --threads 2 --no-provenance --quiet --out "$work/changed")

snap_bytes=$(find "$work/screen" -maxdepth 1 -name '*.evidence.zst' -printf '%s\n' | awk '{ s += $1 } END { print s }')
json_bytes=$(find "$work/screen" -maxdepth 1 -name '*.json' -printf '%s\n' | awk '{ s += $1 } END { print s }')
per_baby=$(awk -v s="$snap_bytes" -v n="$n" 'BEGIN { printf "%.1f", s / n / 1024 }')
per_json=$(awk -v s="$json_bytes" -v n="$n" 'BEGIN { printf "%.1f", s / n / 1024 }')
at_100k=$(awk -v s="$snap_bytes" -v n="$n" 'BEGIN { printf "%.2f", s / n * 100000 / 1024 / 1024 / 1024 }')
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "nan" }'; }
goal() { awk -v r="$1" 'BEGIN { print r <= 0.10 ? "met" : "missed" }'; }
r_same=$(ratio "$t_same" "$t_screen")
r_changed=$(ratio "$t_changed" "$t_screen")
{
    echo
    echo "rescreen from snapshots vs indexed screen ($n babies, 4.8 M-record genome each, --threads 2; $(date -u +%Y-%m-%dT%H:%MZ)):"
    echo
    echo "| comparison | rescreen | screen | ratio | goal | |"
    echo "| --- | --- | --- | --- | --- | --- |"
    echo "| rescreen, same panel, vs indexed screen | ${t_same} s | ${t_screen} s | ${r_same} | <= 0.10 | $(goal "$r_same") |"
    echo "| rescreen, min_dp changed, vs indexed screen | ${t_changed} s | ${t_screen} s | ${r_changed} | <= 0.10 | $(goal "$r_changed") |"
    echo
    echo "snapshot (<id>.evidence.zst): ${per_baby} KiB per baby (result JSON ${per_json} KiB); 100,000 babies: ${at_100k} GiB"
} | tee "$BUILD/bench/rescreen_results.md"
