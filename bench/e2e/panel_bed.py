#!/usr/bin/env python3
"""Writes the regions nbscreen reads for a panel as a sorted, merged BED (0-based, half-open).

The same plan as engine/screen/screen_plan.cpp: every gene span +- gene_padding_bp (panel.toml),
every curated allele (variants.tsv), and the sex-inference windows (engine/rules/sex_inference.cpp:
1 Mb on chrX every 10 Mb from 5 Mb to 145 Mb, and chrY between the PARs). bcftools -R/-T given
this BED reads exactly what the engine reads, so the comparison is like for like.

    bench/e2e/panel_bed.py panels/generation-study > panel.bed
"""
import re
import sys
from pathlib import Path

PAR1_Y_END, PAR2_Y_START = 2781479, 56887903  # engine/genome/contig.hpp


def rank(chrom):
    c = chrom[3:]
    return int(c) if c.isdigit() else {"X": 23, "Y": 24, "M": 25}.get(c, 1000)


def main():
    panel = Path(sys.argv[1])
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
    for mb in range(5, 146, 10):
        regions.append(("chrX", mb * 1000000 + 1, (mb + 1) * 1000000))
    regions.append(("chrY", PAR1_Y_END + 1, PAR2_Y_START - 1))
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
