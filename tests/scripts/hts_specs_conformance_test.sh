#!/usr/bin/env bash
# The hts-specs VCF conformance suite (tests/data/hts-specs, a copy of samtools/hts-specs'
# test/vcf) through `nbscreen screen`, one file at a time with a deadline. Every file's outcome
# must match tests/data/hts-specs/expectations.tsv:
#   accept         exit 0 (a passed/ file with a sample column, or a failed/ file whose defect
#                  docs/input-validation.md lists as unable to change a screen result)
#   refuse         exit 3, and stderr names the file with a line number or a locus
#   refuse-nosample exit 3 for a sites-only file (screening needs the baby's column)
# A crash, a hang (deadline), another exit code, or any other difference is a failure. The counts
# per outcome are printed. Regenerate the expectations only after reviewing each change:
#   NBS_CONFORMANCE_WRITE=path/to/new.tsv bash this_script ROOT NBSCREEN
set -u
root=$1
bin=$2
data=$root/tests/data/hts-specs
panel=$root/tests/data/panel/conformance
expectations=$data/expectations.tsv
deadline=${NBS_CONFORMANCE_DEADLINE:-30}
scratch=${NBS_SCRATCH_DIR:?NBS_SCRATCH_DIR must be set}
rm -rf "$scratch" && mkdir -p "$scratch" || exit 1
command -v bcftools >/dev/null || { echo "bcftools is needed to list each file's samples"; exit 1; }

declare -A want
while IFS=$'\t' read -r rel outcome _; do
  [[ -z $rel || $rel == \#* ]] && continue
  want[$rel]=$outcome
done < "$expectations"

declare -A counts
failures=0
write=${NBS_CONFORMANCE_WRITE:-}
[[ -n $write ]] && : > "$write"
while IFS= read -r f; do
  rel=${f#"$data"/}
  sample=$(bcftools query -l "$f" 2>/dev/null | head -n 1)
  args=(screen --panel "$panel" --vcf "$f" --sample-id conformance --out "$scratch/out" --force
        --quiet --no-provenance)
  [[ -n $sample ]] && args+=(--sample "$sample")
  timeout -s KILL "$deadline" "$bin" "${args[@]}" > "$scratch/stdout" 2> "$scratch/stderr"
  rc=$?
  err=$(tr -d '\0' < "$scratch/stderr")
  case $rc in
    0) got=accept ;;
    3)
      if grep -q "no sample columns" <<< "$err"; then
        got=refuse-nosample
      elif grep -qF -- "$f:" <<< "$err" || grep -qF -- "$f (" <<< "$err"; then
        got=refuse  # the file, then ":LINE" or " (LOCUS)"
      else
        got=refuse-unlocated
      fi ;;
    137) got=hang ;;
    *) if (( rc > 128 )); then got=crash-$rc; else got=exit-$rc; fi ;;
  esac
  dir=${rel%/*}; key="$dir $got"; counts[$key]=$(( ${counts[$key]:-0} + 1 ))
  [[ -n $write ]] && printf '%s\t%s\n' "$rel" "$got" >> "$write"
  expected=${want[$rel]:-missing}
  if [[ $got != "$expected" ]]; then
    failures=$((failures + 1))
    echo "FAIL $rel: expected $expected, got $got (exit $rc)"
    head -c 400 <<< "$err" | sed 's/^/    /'
  fi
  unset "want[$rel]"
done < <(find "$data" -name '*.vcf' | LC_ALL=C sort)

for rel in "${!want[@]}"; do
  failures=$((failures + 1))
  echo "FAIL $rel: listed in expectations.tsv but not found"
done
echo "outcomes:"
while IFS= read -r k; do echo "  $k: ${counts[$k]}"; done < <(printf "%s\n" "${!counts[@]}" | sort)
if (( failures > 0 )); then
  echo "$failures file(s) differ from $expectations"
  exit 1
fi
echo "hts-specs conformance ok"
