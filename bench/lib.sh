#!/usr/bin/env bash
# bench/lib.sh: what every benchmark script shares, sourced after it sets `root` (the checkout)
# and `bench_tag` (its name in log lines). bench_setup BUILD then sets BUILD (absolute), nbscreen
# and panel, and checks the tools; run_timed appends to "$raw", which the script sets.
# shellcheck shell=bash

log() { echo "[$bench_tag] $*" >&2; }
die() {
    echo "[$bench_tag] error: $*" >&2
    exit 1
}

# bench_setup BUILD [TOOL...]: the build folder (relative to the checkout unless absolute), its
# nbscreen, the shipped panel, and the peer tools the script runs.
bench_setup() {
    local given=${1:-build}
    shift || true
    BUILD=$given
    case "$BUILD" in /*) ;; *) BUILD=$root/$BUILD ;; esac
    nbscreen=$BUILD/cli/nbscreen
    panel=$root/panels/generation-study
    [ -x "$nbscreen" ] || die "$nbscreen not built (run: make build BUILD=$given)"
    for t in "$@"; do command -v "$t" >/dev/null || die "'$t' not found"; done
    [ -x /usr/bin/time ] || die "/usr/bin/time not found (Debian: apt-get install time)"
}

# run_timed LABEL CMD...: one run; appends LABEL, wall seconds, peak RSS (KB) and CPU seconds
# (user + system) to "$raw". The command's stdout is kept in "$work/last.out" (some scripts check
# what it said); a failure prints its stderr and stops the benchmark.
run_timed() {
    local label=$1
    shift
    local tf=$work/time.$$
    if ! /usr/bin/time -f '%e %M %U %S' -o "$tf" "$@" >"$work/last.out" 2>"$work/last.err"; then
        cat "$work/last.err" >&2
        die "failed: $*"
    fi
    local secs rss user sys
    read -r secs rss user sys <"$tf"
    rm -f "$tf"
    printf '%s\t%s\t%s\t%s\n' "$label" "$secs" "$rss" \
        "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" >>"$raw"
}

# median LABEL [COLUMN]: the median of a label's runs in "$raw" (2 wall s, 3 RSS KB, 4 CPU s).
median() { awk -F'\t' -v l="$1" -v c="${2:-2}" '$1 == l { print $c }' "$raw" | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# ratio A B [DECIMALS]
ratio() { awk -v a="$1" -v b="$2" -v d="${3:-2}" 'BEGIN { if (b > 0) printf "%.*f", d, a / b; else print "nan" }'; }
# goal RATIO LIMIT [le|ge]: "met" or "missed" (le: at most the limit, the default).
goal() { awk -v r="$1" -v g="$2" -v dir="${3:-le}" 'BEGIN { ok = dir == "le" ? r <= g : r >= g; print ok ? "met" : "missed" }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.0f MB", k / 1024 }'; }

# own_file_manifest N WIDTH GENOME DIR MANIFEST: N babies each with a file of its own, links in DIR
# to GENOME and its .tbi (so no two babies share a read or a checksum), listed in MANIFEST;
# sample ids "baby" + the number zero-padded to WIDTH digits.
own_file_manifest() {
    local n=$1 width=$2 genome=$3 dir=$4 manifest=$5 i
    mkdir -p "$dir"
    {
        printf 'sample_id\tvcf\n'
        for i in $(seq -f "%0${width}g" 1 "$n"); do
            ln -s "$genome" "$dir/baby$i.vcf.gz"
            ln -s "$genome.tbi" "$dir/baby$i.vcf.gz.tbi"
            printf 'baby%s\t%s\n' "$i" "$dir/baby$i.vcf.gz"
        done
    } >"$manifest"
}
