#!/usr/bin/env bash
# Builds panels/generation-study/knowledge (sequence, MANE transcripts, ClinVar, gnomAD) from what
# ../shared/data holds, byte for byte the committed files (tests/scripts/
# generation_study_knowledge_test.sh checks it). What the shared data can give:
#   reference  GRCh38 chr20:1-10,000,000 (and chr21:1-10 Mb, mostly N) only, so only the panel
#              genes there (AVP, SLC52A3) get sequence and are left-aligned when matching;
#   transcripts MANE v1.0 (Ensembl 107 GTF lines of MANE transcripts; no chr1);
#   clinvar    the 2026-02-26 release cut to 11 genes (of the panel: ACAT1 only);
#   gnomad     v4.0 slices of chr1 (PCSK9), chrX (PAR1) and chrY (SRY region): none covers a panel
#              CDS, so every panel allele reads "not_covered" (not "absent").
# A lab builds the full knowledge from whole files in one command: docs/curator-guide.md.
# Usage: build_generation_study_knowledge.sh NBSCREEN [PANEL_DIR] (run from the repository root)
set -euo pipefail
nbscreen=${1:?usage: $0 NBSCREEN [PANEL_DIR]}
panel=${2:-panels/generation-study}
data=${NBS_SHARED_DATA:-../shared/data}
gnomad=$data/gnomad/v4.0_grch38_slices
"$nbscreen" panel knowledge "$panel" \
  --reference "$data/alignments/deepvariant/grch38.chr20_and_21_10M.fa.gz" \
  --reference-release "GRCh38 chr20:1-10000000 + chr21:1-10000000 (DeepVariant test slice)" \
  --transcripts "$data/genes/mane/MANE.GRCh38.v1.0.ensembl107_derived.noChr1.gtf.gz" \
  --transcripts-release "MANE v1.0 (Ensembl 107 GTF, no chr1)" \
  --clinvar "$data/clinvar/clinvar_20260226_GRCh38.genesubset.vcf.gz" \
  --gnomad-release "v4.0" \
  --gnomad "$gnomad/gnomad-exomes.1.vcf.bgz" "$gnomad/gnomad-genomes.1.vcf.bgz" \
           "$gnomad/gnomad-exomes.X.vcf.bgz" "$gnomad/gnomad-genomes.X.vcf.bgz" \
           "$gnomad/gnomad-exomes.Y.vcf.bgz" "$gnomad/gnomad-genomes.Y.vcf.bgz"
