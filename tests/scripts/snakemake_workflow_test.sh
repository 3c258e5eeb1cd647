#!/usr/bin/env bash
# The Snakemake workflow (workflows/):
#  1. screens sample_data in batches of 3 with `--cores 2` and merges the batch summaries into one
#     that equals a single `nbscreen screen` of the whole manifest; a second run has nothing to do;
#  2. started from another working directory with a config file of relative paths, resolves them
#     against the config file's folder;
#  3. with a baby whose VCF is missing, exits non-zero after writing the cohort summary, which
#     lists that baby as an error; once the file is there, a re-run screens exactly that baby
#     (its batch's other babies are reused, other batches are not run).
set -u
root=$1
nbscreen=$2
command -v snakemake >/dev/null || { echo "skipped: snakemake not installed"; exit 77; }
# Own scratch folder (ctest sets NBS_SCRATCH_DIR per script), never a fixed name in /tmp.
tmp=${NBS_SCRATCH_DIR:-$(mktemp -d)}; rm -rf "$tmp"; mkdir -p "$tmp" || exit 1
[ -n "${NBS_KEEP_SCRATCH:-}" ] || trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

snakemake -s "$root/workflows/Snakefile" --configfile "$root/workflows/config.yaml" --directory "$tmp" \
    --cores 2 --quiet --config "panel=$root/panels/generation-study" "manifest=$root/sample_data/batch.tsv" \
    "out=$tmp/out" "nbscreen=$nbscreen" batch_size=3 threads_per_batch=2 >"$tmp/snakemake.log" 2>&1 ||
    { tail -30 "$tmp/snakemake.log"; fail "snakemake failed"; }

[ "$(ls "$tmp/out/batches"/batch_*.tsv | wc -l)" -eq 3 ] || fail "9 babies in batches of 3 should make 3 batches"
"$nbscreen" screen --panel "$root/panels/generation-study" --manifest "$root/sample_data/batch.tsv" \
    --out "$tmp/direct" --quiet || fail "the direct run failed"
diff "$tmp/direct/batch_summary.tsv" "$tmp/out/batch_summary.tsv" || fail "the merged summary differs from one run"
[ "$(tail -n +2 "$tmp/out/batch_summary.tsv" | wc -l)" -eq 9 ] || fail "the merged summary should have 9 babies"
grep -q $'^baby04\tprioritised_for_review\t1\tcystic-fibrosis' "$tmp/out/batch_summary.tsv" || fail "baby04 is not CF"
[ "$(find "$tmp/out/batches" -name '*.json' | wc -l)" -eq 9 ] || fail "expected 9 per-baby results"

# A second run has nothing to do.
snakemake -s "$root/workflows/Snakefile" --configfile "$root/workflows/config.yaml" --directory "$tmp" \
    --cores 2 --config "panel=$root/panels/generation-study" "manifest=$root/sample_data/batch.tsv" \
    "out=$tmp/out" "nbscreen=$nbscreen" batch_size=3 threads_per_batch=2 >"$tmp/again.log" 2>&1 ||
    fail "the second snakemake run failed"
grep -q 'Nothing to be done' "$tmp/again.log" || { cat "$tmp/again.log"; fail "the second run redid work"; }

# 2 and 3: a project folder with its own config (relative paths) and a manifest whose baby06 VCF
# is missing; snakemake is started from an unrelated folder.
proj=$tmp/project
mkdir -p "$proj/vcfs" "$tmp/elsewhere"
cp "$root"/sample_data/baby0[1-5]* "$proj/vcfs/"
tail -n +2 "$root/sample_data/batch.tsv" | head -6 | awk -F'\t' 'BEGIN{OFS="\t"; print "sample_id","vcf","vcf_sample","reported_sex"}
    {n=split($2,p,"/"); print $1, "vcfs/" p[n], $3, $4}' >"$proj/batch.tsv"
grep -q '^baby06' "$proj/batch.tsv" || fail "the test manifest has no baby06"
[ ! -e "$proj/vcfs/$(awk -F'\t' '$1=="baby06"{n=split($2,p,"/"); print p[n]}' "$proj/batch.tsv")" ] ||
    fail "baby06's VCF should be missing"
cat >"$proj/config.yaml" <<YAML
panel: panel
manifest: batch.tsv
out: results
nbscreen: $nbscreen
batch_size: 3
threads_per_batch: 1
YAML
ln -s "$root/panels/generation-study" "$proj/panel"
run_project() {  # LOG
    (cd "$tmp/elsewhere" && snakemake -s "$root/workflows/Snakefile" --configfile ../project/config.yaml \
        --cores 2 --keep-going >"$1" 2>&1)
}
run_project "$tmp/fail.log"
rc=$?
[ "$rc" -ne 0 ] || { tail -20 "$tmp/fail.log"; fail "a batch with a failed baby ended with exit 0"; }
summary=$proj/results/batch_summary.tsv
[ -f "$summary" ] || { tail -30 "$tmp/fail.log"; fail "no cohort summary after the failure"; }
[ "$(tail -n +2 "$summary" | wc -l)" -eq 6 ] || fail "the cohort summary should list all 6 babies"
grep -q $'^baby06\terror\t' "$summary" || fail "baby06 is not listed as an error"
grep -q $'^baby04\tprioritised_for_review\t' "$summary" || fail "baby04 was not screened"
grep -q "baby06" "$tmp/fail.log" || fail "the workflow's output does not name baby06"
[ ! -e "$tmp/elsewhere/results" ] || fail "results were written relative to the working directory"
done_batch=$(ls "$proj/results/batches"/*.done | head -1)
touch -d '2020-01-01' "$done_batch"

# Fixed: the file arrives. Only baby06's batch runs, and only baby06 is screened in it.
cp "$root/sample_data/$(awk -F'\t' '$1=="baby06"{print $2}' "$root/sample_data/batch.tsv")" \
    "$proj/$(awk -F'\t' '$1=="baby06"{print $2}' "$proj/batch.tsv")"
run_project "$tmp/retry.log" || { tail -30 "$tmp/retry.log"; fail "the re-run failed"; }
grep -q $'^baby06\t\(prioritised_for_review\|incomplete\|no_condition_suspected\)\t' "$summary" ||
    fail "baby06 is not screened after the re-run"
[ "$(grep -c $'\terror\t' "$summary")" -eq 0 ] || fail "errors remain after the re-run"
batch6=$(grep -l '^baby06' "$proj/results/batches"/batch_*.tsv)
log6=$proj/results/logs/$(basename "$batch6" .tsv).log
grep -q "1 screened, 2 reused, 0 failed" "$log6" || { cat "$log6"; fail "the re-run did not screen exactly baby06"; }
[ "$(stat -c %Y "$done_batch")" -eq "$(date -d '2020-01-01' +%s)" ] || fail "a finished batch ran again"
echo "workflow: 3 batches merged as one run; failures listed, exit non-zero, retried alone"
