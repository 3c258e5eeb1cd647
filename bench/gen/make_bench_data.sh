#!/usr/bin/env bash
# make_bench_data.sh: generate the nbscreen benchmark VCFs into bench/data/ (git-ignored).
#
#   bench/gen/make_bench_data.sh [--small] [--only wgs|multi100|multi1000]
#
# Builds bench/gen/gen_wgs_vcf.cpp with g++ into bench/data/bin/ when needed (or uses $NBS_GEN),
# pipes it through `bgzip`, indexes with `tabix -p vcf` (.tbi) and `bcftools index -c` (.csi), and
# converts the single genome to BCF (+ .csi). Idempotent: every file is written under a temporary
# name and renamed when complete, and a file that exists (made from the same generator, arguments
# and spike list, recorded in NAME.vcf.gz.gen) is skipped. See bench/gen/README.md.
#
# Environment: NBS_GEN (prebuilt generator), NBS_BENCH_DATA (output folder, default bench/data),
# NBS_BENCH_THREADS (bgzip/bcftools threads, default 2), NBS_BENCH_SEED (default 42),
# CXX (default g++).
set -euo pipefail

prog=make_bench_data
log() { echo "[$prog] $*" >&2; }
die() {
    echo "[$prog] error: $*" >&2
    exit "${2:-1}"
}

usage() {
    cat <<'EOF'
Usage: bench/gen/make_bench_data.sh [--small] [--only TARGET[,TARGET]]

Targets (all by default), written to bench/data/ (or bench/data/small/ with --small):
  wgs        wgs_30x.vcf.gz (+ .tbi, .csi), wgs_30x.bcf (+ .csi): one 30x genome, XY,
             ~4.8 M records (--small: ~50 k)
  multi100   multi_100.vcf.gz (+ .tbi): 100 samples, chr7, chr12, chrX + panel-gene windows
  multi1000  multi_1000.vcf.gz (+ .tbi): 1,000 samples, panel-gene windows (~36 Mb)
  cohort1000 cohort_1000.vcf.gz (+ .tbi): 1,000 samples over generation-study's read regions
             (gene spans +- 2 kb and the sex windows, bench/e2e/panel_bed.py; ~31 Mb), for
             the one-pass cohort benchmark (bench/e2e/cohort_bench.sh)

Every target carries the spikes of bench/gen/spikes_default.tsv (expected outcomes in
bench/gen/spikes_default.expected.tsv).
EOF
}

small=0
only="wgs,multi100,multi1000"
while [ $# -gt 0 ]; do
    case "$1" in
        --small) small=1 ;;
        --only)
            [ $# -ge 2 ] || die "--only needs a value" 2
            only=$2
            shift
            ;;
        -h | --help)
            usage
            exit 0
            ;;
        *) die "unknown argument '$1' (try --help)" 2 ;;
    esac
    shift
done
for t in ${only//,/ }; do
    case "$t" in wgs | multi100 | multi1000 | cohort1000) ;; *) die "unknown target '$t' (wgs, multi100, multi1000, cohort1000)" 2 ;; esac
done
wants() { [[ ",$only," == *",$1,"* ]]; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bench=$(dirname "$here")
data=${NBS_BENCH_DATA:-$bench/data}
out=$data
[ "$small" = 1 ] && out=$data/small
threads=${NBS_BENCH_THREADS:-2}
seed=${NBS_BENCH_SEED:-42}
spikes=$here/spikes_default.tsv
mkdir -p "$out" "$data/bin"

for tool in bgzip tabix bcftools md5sum; do
    command -v "$tool" >/dev/null || die "'$tool' not found (Debian: apt-get install tabix bcftools)"
done
[ -f "$spikes" ] || die "spike list '$spikes' is missing"

# One run at a time per output folder: a second run waits, then skips what the first made.
if command -v flock >/dev/null; then
    exec 9>"$out/.make_bench_data.lock"
    if ! flock -n 9; then
        log "another make_bench_data.sh is writing $out; waiting for it"
        flock 9
    fi
fi

# Temporary files are removed on any exit; finished files are renamed out of this list.
tmpfiles=()
cleanup() { [ ${#tmpfiles[@]} -eq 0 ] || rm -rf -- "${tmpfiles[@]}"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- the generator
src=$here/gen_wgs_vcf.cpp
if [ -n "${NBS_GEN:-}" ]; then
    gen=$NBS_GEN
    [ -x "$gen" ] || die "NBS_GEN='$gen' is not an executable"
else
    gen=$data/bin/gen_wgs_vcf
    if [ ! -x "$gen" ] || [ "$src" -nt "$gen" ]; then
        log "compiling $src -> $gen"
        tmp=$gen.tmp.$$
        tmpfiles+=("$tmp")
        "${CXX:-g++}" -O2 -std=c++20 -o "$tmp" "$src" || die "compiling the generator failed"
        mv -f "$tmp" "$gen"
    fi
fi
gen_id="$("$gen" --version) src:$( [ -f "$src" ] && md5sum <"$src" | cut -c1-12) spikes:$(md5sum <"$spikes" | cut -c1-12)"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
human() { numfmt --to=iec-i --suffix=B --format='%.1f' "$1" 2>/dev/null || echo "$1 B"; }

declare -A gen_seconds

# make_vcf NAME [generator args...]: NAME.vcf.gz, generated unless present and up to date.
make_vcf() {
    local name=$1
    shift
    local final=$out/$name.vcf.gz stamp=$out/$name.vcf.gz.gen
    local want="$gen_id args: $*"
    if [ -f "$final" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        log "$name.vcf.gz: up to date, skipped"
        return
    fi
    rm -f "$final" "$final.tbi" "$final.csi" "$out/$name.bcf" "$out/$name.bcf.csi" "$stamp"
    local tmp=$out/.$name.vcf.gz.tmp.$$
    tmpfiles+=("$tmp")
    log "$name.vcf.gz: generating (gen_wgs_vcf $*)"
    local t0
    t0=$(now)
    "$gen" "$@" 2>"$out/$name.gen.log" | bgzip -@ "$threads" -c >"$tmp" ||
        die "generating $name failed; see $out/$name.gen.log"
    mv -f "$tmp" "$final"
    printf '%s\n' "$want" >"$stamp"
    gen_seconds[$name]=$(elapsed "$t0")
    log "$name.vcf.gz: done in ${gen_seconds[$name]} s ($(human "$(stat -c %s "$final")")); $(grep -h 'records' "$out/$name.gen.log" | sed 's/^\[gen_wgs_vcf\] //')"
}

# index_tbi FILE: FILE.tbi with tabix, built beside a symlink and renamed when complete.
index_tbi() {
    local f=$1
    [ -f "$f.tbi" ] && return
    local d
    d=$(mktemp -d "$(dirname "$f")/.idx.XXXXXX")
    tmpfiles+=("$d")
    ln -s "$f" "$d/x.vcf.gz"
    local t0
    t0=$(now)
    tabix -p vcf "$d/x.vcf.gz" || die "tabix failed on $f"
    mv -f "$d/x.vcf.gz.tbi" "$f.tbi"
    rm -rf "$d"
    log "$(basename "$f").tbi: done in $(elapsed "$t0") s"
}

# index_csi FILE: FILE.csi with bcftools index -c.
index_csi() {
    local f=$1
    [ -f "$f.csi" ] && return
    local tmp=$f.csi.tmp.$$
    tmpfiles+=("$tmp")
    local t0
    t0=$(now)
    bcftools index -c --threads "$threads" -o "$tmp" "$f" || die "bcftools index failed on $f"
    mv -f "$tmp" "$f.csi"
    log "$(basename "$f").csi: done in $(elapsed "$t0") s"
}

# make_bcf NAME: NAME.bcf (+ .csi) from NAME.vcf.gz.
make_bcf() {
    local name=$1
    local src_vcf=$out/$name.vcf.gz final=$out/$name.bcf
    if [ ! -f "$final" ]; then
        local tmp=$out/.$name.bcf.tmp.$$
        tmpfiles+=("$tmp")
        local t0
        t0=$(now)
        bcftools view --no-version --threads "$threads" -Ob -o "$tmp" "$src_vcf" ||
            die "bcftools view failed converting $src_vcf"
        mv -f "$tmp" "$final"
        log "$name.bcf: done in $(elapsed "$t0") s ($(human "$(stat -c %s "$final")"))"
    fi
    index_csi "$final"
}

size_args=()
[ "$small" = 1 ] && size_args=(--small)

# Windows (GRCh38) around the starter panel's genes, which hold every default spike: ACADM, SCN1A,
# BTD, SLC22A5, CFTR, KCNQ1 + HBB, PAH, GAA, CYBB + OTC, IL2RG, F9. 36.5 Mb in all.
panel_windows="chr1:74000000-77500000,chr2:164500000-167500000,chr3:14000000-17000000"
panel_windows+=",chr5:131000000-134000000,chr7:116000000-119000000,chr11:1000000-7000000"
panel_windows+=",chr12:101500000-104500000,chr17:78500000-81500000,chrX:36500000-39500000"
panel_windows+=",chrX:69500000-72500000,chrX:138000000-141000000"

start_all=$(now)
if wants wgs; then
    make_vcf wgs_30x --seed "$seed" --sex XY --spike "$spikes" --sample-name SAMPLE0001 "${size_args[@]}"
    index_tbi "$out/wgs_30x.vcf.gz"
    index_csi "$out/wgs_30x.vcf.gz"
    make_bcf wgs_30x
fi
if wants multi100; then
    make_vcf multi_100 --seed "$seed" --samples 100 --sex mixed --spike "$spikes" \
        --regions "chr7,chr12,chrX,$panel_windows" "${size_args[@]}"
    index_tbi "$out/multi_100.vcf.gz"
fi
if wants multi1000; then
    make_vcf multi_1000 --seed "$seed" --samples 1000 --sex mixed --spike "$spikes" \
        --regions "$panel_windows" "${size_args[@]}"
    index_tbi "$out/multi_1000.vcf.gz"
fi
if wants cohort1000; then
    # The regions nbscreen reads for generation-study, so every record is one it reads.
    cohort_regions=$(python3 "$bench/e2e/panel_bed.py" "$bench/../panels/generation-study" |
        awk '{ printf "%s%s:%d-%d", (NR > 1 ? "," : ""), $1, $2 + 1, $3 }')
    make_vcf cohort_1000 --seed "$seed" --samples 1000 --sex mixed --spike "$spikes" \
        --regions "$cohort_regions" "${size_args[@]}"
    index_tbi "$out/cohort_1000.vcf.gz"
fi

# ---- summary: sizes and record counts (from the indexes)
{
    printf '%-26s %10s %12s %8s\n' file size records samples
    for f in "$out"/wgs_30x.vcf.gz "$out"/wgs_30x.vcf.gz.tbi "$out"/wgs_30x.vcf.gz.csi \
        "$out"/wgs_30x.bcf "$out"/wgs_30x.bcf.csi "$out"/multi_100.vcf.gz "$out"/multi_100.vcf.gz.tbi \
        "$out"/multi_1000.vcf.gz "$out"/multi_1000.vcf.gz.tbi "$out"/cohort_1000.vcf.gz \
        "$out"/cohort_1000.vcf.gz.tbi; do
        [ -f "$f" ] || continue
        recs="" nsmp=""
        case "$f" in
            *.vcf.gz | *.bcf)
                recs=$(bcftools index -n "$f" 2>/dev/null || echo "?")
                nsmp=$(bcftools query -l "$f" 2>/dev/null | wc -l)
                ;;
        esac
        printf '%-26s %10s %12s %8s\n' "$(basename "$f")" "$(human "$(stat -c %s "$f")")" "$recs" "$nsmp"
    done
} | tee "$out/summary.txt" >&2
log "all done in $(elapsed "$start_all") s; data in $out"
