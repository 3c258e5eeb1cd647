#!/usr/bin/env bash
# A batch killed with SIGKILL mid-run is completed by a re-run: the babies already written are
# reused, the rest are screened, every result is byte-identical to an uninterrupted run, and no
# temporary or partial file is left.
#
# To kill the batch reliably while it runs, one baby's VCF is a named pipe that nobody writes to
# (it becomes a regular file for the re-run): a worker blocks on it while the other screens the 200 babies made by repeating
# sample_data under new sample ids. The batch is killed once results have appeared.
set -u
root=$1
nbscreen=$2
command -v mkfifo >/dev/null || { echo "skipped: mkfifo not found"; exit 77; }
command -v python3 >/dev/null || { echo "skipped: python3 not found"; exit 77; }
# Own scratch folder (ctest sets NBS_SCRATCH_DIR per script), never a fixed name in /tmp.
tmp=${NBS_SCRATCH_DIR:-$(mktemp -d)}; rm -rf "$tmp"; mkdir -p "$tmp" || exit 1
pid=""
cleanup() {
    [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

panel=$root/panels/generation-study
sd=$root/sample_data
mkfifo "$tmp/slow.vcf"
cp "$sd/baby03.vcf" "$tmp/slow_copy.vcf"
# manifest NAME SLOW_PATH: the slow baby first, then 200 babies from sample_data.
manifest() {
    {
        printf 'sample_id\tvcf\tvcf_sample\treported_sex\n'
        printf 'slow\t%s\tbaby03\tXX\n' "$2"
        i=0
        while [ $i -lt 25 ]; do
            tail -n +2 "$sd/batch.tsv" | while IFS=$'\t' read -r id vcf col sex; do
                printf '%s_%03d\t%s\t%s\t%s\n' "$id" "$i" "$sd/$vcf" "$col" "$sex"
            done
            i=$((i + 1))
        done
    } >"$tmp/$1"
}
manifest killed.tsv "$tmp/slow.vcf"
manifest reference.tsv "$tmp/slow_copy.vcf"
[ "$(wc -l <"$tmp/killed.tsv")" -eq 227 ] || fail "the manifest should have 226 babies"

args=(screen --panel "$panel" --no-provenance --quiet --threads 2)

# The uninterrupted run.
"$nbscreen" "${args[@]}" --manifest "$tmp/reference.tsv" --out "$tmp/reference" || fail "reference run failed"

# The run that is killed: wait for committed results (their records, written last in each group
# commit, report/output_dir.cpp), then SIGKILL; the kill may land in the middle of a later group.
"$nbscreen" "${args[@]}" --manifest "$tmp/killed.tsv" --out "$tmp/out" &
pid=$!
for _ in $(seq 600); do
    n=$(find "$tmp/out/.nbscreen" -maxdepth 1 -name '*.key' 2>/dev/null | wc -l)
    [ "$n" -ge 20 ] && break
    sleep 0.05
done
[ "$n" -ge 20 ] || fail "no results were committed within 30 s"
kill -9 "$pid"
wait "$pid" 2>/dev/null
status=$?
pid=""
[ "$status" -eq 137 ] || fail "the batch was not killed by SIGKILL (exit $status)"
[ ! -e "$tmp/out/batch_summary.tsv" ] || fail "the batch finished before it was killed"
[ ! -e "$tmp/out/slow.json" ] || fail "the blocked baby has a result"
done_before=$(find "$tmp/out" -maxdepth 1 -name '*.json' | wc -l)
# Whatever is under a result's name is a complete result.
python3 - "$tmp/out" <<'PY' || fail "a file under a result's name is not a complete result"
import json, pathlib, sys
for p in pathlib.Path(sys.argv[1]).glob("*.json"):
    json.loads(p.read_text())
PY

# The re-run: the blocked baby's file is now a regular file with its calls (the screen opens a
# VCF more than once, so a named pipe cannot stand in for it once it is read).
rm -f "$tmp/slow.vcf"
cp "$tmp/slow_copy.vcf" "$tmp/slow.vcf"
timeout 120 "$nbscreen" screen --panel "$panel" --no-provenance --threads 2 \
    --manifest "$tmp/killed.tsv" --out "$tmp/out" >"$tmp/rerun.out" 2>"$tmp/rerun.err" ||
    { cat "$tmp/rerun.err"; fail "the re-run failed"; }
reused=$(sed -n 's/.* \([0-9]*\) reused.*/\1/p' "$tmp/rerun.out")
[ -n "$reused" ] && [ "$reused" -ge 1 ] || fail "the re-run reused nothing: $(tail -1 "$tmp/rerun.out")"
[ "$reused" -le "$done_before" ] || fail "reused $reused results but only $done_before existed"

# Every result identical to the uninterrupted run; nothing temporary left behind. The evidence
# snapshots too, but the slow baby's: it records the VCF path it was read from (slow.vcf here,
# slow_copy.vcf in the reference), which `nbscreen rescreen --reread` needs.
diff -r -x .nbscreen -x slow.evidence.zst "$tmp/reference" "$tmp/out" >"$tmp/diff.txt" || { head -20 "$tmp/diff.txt"; fail "results differ from an uninterrupted run"; }
[ -s "$tmp/out/slow.evidence.zst" ] || fail "the slow baby has no evidence snapshot"
leftovers=$(find "$tmp/out" -name '*.nbscreen-tmp.*' | wc -l)
[ "$leftovers" -eq 0 ] || fail "$leftovers temporary file(s) left: $(find "$tmp/out" -name '*.nbscreen-tmp.*' | head -3)"
n_json=$(find "$tmp/out" -maxdepth 1 -name '*.json' | wc -l)
[ "$n_json" -eq 226 ] || fail "expected 226 results, found $n_json"
echo "killed after $done_before results; the re-run reused $reused and completed all 226, identical to an uninterrupted run"
