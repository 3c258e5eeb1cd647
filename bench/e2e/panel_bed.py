#!/usr/bin/env python3
"""Writes the regions nbscreen reads for a panel as a sorted, merged BED (0-based, half-open).

The same plan as engine/screen/screen_plan.cpp: every gene span +- gene_padding_bp (panel.toml),
every curated allele (variants.tsv), and the sex-inference windows (engine/rules/sex_inference.cpp:
100 kb on chrX at 5, 15, ..., 145 Mb, and seven chrY windows over the X-degenerate genes).
bcftools -R/-T given this BED reads exactly what the engine reads, so the comparison is like for
like. With --genes-only, only the gene spans +- padding and curated alleles (no sex windows).

    bench/e2e/panel_bed.py panels/generation-study > panel.bed
"""
import re
import sys
from pathlib import Path

PAR1_Y_END = 2781479  # engine/genome/contig.hpp
# engine/rules/sex_inference.cpp (kXWindowStartMb, kXWindowBp, kYWindows); 1-based inclusive.
X_WINDOWS = [("chrX", mb * 1000000 + 1, mb * 1000000 + 100000) for mb in range(5, 146, 10)]
Y_WINDOWS = [("chrY", s, e) for s, e in [
    (PAR1_Y_END + 1, 2982506), (6865918, 7091683), (12701231, 13706024), (14524529, 14845654),
    (19703865, 19744726), (20575776, 20593154), (20756108, 20781032)]]


def rank(chrom):
    c = chrom[3:]
    return int(c) if c.isdigit() else {"X": 23, "Y": 24, "M": 25}.get(c, 1000)


def main():
    args = [a for a in sys.argv[1:] if a != "--genes-only"]
    genes_only = "--genes-only" in sys.argv[1:]
    panel = Path(args[0])
    toml = (panel / "panel.toml").read_text()
    m = re.search(r"^gene_padding_bp\s*=\s*(\d+)", toml, re.M)
    pad = int(m.group(1)) if m else 2000
    regions = []  # 1-based inclusive
    with open(panel / "genes.tsv") as f:
        head = f.readline().rstrip("\n").split("\t")
        c, s, e = head.index("chrom"), head.index("start"), head.index("end")
        for line in f:
            x = line.rstrip("\n").split("\t")
            regions.append((x[c], max(1, int(x[s]) - pad), int(x[e]) + pad))
    with open(panel / "variants.tsv") as f:
        head = f.readline().rstrip("\n").split("\t")
        c, p, r = head.index("chrom"), head.index("pos"), head.index("ref")
        for line in f:
            x = line.rstrip("\n").split("\t")
            regions.append((x[c], int(x[p]), int(x[p]) + len(x[r]) - 1))
    if not genes_only:
        regions += X_WINDOWS + Y_WINDOWS
    regions.sort(key=lambda t: (rank(t[0]), t[0], t[1], t[2]))
    merged = []
    for chrom, start, end in regions:
        if merged and merged[-1][0] == chrom and start <= merged[-1][2] + 1:
            merged[-1][2] = max(merged[-1][2], end)
        else:
            merged.append([chrom, start, end])
    out = sys.stdout
    for chrom, start, end in merged:
        out.write(f"{chrom}\t{start - 1}\t{end}\n")


if __name__ == "__main__":
    main()
