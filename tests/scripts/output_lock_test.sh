#!/usr/bin/env bash
# One writer per output folder. While one nbscreen holds --out (it is blocked reading its VCF from
# a named pipe), a second exits 2 at once naming the holder's pid; a third given --wait-lock waits
# and finishes after the first; the three never interleave, so every result is whole and verified.
set -u
root=$1
nbscreen=$2
command -v mkfifo >/dev/null || { echo "skipped: mkfifo not found"; exit 77; }
tmp=${NBS_SCRATCH_DIR:-$(mktemp -d)}; rm -rf "$tmp"; mkdir -p "$tmp" || exit 1
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; for f in "$tmp"/*.err; do echo "== $f"; cat "$f"; done; exit 1; }

panel=$root/panels/generation-study
sd=$root/sample_data
out=$tmp/out
mkfifo "$tmp/pipe"
# This shell keeps the pipe's write end (fd 3) so the reader can open it now and waits for data;
# the children must not inherit it, or the first would never see the end of its input.
exec 3<>"$tmp/pipe"

"$nbscreen" screen --panel "$panel" --vcf - --sample-id first --out "$out" --quiet \
    <"$tmp/pipe" 2>"$tmp/first.err" 3>&- &
first=$!; pids+=("$first")
# The first holds the lock once its lock file names it.
for _ in $(seq 1 100); do
    grep -q "^$first " "$out/.nbscreen/lock" 2>/dev/null && break
    sleep 0.1
done
grep -q "^$first " "$out/.nbscreen/lock" || fail "the first run never took the lock"

"$nbscreen" screen --panel "$panel" --vcf "$sd/baby04.vcf.gz" --sample-id second --out "$out" \
    --quiet 2>"$tmp/second.err" 3>&-
rc=$?
[ "$rc" -eq 2 ] || fail "a second writer exited $rc, not 2"
grep -q "in use by another nbscreen (pid $first" "$tmp/second.err" ||
    fail "the refusal does not name the holder's pid $first"
grep -q -- "--wait-lock" "$tmp/second.err" || fail "the refusal does not mention --wait-lock"
[ ! -e "$out/second.json" ] || fail "the refused run wrote a result"

"$nbscreen" screen --panel "$panel" --vcf "$sd/baby06.vcf.gz" --sample-id third --out "$out" \
    --quiet --wait-lock 2>"$tmp/third.err" 3>&- &
third=$!; pids+=("$third")
sleep 1
kill -0 "$third" 2>/dev/null || fail "--wait-lock did not wait for the holder"
[ ! -e "$out/third.json" ] || fail "the waiting run wrote while the folder was held"

# Release the first: feed it a baby and close the pipe.
cat "$sd/baby03.vcf" >&3
exec 3>&-
wait "$first"; rc=$?
[ "$rc" -eq 0 ] || fail "the first run exited $rc"
wait "$third"; rc=$?
[ "$rc" -eq 0 ] || fail "the waiting run exited $rc"
pids=()

# Both results are whole and listed; the last summary lists both babies.
for id in first third; do
    [ -s "$out/$id.json" ] || fail "$id.json missing"
    grep -q "^$id	" "$out/batch_summary.tsv" || fail "$id is not in the summary"
done
grep -q '"sample_id": "first"' "$out/first.json" || fail "first.json is not the first baby's"
grep -q '"sample_id": "third"' "$out/third.json" || fail "third.json is not the third baby's"
echo "one writer per folder: ok (holder pid $first named; --wait-lock waited)"
