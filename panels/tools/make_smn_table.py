#!/usr/bin/env python3
"""Writes panels/generation-study/smn.tsv, the SMN1 copy-number caller's data (docs/panel-format.md).

Sites: the 8 selected SMN1/SMN2 differentiating sites of ../shared/data/genes/smn/SMN_SNP_38.tsv
(SMNCopyNumberCaller @7f642e2b data/SMN_SNP_38.txt, Apache-2.0 at that commit), c.840C>T marked.
Gene regions: SMN1/SMN2 exon 7-8 as SMNCopyNumberCaller defines them (GRCh38, BED 70948273-70954173
and 70072855-70078755, here 1-based), per ../shared/docs/domain-smn1-cnv-review-reanalysis.md s.2.
Normalisation regions: every NORM_STEP-th (by position) of SMNCopyNumberCaller's 3,000 2-kb
single-copy autosomal normalisation regions (GRCh38 data/SMN_region_38.bed, kind "norm"; the same
bytes from 7f642e2 to 7fc5ca5, the last commit under Apache-2.0; a copy with that licence is in
panels/tools/sources/smncopynumbercaller/). 100 of them keep the depth estimate a median over many
regions while keeping the reads decoded per baby small (docs/rules.md rule 8, docs/performance.md).
Thresholds: see PARAMS (sources in their rows).
Run: python3 panels/tools/make_smn_table.py [--check]
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(REPO, "panels", "generation-study", "smn.tsv")
SNP = os.path.join(REPO, "..", "shared", "data", "genes", "smn", "SMN_SNP_38.tsv")
NORM_BED = os.path.join(HERE, "sources", "smncopynumbercaller", "SMN_region_38.bed")
NORM_STEP = 30

SRC_SITES = "SMNCopyNumberCaller@7f642e2b data/SMN_SNP_38.txt (selected sites), via ../shared/data/genes/smn/SMN_SNP_38.tsv"
SRC_REGIONS = "SMNCopyNumberCaller@0f31d20 SMN1/SMN2 exon 7-8 regions (GRCh38), ../shared/docs/domain-smn1-cnv-review-reanalysis.md s.2"
SRC_NORM = ("SMNCopyNumberCaller@7fc5ca5 data/SMN_region_38.bed normalisation region (every 30th by position; "
            "Apache-2.0 at that commit), panels/tools/sources/smncopynumbercaller")
PARAMS = [
    ("min_c840_reads", "14", "sma-finder (broadinstitute/sma-finder README): at least 14 reads over c.840 in SMN1 plus SMN2"),
    ("c840_error_rate", "0.001", "sma-finder: binomial likelihood of C reads under 0 SMN1 copies (sequencing error 0.001)"),
    ("c840_max_copies", "5", "sma-finder: alternative hypothesis >=1 SMN1 copy of at most 5 SMN copies (C fraction 0.2)"),
    ("c840_min_phred", "10", "nbscreen choice: likelihood ratio >= 10 (sma-finder calls on the larger likelihood)"),
    ("min_mapq", "0", "SMNCopyNumberCaller and sma-finder count MAPQ 0 reads (SMN1/SMN2 are near-identical)"),
    ("min_base_quality", "13", "pysam pileup's default minimum base quality; with it nbscreen's site counts equal SMNCopyNumberCaller's published GRCh37 test counts exactly (tests/unit/io/base_counts_test.cpp)"),
    ("min_norm_regions", "20", "nbscreen choice: at least 20 normalisation regions with depth"),
    ("min_norm_depth", "10", "nbscreen choice: median normalisation depth >= 10x, else normalisation fails"),
    ("max_norm_mad", "0.11", "SMNCopyNumberCaller: normalised-depth MAD > 0.11 is unreliable"),
    ("cn_sd", "0.06", "SMNCopyNumberCaller: SD of the exon 7-8 CN2 state on the normalised scale, scaled by sqrt(CN/2)"),
    ("min_cn_posterior", "0.95", "SMNCopyNumberCaller: depth copy-number call needs posterior >= 0.95"),
    ("site_error_rate", "0.01", "SMNCopyNumberCaller: 1% error in the per-site SMN1 likelihood"),
    ("min_site_posterior", "0.9", "SMNCopyNumberCaller: per-site SMN1 call needs posterior >= 0.9"),
    ("min_sites_agree", "5", "SMNCopyNumberCaller: consensus when >= 5 of the 8 sites agree"),
    ("max_copy_number", "6", "nbscreen choice: the depth model considers SMN1+SMN2 exon 7-8 copy numbers 0..6"),
]
COLS = ["kind", "name", "chrom", "start", "end", "smn1_pos", "smn1_base", "smn2_pos", "smn2_base", "value", "source"]


def rows(snp):
    out = []
    with open(snp) as f:
        for line in f:
            if line.startswith("#"):
                continue
            chrom, p1, b1, p2, b2, ann, sel = line.rstrip("\n").split("\t")
            if sel != "yes":
                continue
            kind = "c840" if ann == "exon7_splice_variant" else "consensus"
            name = "c.840C>T" if kind == "c840" else "%s_%s" % (ann, p1)
            out.append(["site", name, chrom, "", "", p1, b1, p2, b2, kind, SRC_SITES])
    out.append(["gene_region", "SMN1", "chr5", "70948274", "70954173", "", "", "", "", "", SRC_REGIONS])
    out.append(["gene_region", "SMN2", "chr5", "70072856", "70078755", "", "", "", "", "", SRC_REGIONS])
    chrom_order = {"chr%d" % n: n for n in range(1, 23)}
    norms = []
    with open(NORM_BED) as f:
        for line in f:
            chrom, start, end, name, kind = line.split("\t")[:5]
            if kind == "norm":
                norms.append((chrom_order[chrom], int(start), int(end), chrom, name))
    norms.sort()
    for _, start, end, chrom, name in norms[NORM_STEP // 2::NORM_STEP]:
        # BED is 0-based half-open; smn.tsv is 1-based inclusive.
        out.append(["norm_region", name, chrom, str(start + 1), str(end), "", "", "", "", "", SRC_NORM])
    for name, value, src in PARAMS:
        out.append(["param", name, "", "", "", "", "", "", "", value, src])
    return out


def render(snp):
    lines = ["# SMN1/SMN2 copy-number data (GRCh38) for nbscreen; written by panels/tools/make_smn_table.py, do not edit by hand.",
             "\t".join(COLS)]
    lines += ["\t".join(r) for r in rows(snp)]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--snp", default=SNP, help="SMN_SNP_38.tsv (default: ../shared/data/genes/smn)")
    a = ap.parse_args()
    if not os.path.exists(a.snp):
        print("skipped: %s not found" % a.snp)
        return 77 if a.check else 2
    text = render(a.snp)
    if a.check:
        same = os.path.exists(OUT) and open(OUT).read() == text
        print("smn.tsv matches its generator" if same else "smn.tsv differs from its generator")
        return 0 if same else 1
    with open(OUT, "w", newline="\n") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
