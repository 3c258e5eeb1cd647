"""Defaults shared by the panel derivation scripts.

The [thresholds] block every derived panel starts from: the engine's defaults, as documented in
docs/panel-format.md. One copy, so the starter and Generation Study panels cannot drift apart.
"""

THRESHOLDS_TOML = """[thresholds]
gene_padding_bp = 2000
min_gq = 20
min_dp = 10
min_het_allele_balance = 0.2
min_hom_allele_balance = 0.8
require_filter_pass = true
clinvar_min_pathogenic = 1
clinvar_max_benign = 1
af_keys = ["AF_grpmax", "AF_popmax", "gnomAD_AF_grpmax"]
max_af_monoallelic = 0.001
max_af_biallelic = 0.01
min_mapq = 10
coverage_thresholds = [15, 20]
callability_min_depth = 15
callability_min_fraction = 0.95
target_padding_bp = 20
"""
