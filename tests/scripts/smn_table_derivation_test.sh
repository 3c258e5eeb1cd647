#!/usr/bin/env bash
# panels/generation-study/smn.tsv is what panels/tools/make_smn_table.py writes from
# ../shared/data/genes/smn/SMN_SNP_38.tsv and the panel's targets.tsv.
set -u
root=$1
python3 "$root/panels/tools/make_smn_table.py" --check
