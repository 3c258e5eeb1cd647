#!/usr/bin/env python3
"""Writes tests/data/coverage/starter_xx_pah_low.bam (+ .csi): a simulated GRCh38 BAM for the
coverage CLI tests. Reads carry no sequence (SEQ '*'): depth needs only positions and CIGARs.

- every panels/starter target at about 31x, except PAH's at about 8x (so PAH is not callable at
  the default 95% >= 15x, and callable at >= 5x);
- the sex-from-depth windows (engine/coverage/sex_from_depth.cpp) as a 46,XX baby: autosome and
  chrX windows at about 6x, no chrY reads.

Run from the repository root: python3 tests/data/coverage/make_coverage_bam.py (needs samtools).
"""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
OUT = os.path.join(ROOT, "tests/data/coverage/starter_xx_pah_low.bam")
READ_LEN = 500
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from grch38_contigs import GRCH38  # noqa: E402  (tests/data/grch38_contigs.py)
SEX_WINDOWS = [("chr2", 50000001), ("chr7", 90000001), ("chr12", 100000001), ("chr16", 60000001),
               ("chrX", 20000001), ("chrX", 40000001), ("chrX", 80000001), ("chrX", 120000001)]


def tile(chrom, start, end, depth, name, out):
    """Reads of READ_LEN starting every READ_LEN/depth bases from start-READ_LEN+1 to end."""
    step = max(1, READ_LEN // depth)
    pos = max(1, start - READ_LEN + 1)
    i = 0
    while pos <= end:
        out.append((chrom, pos, f"{name}_{i}"))
        pos += step
        i += 1


def main():
    reads = []
    with open(os.path.join(ROOT, "panels/starter/targets.tsv")) as f:
        next(f)
        for line in f:
            symbol, chrom, start, end = line.split("\t")[:4]
            tile(chrom, int(start), int(end), 8 if symbol == "PAH" else 31, f"{symbol}_{start}", reads)
    for chrom, start in SEX_WINDOWS:
        tile(chrom, start, start + 200000 - 1, 6, f"sex_{chrom}_{start}", reads)
    rank = {c: i for i, (c, _) in enumerate(GRCH38)}
    reads = sorted(set(reads), key=lambda r: (rank[r[0]], r[1], r[2]))
    sam = ["@HD\tVN:1.6\tSO:coordinate"] + [f"@SQ\tSN:{c}\tLN:{n}" for c, n in GRCH38]
    sam.append("@RG\tID:sim\tSM:baby01")
    for chrom, pos, name in reads:
        sam.append(f"{name}\t0\t{chrom}\t{pos}\t60\t{READ_LEN}M\t*\t0\t0\t*\t*\tRG:Z:sim")
    subprocess.run(["samtools", "view", "-b", "-o", OUT, "-"], input="\n".join(sam) + "\n", text=True, check=True)
    # A CSI index: a BAI would carry a linear index for every chromosome (400 kB for 28k reads).
    subprocess.run(["samtools", "index", "-c", OUT], check=True)


if __name__ == "__main__":
    main()
