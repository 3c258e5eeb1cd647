#!/usr/bin/env python3
"""Writes hg001_string_ps_float_gq_dp.grch38hdr.vcf: FORMAT fields of the types some pipelines
write and the reader must decode: PS as a String (GIAB HG001 v3.3.2 writes PATMAT and
"<pos>_<ref>_<alt>" block names) and GQ/DP as Float (Exomiser's Pfeiffer exome declares GQ Float
and writes e.g. 14.79).

Records: six GIAB HG001 v3.3.2 chr20 records (../shared/data/samples/giab/
HG001_GRCh37_chr20_GIAB_v3.3.2_highconf_PGandRTGphasetransfer.vcf.gz), CHROM/POS/REF/ALT/GT/AD/PS
as written, INFO dropped, FORMAT reduced to GT:DP:AD:GQ:PS; GQ and DP written as floats, and one
record (chr20:112015) given Pfeiffer-style fractional values (GQ 14.79, DP 7.6) to test rounding.
The GRCh37 header is replaced by GRCh38 contig lines so nbs::VcfReader accepts the file (the
positions are then only positions). Run: python3 tests/data/vcf/field_types/make_fixture.py
"""
import gzip
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "..", "..", "..", "..", "..", "shared", "data", "samples", "giab",
                   "HG001_GRCh37_chr20_GIAB_v3.3.2_highconf_PGandRTGphasetransfer.vcf.gz")
OUT = os.path.join(HERE, "hg001_string_ps_float_gq_dp.grch38hdr.vcf")
GRCH38 = [("chr%d" % i, n) for i, n in enumerate([
    248956422, 242193529, 198295559, 190214555, 181538259, 170805979, 159345973, 145138636,
    138394717, 133797422, 135086622, 133275309, 114364328, 107043718, 101991189, 90338345,
    83257441, 80373285, 58617616, 64444167, 46709983, 50818468], start=1)]
GRCH38 += [("chrX", 156040895), ("chrY", 57227415), ("chrM", 16569)]
PICK = {61098, 65900, 73610, 112015, 37780886, 37780890}
FRACTIONAL = {112015: ("14.79", "7.6")}  # (GQ, DP)

lines = ["##fileformat=VCFv4.2", '##FILTER=<ID=PASS,Description="All filters passed">']
lines += ["##contig=<ID=%s,length=%d>" % c for c in GRCH38]
lines += [
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Consensus Genotype across all datasets '
    'with called genotype">',
    '##FORMAT=<ID=DP,Number=1,Type=Float,Description="Read depth">',
    '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Net allele depths across all '
    'unfiltered datasets with called genotype">',
    '##FORMAT=<ID=GQ,Number=1,Type=Float,Description="Genotype Quality">',
    '##FORMAT=<ID=PS,Number=1,Type=String,Description="Phase set for GT">',
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tHG001",
]
with gzip.open(SRC, "rt") as f:
    for line in f:
        if line.startswith("#"):
            continue
        c = line.rstrip("\n").split("\t")
        pos = int(c[1])
        if pos not in PICK:
            continue
        v = dict(zip(c[8].split(":"), c[9].split(":")))
        gq, dp = FRACTIONAL.get(pos, ("%.1f" % float(v["GQ"]), "%.1f" % float(v["DP"])))
        sample = ":".join([v["GT"], dp, v["AD"], gq, v["PS"]])
        lines.append("\t".join(["chr20", c[1], c[2], c[3], c[4], c[5], c[6], ".",
                                "GT:DP:AD:GQ:PS", sample]))
        if pos == max(PICK):
            break
with open(OUT, "w") as f:
    f.write("\n".join(lines) + "\n")
