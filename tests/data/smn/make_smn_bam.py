#!/usr/bin/env python3
"""Simulates a GRCh38 BAM (or CRAM) for the SMN1 copy-number tests: reads WITH sequence over the
SMN1 and SMN2 loci (gene spans, exon 7-8 included) and the panel's normalisation regions, seeded.

The sites, regions and normalisation windows are read from the panel's smn.tsv, so the BAM follows
the panel. Each SMN copy is a haploid sequence of the locus: a seeded random backbone, identical in
SMN1 and SMN2 (they are near-identical), with the SMN1 or SMN2 base at every differentiating site.
A hybrid copy carries SMN1 bases before c.840 and SMN2 bases from c.840 on (SMN2 exon 7 and intron
7 with SMN1 intron 6). Reads (150 bp, single end, 0.1% base errors) are drawn uniformly at depth/2
per copy; normalisation regions have 2 copies. By default a read maps to the locus of its own copy
type at MAPQ 60; --mapq0 places every SMN read at either locus at random with MAPQ 0, as aligners
do with paralog reads. --cram REF writes CRAM against REF (written here: chr5 only, N except the
SMN loci, so it is small enough for a test folder) and only chr5 reads.

Usage: make_smn_bam.py --panel DIR --out FILE.bam --smn1 N --smn2 N [--hybrid N] [--depth 30]
                       [--mapq0] [--seed 1] [--sample baby01] [--cram REF.fa]
"""
import argparse
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from grch38_contigs import GRCH38  # noqa: E402  (tests/data/grch38_contigs.py)
READ_LEN = 150
ERROR = 0.001
# The SMN1 gene span (panels/generation-study/genes.tsv) with margin, past exon 8 (smn.tsv).
SMN1_LOCUS = (70924800, 70954400)


def read_smn(panel):
    sites, genes, norms = [], {}, []
    with open(os.path.join(panel, "smn.tsv")) as f:
        header = None
        for line in f:
            if line.startswith("#"):
                continue
            c = line.rstrip("\n").split("\t")
            if header is None:
                header = c
                continue
            r = dict(zip(header, c))
            if r["kind"] == "site":
                sites.append((int(r["smn1_pos"]), r["smn1_base"], int(r["smn2_pos"]), r["smn2_base"],
                              r["value"] == "c840"))
            elif r["kind"] == "gene_region":
                genes[r["name"]] = (int(r["start"]), int(r["end"]))
            elif r["kind"] == "norm_region":
                norms.append((r["chrom"], int(r["start"]), int(r["end"])))
    return sites, genes, norms


def mutate(seq, rng):
    out = list(seq)
    for i in range(len(out)):
        if rng.random() < ERROR:
            out[i] = rng.choice([b for b in "ACGT" if b != out[i]])
    return "".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--panel", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--smn1", type=int, required=True)
    ap.add_argument("--smn2", type=int, required=True)
    ap.add_argument("--hybrid", type=int, default=0, help="extra hybrid copies (SMN1 intron 6, SMN2 from c.840)")
    ap.add_argument("--depth", type=float, default=30.0)
    ap.add_argument("--mapq0", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sample", default="baby01")
    ap.add_argument("--cram", help="write CRAM against this reference (created)")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    sites, genes, norms = read_smn(a.panel)
    c840 = [s for s in sites if s[4]][0]
    offset = c840[2] - c840[0]  # SMN2 position = SMN1 position + offset
    lo, hi = SMN1_LOCUS
    backbone = "".join(rng.choice("ACGT") for _ in range(hi - lo + 1))

    def copy_seq(kind, locus):
        """The copy's sequence in SMN1 (locus 1) or SMN2 (locus 2) coordinates. The paralogs'
        coordinates are not a constant offset apart (small indels), so each site's base goes at
        that locus's own position of the site; the backbone is taken as collinear."""
        s = list(backbone)
        for p1, b1, p2, b2, is_c840 in sites:
            smn1_like = kind == "SMN1" or (kind == "hybrid" and p1 < c840[0])
            at = p1 - lo if locus == 1 else p2 - offset - lo
            s[at] = b1 if smn1_like else b2
        return "".join(s)

    copies = [("SMN1", "SMN1")] * a.smn1 + [("SMN2", "SMN2")] * a.smn2 + [("SMN2", "hybrid")] * a.hybrid
    seqs = {(k, l): copy_seq(k, l) for k in ("SMN1", "SMN2", "hybrid") for l in (1, 2)}
    reads = []  # (chrom, pos, name, flag, mapq, seq)
    per_copy = a.depth / 2.0
    n_per_copy = int(round((hi - lo + 1) * per_copy / READ_LEN))
    for ci, (kind, content) in enumerate(copies):
        for k in range(n_per_copy):
            start = rng.randint(lo - READ_LEN + 1, hi)
            a0, b0 = max(start, lo), min(start + READ_LEN - 1, hi)
            if b0 - a0 + 1 < READ_LEN:
                continue
            at_smn2 = (rng.random() < 0.5) if a.mapq0 else kind == "SMN2"
            seq = seqs[(content, 2 if at_smn2 else 1)]
            r = mutate(seq[a0 - lo:b0 - lo + 1], rng)
            pos = a0 + (offset if at_smn2 else 0)
            flag = 16 if rng.random() < 0.5 else 0
            reads.append(("chr5", pos, "c%d_%d" % (ci, k), flag, 0 if a.mapq0 else 60, r))
    if not a.cram:
        for ni, (chrom, s, e) in enumerate(norms):
            nseq = "".join(rng.choice("ACGT") for _ in range(e - s + 1 + 2 * READ_LEN))
            base = s - READ_LEN
            n = int(round((e - s + 1 + READ_LEN) * a.depth / READ_LEN))
            for k in range(n):
                start = rng.randint(base, e)
                r = mutate(nseq[start - base:start - base + READ_LEN], rng)
                if len(r) < READ_LEN:
                    continue
                reads.append((chrom, start, "n%d_%d" % (ni, k), 16 if rng.random() < 0.5 else 0, 60, r))
    rank = {c: i for i, (c, _) in enumerate(GRCH38)}
    reads.sort(key=lambda r: (rank[r[0]], r[1], r[2]))
    contigs = [(c, n) for c, n in GRCH38 if not a.cram or c == "chr5"]
    sam = ["@HD\tVN:1.6\tSO:coordinate"] + ["@SQ\tSN:%s\tLN:%d" % (c, n) for c, n in contigs]
    sam.append("@RG\tID:sim\tSM:%s" % a.sample)
    qual = "I" * READ_LEN
    for chrom, pos, name, flag, mapq, seq in reads:
        sam.append("%s\t%d\t%s\t%d\t%d\t%dM\t*\t0\t0\t%s\t%s\tRG:Z:sim" % (name, flag, chrom, pos, mapq, READ_LEN, seq, qual))
    text = "\n".join(sam) + "\n"
    if a.cram:
        # chr5 of GRCh38 length, N except the two SMN loci (the SMN1 copy's sequence at both).
        ref1, ref2 = seqs[("SMN1", 1)], seqs[("SMN2", 2)]
        with open(a.cram, "w") as f:
            f.write(">chr5\n")
            n5 = dict(GRCH38)["chr5"]
            chunks = {lo: ref1, lo + offset: ref2}
            pos = 1
            for start in sorted(chunks):
                f.write("N" * (start - pos))
                f.write(chunks[start])
                pos = start + len(chunks[start])
            f.write("N" * (n5 - pos + 1))
            f.write("\n")
        subprocess.run(["samtools", "faidx", a.cram], check=True)
        subprocess.run(["samtools", "view", "-C", "-T", a.cram, "-o", a.out, "-"], input=text, text=True, check=True)
        subprocess.run(["samtools", "index", a.out], check=True)
    else:
        subprocess.run(["samtools", "view", "-b", "-o", a.out, "-"], input=text, text=True, check=True)
        subprocess.run(["samtools", "index", "-c", a.out], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
