#!/usr/bin/env bash
# Faults are reported per baby. A file-size limit (ulimit -f, with SIGXFSZ ignored) makes every
# write past the limit fail with EFBIG, as a full disk fails with ENOSPC:
#  - results too big to write: every baby is listed as an error on stderr and in the summary,
#    exit 1, and no result or temporary is left;
#  - nothing can be written at all (limit 0): every baby is still listed on stderr, with the
#    summary's own failure, exit 1.
set -u
root=$1
nbscreen=$2
tmp=${NBS_SCRATCH_DIR:-$(mktemp -d)}; rm -rf "$tmp"; mkdir -p "$tmp" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
panel=$root/panels/generation-study
sd=$root/sample_data
printf 'sample_id\tvcf\nb03\t%s\nb04\t%s\nb06\t%s\n' "$sd/baby03.vcf" "$sd/baby04.vcf.gz" \
    "$sd/baby06.vcf.gz" >"$tmp/batch.tsv"

# stderr goes through a pipe: under the limit, nbscreen could not write it to a file either.
run_limited() {  # LIMIT_KB OUT ERR; sets rc
    (trap '' XFSZ; ulimit -f "$1"; exec "$nbscreen" screen --panel "$panel" --manifest \
        "$tmp/batch.tsv" --out "$2" --quiet 2>&1 >/dev/null) | cat >"$3"
    rc=${PIPESTATUS[0]}
}

run_limited 8 "$tmp/small" "$tmp/small.err"
[ "$rc" -eq 1 ] || fail "results over the limit: exit $rc, not 1"
for id in b03 b04 b06; do
    grep -q "error: $id: .*File too large" "$tmp/small.err" || fail "$id is not listed on stderr"
    grep -q "^$id	error	.*File too large" "$tmp/small/batch_summary.tsv" ||
        fail "$id is not listed as an error in the summary"
    [ ! -e "$tmp/small/$id.json" ] || fail "$id.json was written partially"
done
leftovers=$(find "$tmp/small" -name '*nbscreen-tmp*' | wc -l)
[ "$leftovers" -eq 0 ] || fail "$leftovers temporaries left"

run_limited 0 "$tmp/none" "$tmp/none.err"
[ "$rc" -eq 1 ] || fail "nothing writable: exit $rc, not 1"
for id in b03 b04 b06; do
    grep -q "error: $id: " "$tmp/none.err" || fail "$id is not listed on stderr when nothing is writable"
done
grep -q "batch_summary.tsv was not written" "$tmp/none.err" || fail "the lost summary is not reported"
[ -z "$(find "$tmp/none" -name '*.json' -o -name '*nbscreen-tmp*')" ] || fail "files left in none/"

# The same batch without a limit works, and reuses nothing from the failed runs.
"$nbscreen" screen --panel "$panel" --manifest "$tmp/batch.tsv" --out "$tmp/small" --quiet ||
    fail "the batch fails without a limit"
grep -c "	prioritised_for_review	" "$tmp/small/batch_summary.tsv" | grep -q '^[1-9]' ||
    fail "no results after the limit was lifted"
echo "write failures reported per baby: ok"
