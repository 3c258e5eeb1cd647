#!/usr/bin/env bash
# Rebuilding panels/generation-study/knowledge from ../shared/data with
# panels/tools/build_generation_study_knowledge.sh gives the committed files byte for byte
# (knowledge/ and panel.toml).
set -u
root=$1
nbscreen=$2
if [ ! -f "$root/../shared/data/alignments/deepvariant/grch38.chr20_and_21_10M.fa.gz" ]; then
  echo "skipped: ../shared/data not found (the knowledge is built from its FASTA, MANE, ClinVar and gnomAD files)"; exit 77
fi
tmp=${NBS_SCRATCH_DIR:-$(mktemp -d)}; rm -rf "$tmp"; mkdir -p "$tmp" || exit 1; trap 'rm -rf "$tmp"' EXIT
cp -r "$root/panels/generation-study" "$tmp/panel" || exit 1
rm -rf "$tmp/panel/knowledge"
cd "$root" || exit 1
NBS_SHARED_DATA="$root/../shared/data" bash panels/tools/build_generation_study_knowledge.sh \
  "$nbscreen" "$tmp/panel" > "$tmp/log" 2>&1 || { cat "$tmp/log"; exit 1; }
diff -r "$tmp/panel/knowledge" "$root/panels/generation-study/knowledge" ||
  { echo "panels/generation-study/knowledge differs from its rebuild"; exit 1; }
cmp "$tmp/panel/panel.toml" "$root/panels/generation-study/panel.toml" ||
  { diff "$tmp/panel/panel.toml" "$root/panels/generation-study/panel.toml"; echo "panel.toml differs"; exit 1; }
echo "generation-study knowledge rebuilds byte for byte"
