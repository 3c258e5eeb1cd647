#!/usr/bin/env bash
# The Snakemake workflow (workflows/) screens sample_data in batches of 3 with `--cores 2` and
# merges the batch summaries into one that equals a single `nbscreen screen` of the whole manifest.
set -u
root=$1
nbscreen=$2
command -v snakemake >/dev/null || { echo "skipped: snakemake not installed"; exit 77; }
# Own scratch folder (ctest sets NBS_SCRATCH_DIR per script), never a fixed name in /tmp.
tmp=${NBS_SCRATCH_DIR:-$(mktemp -d)}; rm -rf "$tmp"; mkdir -p "$tmp" || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

snakemake -s "$root/workflows/Snakefile" --configfile "$root/workflows/config.yaml" --directory "$tmp" \
    --cores 2 --quiet --config "panel=$root/panels/generation-study" "manifest=$root/sample_data/batch.tsv" \
    "out=$tmp/out" "nbscreen=$nbscreen" batch_size=3 threads_per_batch=2 >"$tmp/snakemake.log" 2>&1 ||
    { tail -30 "$tmp/snakemake.log"; fail "snakemake failed"; }

[ "$(ls "$tmp/out/batches"/batch_*.tsv | wc -l)" -eq 3 ] || fail "8 babies in batches of 3 should make 3 batches"
"$nbscreen" screen --panel "$root/panels/generation-study" --manifest "$root/sample_data/batch.tsv" \
    --out "$tmp/direct" --quiet || fail "the direct run failed"
diff "$tmp/direct/batch_summary.tsv" "$tmp/out/batch_summary.tsv" || fail "the merged summary differs from one run"
[ "$(tail -n +2 "$tmp/out/batch_summary.tsv" | wc -l)" -eq 8 ] || fail "the merged summary should have 8 babies"
grep -q $'^baby04\tprioritised_for_review\t1\tcystic-fibrosis' "$tmp/out/batch_summary.tsv" || fail "baby04 is not CF"
[ "$(find "$tmp/out/batches" -name '*.json' | wc -l)" -eq 8 ] || fail "expected 8 per-baby results"

# A second run has nothing to do.
snakemake -s "$root/workflows/Snakefile" --configfile "$root/workflows/config.yaml" --directory "$tmp" \
    --cores 2 --config "panel=$root/panels/generation-study" "manifest=$root/sample_data/batch.tsv" \
    "out=$tmp/out" "nbscreen=$nbscreen" batch_size=3 threads_per_batch=2 >"$tmp/again.log" 2>&1 ||
    fail "the second snakemake run failed"
grep -q 'Nothing to be done' "$tmp/again.log" || { cat "$tmp/again.log"; fail "the second run redid work"; }
echo "workflow: 3 batches merged into the same summary as one run"
