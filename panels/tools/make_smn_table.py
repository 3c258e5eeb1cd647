#!/usr/bin/env python3
"""Writes panels/generation-study/smn.tsv, the SMN1 copy-number caller's data (docs/panel-format.md).

Sites: the 8 selected SMN1/SMN2 differentiating sites of ../shared/data/genes/smn/SMN_SNP_38.tsv
(SMNCopyNumberCaller @7f642e2b data/SMN_SNP_38.txt, Apache-2.0 at that commit), c.840C>T marked.
Gene regions: SMN1/SMN2 exon 7-8 as SMNCopyNumberCaller defines them (GRCh38, BED 70948273-70954173
and 70072855-70078755, here 1-based), per ../shared/docs/domain-smn1-cnv-review-reanalysis.md s.2.
Normalisation regions: SMNCopyNumberCaller normalises against ~3,000 2-kb single-copy autosomal
regions whose GRCh38 list is not in ../shared (only a GRCh37 list exists at that commit, and no
liftover chain is available). As a documented substitute, 2-kb windows around coding exons of panel
genes (MANE v1.0 exons in panels/generation-study/targets.tsv): per autosome chr2-chr22, the middle
coding exon of the first two genes by position, leaving out genes known to lie in segmental
duplications or paralog clusters (EXCLUDE). Depth is taken as the median over regions, so a few
unrepresentative windows do not move it. chr1 has no MANE exons in the shared GTF.
Thresholds: see PARAMS (sources in their rows).
Run: python3 panels/tools/make_smn_table.py [--check]
"""
import argparse
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(REPO, "panels", "generation-study", "smn.tsv")
SNP = os.path.join(REPO, "..", "shared", "data", "genes", "smn", "SMN_SNP_38.tsv")
TARGETS = os.path.join(REPO, "panels", "generation-study", "targets.tsv")

SRC_SITES = "SMNCopyNumberCaller@7f642e2b data/SMN_SNP_38.txt (selected sites), via ../shared/data/genes/smn/SMN_SNP_38.tsv"
SRC_REGIONS = "SMNCopyNumberCaller@0f31d20 SMN1/SMN2 exon 7-8 regions (GRCh38), ../shared/docs/domain-smn1-cnv-review-reanalysis.md s.2"
SRC_NORM = ("2-kb window centred on a MANE v1.0 coding exon of a panel gene (targets.tsv), "
            "panels/tools/make_smn_table.py; substitute for SMNCopyNumberCaller's 2-kb single-copy regions")
EXCLUDE = {"SMN1", "SMN2", "NAIP", "GBA1", "GBA", "PMS2", "CYP21A2", "NCF1", "HBA1", "HBA2", "CHEK2",
           "STRC", "OTOA", "NEB", "TTN", "IKBKG", "F8", "CFH", "CFHR1", "HYDIN", "RHD", "CYP2D6",
           "PKD1", "SBDS", "GTF2I", "ELN", "C4A", "C4B", "TNXB", "VWF", "FCGR2A", "CORO1A"}
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
    by_gene = {}
    with open(TARGETS) as f:
        for r in csv.DictReader(f, delimiter="\t"):
            if r["kind"] == "coding_exon":
                by_gene.setdefault((r["chrom"], r["symbol"]), []).append((int(r["start"]), int(r["end"])))
    for n in range(2, 23):
        chrom = "chr%d" % n
        genes = sorted((min(e)[0], sym) for (c, sym), e in by_gene.items() if c == chrom and sym not in EXCLUDE)
        for _, sym in genes[:2]:
            exons = sorted(by_gene[(chrom, sym)])
            s, e = exons[len(exons) // 2]
            mid = (s + e) // 2
            out.append(["norm_region", sym, chrom, str(mid - 999), str(mid + 1000), "", "", "", "", "", SRC_NORM])
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
