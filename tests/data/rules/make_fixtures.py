#!/usr/bin/env python3
"""Writes the small end-to-end fixtures for tests/unit/screen/screen_baby_test.cpp.

Hand-designed (not real) calls on a fictional panel (tests/data/rules/panel/) plus derived copies
of real annotated files whose GRCh37 contig header lines are replaced by GRCh38 ones (records
unchanged) so nbs::VcfReader accepts them; see tests/data/SOURCES.md.

Each baby VCF = a sex background (calls inside the chrX / chrY windows of
engine/rules/sex_inference.cpp: >= 20 chrX non-PAR calls) + the scenario's panel calls.
Run from anywhere: python3 tests/data/rules/make_fixtures.py
"""
import gzip
import os
import re
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, "..", "..", "..", "..", "shared", "data")

GRCH38 = [("chr%d" % i, n) for i, n in enumerate([
    248956422, 242193529, 198295559, 190214555, 181538259, 170805979, 159345973, 145138636,
    138394717, 133797422, 135086622, 133275309, 114364328, 107043718, 101991189, 90338345,
    83257441, 80373285, 58617616, 64444167, 46709983, 50818468], start=1)]
GRCH38 += [("chrX", 156040895), ("chrY", 57227415), ("chrM", 16569)]

HEADER = """##fileformat=VCFv4.2
##FILTER=<ID=PASS,Description="All filters passed">
##FILTER=<ID=LowQual,Description="Low quality">
{contigs}
##INFO=<ID=CLNSIG,Number=.,Type=String,Description="ClinVar aggregate germline classification">
##INFO=<ID=CLNSIGCONF,Number=.,Type=String,Description="ClinVar conflicting classifications">
##INFO=<ID=CLNREVSTAT,Number=.,Type=String,Description="ClinVar review status">
##INFO=<ID=AF_grpmax,Number=A,Type=Float,Description="gnomAD maximum AF over genetic ancestry groups">
##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype quality">
##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Read depth">
##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">
##FORMAT=<ID=PS,Number=1,Type=Integer,Description="Phase set">
#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tBABY
"""

# Fictional panel genes (tests/data/rules/panel/genes.tsv). Include-list alleles, 1-based.
AR_A = ("chr1", 1005000, "C", "T")      # ARGENE include
AR_B = ("chr1", 1006000, "G", "A")      # ARGENE include
AR_M = ("chr1", 1007000, "CAG", "C,CAGAG")  # ARGENE multi-allelic, both ALTs on the include list
AR_CLN = ("chr1", 1008000, "T", "G")    # ARGENE: ClinVar INFO only; on the exclude list
AD_A = ("chr2", 2005000, "A", "G")      # ADGENE include
MU_A = ("chr3", 3005000, "T", "C")      # MULTIGENE include (entries: BIALLELIC + MONOALLELIC)
PAR_A = ("chrX", 1005000, "C", "G")     # PARGENE include (PAR1)
XR_A = ("chrX", 40005000, "A", "T")     # XRGENE include (XLINKED_BIALLELIC)
XR_B = ("chrX", 40006000, "G", "C")     # XRGENE include
XD_A = ("chrX", 50005000, "T", "A")     # XDGENE include (XLINKED_MONOALLELIC)


def contig_lines(no_chr=False):
    out = []
    for name, length in GRCH38:
        n = name[3:] if no_chr else name
        if no_chr and n == "M":
            n = "MT"
        out.append("##contig=<ID=%s,length=%d>" % (n, length))
    return "\n".join(out)


def sex_background(karyotype):
    """Calls inside the sex-inference windows: chrX 5,000,001-5,100,000 and chrY
    2,781,480-2,982,506 (SRY-ZFY; XY only), plus one heterozygous call on every autosome away
    from the panel genes, as a whole genome has: a chromosome without any record is not
    assessable (no calls were made there)."""
    recs = []
    for n in range(1, 23):
        recs.append(("chr%d" % n, 100101, "A", "G", "PASS", ".", "GT:GQ:DP:AD", "0/1:50:30:15,15"))
    for i in range(40):
        pos = 5000101 + i * 1000
        if karyotype == "XX":
            gt = "0/1" if i % 2 == 0 else "1/1"
        else:  # XY: hemizygous calls written both ways
            gt = "1" if i % 2 == 0 else "1/1"
        ad = "15,15" if gt == "0/1" else "0,30"
        recs.append(("chrX", pos, "A", "G", "PASS", ".", "GT:GQ:DP:AD", "%s:50:30:%s" % (gt, ad)))
    if karyotype == "XY":
        for i in range(15):
            recs.append(("chrY", 2800101 + i * 1000, "C", "T", "PASS", ".", "GT:GQ:DP:AD", "1:50:30:0,30"))
    return recs


def call(allele, sample, fmt="GT:GQ:DP:AD:PS", filt="PASS", info="."):
    chrom, pos, ref, alt = allele
    return (chrom, pos, ref, alt, filt, info, fmt, sample)


def write_vcf(name, karyotype, panel_calls, no_chr=False):
    recs = sex_background(karyotype) + panel_calls
    order = {c: i for i, (c, _) in enumerate(GRCH38)}
    recs.sort(key=lambda r: (order[r[0]], r[1]))
    with open(os.path.join(HERE, name), "w") as f:
        f.write(HEADER.format(contigs=contig_lines(no_chr)))
        for chrom, pos, ref, alt, filt, info, fmt, sample in recs:
            if no_chr:
                chrom = chrom[3:]
            f.write("\t".join([chrom, str(pos), ".", ref, alt, "50", filt, info, fmt, sample]) + "\n")


HET = "0/1:60:30:15,15:."
HOM = "1/1:60:30:0,30:."

SCENARIOS = {
    # name: (karyotype of the data, panel calls)
    "xx_cis_pair.vcf": ("XX", [call(AR_A, "0|1:60:30:15,15:1000"), call(AR_B, "0|1:60:30:14,16:1000")]),
    "xx_trans_pair.vcf": ("XX", [call(AR_A, "0|1:60:30:15,15:1000"), call(AR_B, "1|0:60:30:14,16:1000")]),
    "xx_unphased_pair.vcf": ("XX", [call(AR_A, HET), call(AR_B, HET)]),
    "xx_diff_ps_pair.vcf": ("XX", [call(AR_A, "0|1:60:30:15,15:1000"), call(AR_B, "0|1:60:30:14,16:2000")]),
    "xx_carrier.vcf": ("XX", [call(AR_A, HET)]),
    "xx_multiallelic_12.vcf": ("XX", [call(AR_M, "1/2:60:30:1,14,15:.")]),
    "xx_qc_failed_hom.vcf": ("XX", [call(AR_A, "1/1:7:30:0,30:.")]),
    "xx_qc_failed_one_of_pair.vcf": ("XX", [call(AR_A, HET), call(AR_B, "0/1:60:30:15,15:.", filt="LowQual")]),
    "xx_missing_gt.vcf": ("XX", [call(AR_A, "./.:.:.:.:."), call(AR_B, ".:.:.:.:.")]),
    "xx_excluded_clinvar.vcf": ("XX", [call(AR_CLN, HOM, info="CLNSIG=Pathogenic;CLNREVSTAT=criteria_provided,_single_submitter")]),
    "xx_clinvar_hom_other.vcf": ("XX", [call(("chr1", 1009000, "A", "C"), HOM, info="CLNSIG=Pathogenic;CLNREVSTAT=criteria_provided,_single_submitter")]),
    "xx_multi_entry_het.vcf": ("XX", [call(MU_A, HET)]),
    "xx_xr_het.vcf": ("XX", [call(XR_A, HET)]),
    "xx_xr_two_het_unphased.vcf": ("XX", [call(XR_A, HET), call(XR_B, HET)]),
    "xx_xd_het.vcf": ("XX", [call(XD_A, HET)]),
    "xy_xr_haploid.vcf": ("XY", [call(XR_A, "1:60:30:0,30:.")]),
    "xy_xr_diploid_hom.vcf": ("XY", [call(XR_A, HOM)]),
    "xy_xr_het_flag.vcf": ("XY", [call(XR_A, HET)]),
    "xy_par_het.vcf": ("XY", [call(PAR_A, HET)]),
    "xy_par_hom.vcf": ("XY", [call(PAR_A, HOM)]),
    "xy_ad_het.vcf": ("XY", [call(AD_A, HET)]),
}


def derive_grch38_header(src, dst, keep_records=None, samples=None):
    """Copies a real VCF, replacing its ##contig lines with GRCh38 ones (records unchanged except
    the optional sample subset)."""
    opener = gzip.open if src.endswith(".gz") else open
    with opener(src, "rt") as f:
        lines = f.read().splitlines()
    out, wrote_contigs = [], False
    keep_cols = None
    for line in lines:
        if line.startswith("##contig="):
            if not wrote_contigs:
                out.append(contig_lines(no_chr=not re.search(r"ID=chr", line)))
                wrote_contigs = True
            continue
        if line.startswith("#CHROM"):
            cols = line.split("\t")
            if samples is not None:
                keep_cols = list(range(9)) + [cols.index(s) for s in samples]
                cols = [cols[i] for i in keep_cols]
            out.append("\t".join(cols))
            continue
        if line.startswith("#"):
            out.append(line)
            continue
        cols = line.split("\t")
        if keep_records is not None and (cols[0], int(cols[1])) not in keep_records:
            continue
        if keep_cols is not None:
            cols = [cols[i] for i in keep_cols]
        out.append("\t".join(cols))
    with open(dst, "w") as f:
        f.write("\n".join(out) + "\n")


def main():
    for name, (karyotype, calls) in SCENARIOS.items():
        write_vcf(name, karyotype, calls)
    # Symbolic, '*' and breakend ALTs (hand-written): none is ever a call, none crashes.
    sym = [
        ("chr1", 1005000, "C", "<DEL>", "PASS", "SVTYPE=DEL;END=1005100", "GT:GQ:DP:AD:PS", "0/1:60:30:15,15:."),
        ("chr1", 1006000, "G", "*,A", "PASS", ".", "GT:GQ:DP:AD:PS", "1/2:60:30:0,15,15:."),
        ("chr1", 1006500, "G", "G]chr17:198982]", "PASS", "SVTYPE=BND", "GT:GQ:DP:AD:PS", "0/1:60:30:15,15:."),
        ("chr1", 1006600, "G", ".G", "PASS", "SVTYPE=BND", "GT:GQ:DP:AD:PS", "1/1:60:30:0,30:."),
        ("chr1", 1006700, "T", "<NON_REF>", "PASS", "END=1006800", "GT:GQ:DP:AD:PS", "0/0:60:30:30,0:."),
        ("chr1", 1006900, "T", "C,<NON_REF>", "PASS", ".", "GT:GQ:DP:AD:PS", "0/1:60:30:15,15,0:."),
        ("chr1", 1007100, "A", "<INS>", "PASS", "SVTYPE=INS", "GT:GQ:DP:AD:PS", "1/1:60:30:0,30:."),
        ("chr1", 1007200, "A", "<CNV>", "PASS", "SVTYPE=CNV", "GT:GQ:DP:AD:PS", "./.:.:.:.:."),
    ]
    with open(os.path.join(HERE, "symbolic_alleles.vcf"), "w") as f:
        f.write(HEADER.format(contigs=contig_lines()).replace(
            "##INFO=<ID=CLNSIG", '##INFO=<ID=SVTYPE,Number=1,Type=String,Description="SV type">\n'
            '##INFO=<ID=END,Number=1,Type=Integer,Description="End">\n##INFO=<ID=CLNSIG'))
        for chrom, pos, ref, alt, filt, info, fmt, sample in sym:
            f.write("\t".join([chrom, str(pos), ".", ref, alt, "50", filt, info, fmt, sample]) + "\n")
    # The trans pair again with 1/X contig names: the same finding whatever the naming.
    write_vcf("xx_trans_pair.nochr.vcf", "XX", SCENARIOS["xx_trans_pair.vcf"][1], no_chr=True)
    # Real annotated files made readable by nbs::VcfReader (see tests/data/SOURCES.md).
    slivar = os.path.join(SHARED, "annotated", "slivar")
    snpeff = os.path.join(SHARED, "annotated", "snpeff")
    if os.path.isdir(slivar):
        # GRCh38 already: copied unchanged (VEP CSQ and bcftools BCSQ, stop_gained in PPIL1).
        shutil.copyfile(os.path.join(slivar, "slivar.comphet-test-case.vcf"),
                        os.path.join(HERE, "slivar.comphet-test-case.vcf"))
        # b37 header: three records (a multi-allelic, a SnpEff splice_donor, two half-calls).
        derive_grch38_header(os.path.join(slivar, "slivar.test.vcf"),
                             os.path.join(HERE, "slivar.test.3rec.grch38hdr.vcf"),
                             keep_records={("1", 10172), ("1", 13656), ("1", 15274)})
    if os.path.isdir(snpeff):
        # b37 header, 2,504 samples: three LoF records, the first sample column only.
        src = os.path.join(snpeff, "1000G_phase3_b37_chr22.test_pathogenic.snpeff_ANN.dbnsfp.clinvar.vcf.gz")
        with gzip.open(src, "rt") as f:
            first = next(l for l in f if l.startswith("#CHROM")).rstrip("\n").split("\t")[9]
        derive_grch38_header(src, os.path.join(HERE, "1000G_chr22_lof.ann.1sample.grch38hdr.vcf"),
                             keep_records={("22", 17669339), ("22", 29091856), ("22", 26219533)},
                             samples=[first])

if __name__ == "__main__":
    main()
