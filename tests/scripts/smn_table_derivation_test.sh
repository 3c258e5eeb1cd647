#!/usr/bin/env bash
# panels/generation-study/smn.tsv is what panels/tools/make_smn_table.py writes from
# SMN_SNP_38.tsv (its copy in tests/data/smn) and the panel's targets.tsv.
set -u
root=$1
python3 "$root/panels/tools/make_smn_table.py" --check --snp "$root/tests/data/smn/SMN_SNP_38.tsv"
