#!/usr/bin/env python3
"""Rebuild tests/data/ from the shared reference data (../shared/data) and write SOURCES.md.

Copies (never symlinks) small real files, cuts a few excerpts with bcftools/tabix, makes the
deliberately bad inputs under bad/, and writes one provenance line per file into SOURCES.md,
taking the upstream repo@commit from the shared MANIFEST.tsv. Deterministic: run it twice and
the bytes are the same (bcftools --no-version, BGZF without timestamps).

Usage: python3 tests/data/make_test_data.py [--shared DIR]
"""

import argparse
import csv
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]

HTS = "edge_cases/hts-specs/vcf/4.2"
# (destination under tests/data, source under shared/data, what it is for)
COPIES = [
    # hts-specs VCF 4.2 conformance: files that must be refused ...
    ("vcf/hts-specs-4.2/failed/failed_fileformat_000.vcf", f"{HTS}/failed/failed_fileformat_000.vcf", "no ##fileformat line"),
    ("vcf/hts-specs-4.2/failed/failed_header_000.vcf", f"{HTS}/failed/failed_header_000.vcf", "bad #CHROM line"),
    ("vcf/hts-specs-4.2/failed/failed_header_001.vcf", f"{HTS}/failed/failed_header_001.vcf", "#CHROM line with FORMAT missing / spaces"),
    ("vcf/hts-specs-4.2/failed/failed_meta_002.vcf", f"{HTS}/failed/failed_meta_002.vcf", "no #CHROM sample line"),
    ("vcf/hts-specs-4.2/failed/failed_body_sample_011.vcf", f"{HTS}/failed/failed_body_sample_011.vcf", "duplicated sample names"),
    ("vcf/hts-specs-4.2/failed/failed_body_pos_000.vcf", f"{HTS}/failed/failed_body_pos_000.vcf", "POS is '.' (htslib accepts it silently)"),
    ("vcf/hts-specs-4.2/failed/failed_body_unsorted_000.vcf", f"{HTS}/failed/failed_body_unsorted_000.vcf", "records out of order (htslib accepts it when streaming)"),
    ("vcf/hts-specs-4.2/failed/failed_body_chrom_003.vcf", f"{HTS}/failed/failed_body_chrom_003.vcf", "CHROM with a comma"),
    ("vcf/hts-specs-4.2/failed/failed_body_sample_000.vcf", f"{HTS}/failed/failed_body_sample_000.vcf", "illegal genotype values"),
    ("vcf/hts-specs-4.2/failed/failed_body_sample_002.vcf", f"{HTS}/failed/failed_body_sample_002.vcf", "first sample field is not a genotype"),
    ("vcf/hts-specs-4.2/failed/failed_body_format_002.vcf", f"{HTS}/failed/failed_body_format_002.vcf", "FORMAT does not start with GT"),
    ("vcf/hts-specs-4.2/failed/failed_body_samples_ploidy_002.vcf", f"{HTS}/failed/failed_body_samples_ploidy_002.vcf", "haploid chrX GT with a diploid-sized PL"),
    # ... and files that must be accepted
    ("vcf/hts-specs-4.2/passed/passed_body_samples.vcf", f"{HTS}/passed/passed_body_samples.vcf", "sample column corner cases"),
    ("vcf/hts-specs-4.2/passed/passed_ploidy_000.vcf", f"{HTS}/passed/passed_ploidy_000.vcf", "mixed ploidy (triploid, haploid)"),
    ("vcf/hts-specs-4.2/passed/passed_ploidy_001.vcf", f"{HTS}/passed/passed_ploidy_001.vcf", "mixed ploidy"),
    ("vcf/hts-specs-4.2/passed/passed_body_alt.vcf", f"{HTS}/passed/passed_body_alt.vcf", "ALT corner cases (symbolic, breakends)"),
    ("vcf/hts-specs-4.2/passed/passed_meta_contig.vcf", f"{HTS}/passed/passed_meta_contig.vcf", "contig header corner cases"),
    ("vcf/hts-specs-4.2/passed/passed_meta_assembly.vcf", f"{HTS}/passed/passed_meta_assembly.vcf", "##assembly line"),
    ("vcf/hts-specs-4.2/passed/passed_fileformat_header_000.vcf", f"{HTS}/passed/passed_fileformat_header_000.vcf", "minimal valid header"),
    # whatshap phasing edge cases
    ("vcf/whatshap/phased-via-PS.vcf", "edge_cases/whatshap/phased-via-PS.vcf", "phase given by PS"),
    ("vcf/whatshap/phased_overlapping.vcf", "edge_cases/whatshap/phased_overlapping.vcf", "overlapping phase blocks"),
    ("vcf/whatshap/multisample.vcf", "edge_cases/whatshap/multisample.vcf", "multi-sample phasing"),
    # gVCF, DeepVariant style (<*> blocks, MIN_DP), copied whole
    ("gvcf/NA12878.chr20_10Mb.deepvariant.golden.g.vcf", "samples/deepvariant_gvcf/NA12878.chr20_10Mb.deepvariant.golden.g.vcf", "DeepVariant gVCF, hg19 chr20:10.00-10.01 Mb"),
    # annotated
    ("annotated/HG002_GRCh38_chr1_100var.vep115_everything.golden.vcf.gz", "annotated/vep/vepyr/HG002_GRCh38_chr1_100var.vep115_everything.golden.vcf.gz", "VEP 115 --everything CSQ, GRCh38"),
    ("annotated/HG002_GRCh38_chr1_100var.vep115_everything.golden.vcf.gz.tbi", "annotated/vep/vepyr/HG002_GRCh38_chr1_100var.vep115_everything.golden.vcf.gz.tbi", "its index"),
    ("annotated/slivar.with-bcsq.vcf", "annotated/slivar/slivar.with-bcsq.vcf", "bcftools csq BCSQ, b37"),
    ("annotated/snpeff.test_vcf_ann_plus_sign.vcf", "annotated/snpeff/snpeff.test_vcf_ann_plus_sign.vcf", "SnpEff ANN with '+' in values"),
    # phased sample
    ("phased/HG002.grch38.whatshap_supplementary_strategy_test.phased_PS.vcf.gz", "samples/phased/HG002.grch38.whatshap_supplementary_strategy_test.phased_PS.vcf.gz", "HG002 GRCh38, integer PS"),
    ("phased/HG002.grch38.whatshap_supplementary_strategy_test.phased_PS.vcf.gz.tbi", "samples/phased/HG002.grch38.whatshap_supplementary_strategy_test.phased_PS.vcf.gz.tbi", "its index"),
    # alignments + reference
    ("alignments/NA12878_S1.chr20.10_10p1mb.bam", "alignments/deepvariant/NA12878_S1.chr20.10_10p1mb.bam", "NA12878 reads hg19 chr20:10.0-10.1 Mb"),
    ("alignments/NA12878_S1.chr20.10_10p1mb.bam.bai", "alignments/deepvariant/NA12878_S1.chr20.10_10p1mb.bam.bai", "its index"),
    ("alignments/NA12878_S1.chr20.10_10p1mb.cram", "alignments/deepvariant/NA12878_S1.chr20.10_10p1mb.cram", "the same reads as CRAM"),
    ("alignments/NA12878_S1.chr20.10_10p1mb.cram.crai", "alignments/deepvariant/NA12878_S1.chr20.10_10p1mb.cram.crai", "its index"),
    ("alignments/ucsc.hg19.chr20.unittest.fasta.gz", "alignments/deepvariant/ucsc.hg19.chr20.unittest.fasta.gz", "reference for the CRAM (chr20, N outside the window)"),
    ("alignments/ucsc.hg19.chr20.unittest.fasta.gz.fai", "alignments/deepvariant/ucsc.hg19.chr20.unittest.fasta.gz.fai", "its .fai"),
    ("alignments/ucsc.hg19.chr20.unittest.fasta.gz.gzi", "alignments/deepvariant/ucsc.hg19.chr20.unittest.fasta.gz.gzi", "its .gzi"),
    # a text file that is not a VCF
    ("bad/not_a_vcf.vcf", "genes/annonars_gene_tables/acmg.tsv", "a TSV (ACMG SF gene table) named .vcf"),
]

GATK_GVCF = "samples/gatk_gvcf/NA12878.hg38.gatk3.5_HaplotypeCaller.g.vcf.gz"
GATK_REGION = "chr7:104000000-126000000"
ISAAC_GVCF = "samples/illumina_gvcf/NA12878.hg19.chr21.isaac_genome_vcf.hc.vcf.gz"
ISAAC_REGION = "chr21:19999929-20048113"
SLIVAR_TEST = "annotated/slivar/slivar.test.vcf"
B37_SRC = "samples/giab/test_nist.b37_chr20_100kbp_at_10mb.vcf.gz"
MULTI_SRC = "samples/giab/HG002_GRCh38_v4.2.1_chr1_0-5Mb.truth.vcf.gz"
TRUNC_SRC = "sample_data/baby04.vcf.gz"   # in this repository


def die(msg):
    sys.stderr.write(f"make_test_data: {msg}\n")
    sys.exit(1)


def run(cmd, out=None):
    if out is not None:
        with open(out, "wb") as f:
            r = subprocess.run(cmd, stdout=f, stderr=subprocess.PIPE)
    else:
        r = subprocess.run(cmd, capture_output=True)
    if r.returncode != 0:
        die(f"{' '.join(map(str, cmd))}: {r.stderr.decode().strip()}")
    return r.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data")
    args = ap.parse_args()
    shared = args.shared
    manifest = {}
    with open(shared / "MANIFEST.tsv", encoding="utf-8") as f:
        for rec in csv.DictReader(f, delimiter="\t"):
            manifest[rec["local_path"]] = rec

    def origin(src):
        rec = manifest.get(src)
        if rec is None:
            die(f"{src} not in MANIFEST.tsv")
        if rec["origin_repo"].startswith("("):
            return f"{rec['origin_repo']} {rec['note']}".strip()
        note = f"; {rec['note']}" if rec["note"] else ""
        return f"{rec['origin_repo']}@{rec['commit']}:{rec['origin_path']}{note}"

    rows = []   # (dest, line)
    for dest, src, what in COPIES:
        d = HERE / dest
        d.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shared / src, d)
        rows.append((dest, f"copy of ../shared/data/{src} ({origin(src)}): {what}"))

    def out(dest):
        d = HERE / dest
        d.parent.mkdir(parents=True, exist_ok=True)
        return d

    # GATK <NON_REF> gVCF excerpt (about 2,000 records around CFTR)
    d = out("gvcf/NA12878.hg38.gatk3.5.chr7_104-126Mb.g.vcf.gz")
    run(["bcftools", "view", "--no-version", "-r", GATK_REGION, "-Oz", "-o", str(d),
         str(shared / GATK_GVCF)])
    run(["tabix", "-f", "-p", "vcf", str(d)])
    rows.append((d.relative_to(HERE).as_posix(),
                 f"`bcftools view -r {GATK_REGION}` of ../shared/data/{GATK_GVCF} "
                 f"({origin(GATK_GVCF)}): GATK 3.5 gVCF with <NON_REF> blocks, GRCh38, includes CFTR"))
    rows.append((d.relative_to(HERE).as_posix() + ".tbi", "tabix index of the line above"))

    # Illumina Isaac '.'+END gVCF excerpt (first 2,000 records)
    d = out("gvcf/NA12878.hg19.chr21.isaac.first2000.g.vcf.gz")
    run(["bcftools", "view", "--no-version", "-r", ISAAC_REGION, "-Oz", "-o", str(d),
         str(shared / ISAAC_GVCF)])
    run(["tabix", "-f", "-p", "vcf", str(d)])
    rows.append((d.relative_to(HERE).as_posix(),
                 f"`bcftools view -r {ISAAC_REGION}` (its first 2,000 records) of "
                 f"../shared/data/{ISAAC_GVCF} ({origin(ISAAC_GVCF)}): Illumina Isaac genome VCF, "
                 f"reference blocks as ALT '.' + END, hg19"))
    rows.append((d.relative_to(HERE).as_posix() + ".tbi", "tabix index of the line above"))

    # slivar test.vcf is 352 KB as text: keep it whole, BGZF-compressed (lossless)
    d = out("annotated/slivar.test.vcf.gz")
    run(["bgzip", "-c", str(shared / SLIVAR_TEST)], out=d)
    rows.append((d.relative_to(HERE).as_posix(),
                 f"`bgzip -c` of ../shared/data/{SLIVAR_TEST} ({origin(SLIVAR_TEST)}), records "
                 f"unchanged: both SnpEff ANN and VEP CSQ, b37"))

    # multi-allelic records, real GRCh38 (HG002 GIAB v4.2.1)
    d = out("multiallelic.vcf")
    run(["bcftools", "view", "--no-version", "-m3", str(shared / MULTI_SRC)], out=d)
    rows.append((d.relative_to(HERE).as_posix(),
                 f"`bcftools view -m3` (records with 2+ ALT alleles, GT like 1|2) of "
                 f"../shared/data/{MULTI_SRC} ({origin(MULTI_SRC)}): GIAB HG002 v4.2.1 GRCh38 chr1"))

    # bad inputs
    d = out("bad/grch37_contigs.vcf")
    text = run(["bcftools", "view", "--no-version", str(shared / B37_SRC)]).decode()
    lines = text.splitlines(keepends=True)
    head = [l for l in lines if l.startswith("#")]
    body = [l for l in lines if not l.startswith("#")][:20]
    d.write_text("".join(head + body), encoding="utf-8")
    rows.append((d.relative_to(HERE).as_posix(),
                 f"header + first 20 records of ../shared/data/{B37_SRC} ({origin(B37_SRC)}): "
                 f"GIAB NA12878 truth with chr-prefixed names but GRCh37 contig lengths "
                 f"(chr1 249250621)"))

    d = out("bad/truncated.vcf.gz")
    src = (REPO / TRUNC_SRC).read_bytes()
    d.write_bytes(src[:len(src) // 2])
    rows.append((d.relative_to(HERE).as_posix(),
                 f"the first half ({len(src) // 2} of {len(src)} bytes) of this repository's "
                 f"{TRUNC_SRC}: BGZF cut mid-block, no EOF marker"))

    rows.sort()
    # SOURCES.md also lists files other scripts and people added (panel/, rules/, coverage/...):
    # only the block between the markers is this script's, and the rest is kept as it is.
    begin, end = "<!-- make_test_data.py: begin -->\n", "<!-- make_test_data.py: end -->\n"
    block = begin + "".join(f"- `{dest}`: {line}\n" for dest, line in rows) + end
    path = HERE / "SOURCES.md"
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if begin in old and end in old:
        text = old[:old.index(begin)] + block + old[old.index(end) + len(end):]
    else:
        text = ("# tests/data: where each file came from\n\n"
                "Small real files the tests read. Regenerate with "
                "`python3 tests/data/make_test_data.py` (needs bcftools, tabix, bgzip and "
                "../shared/data). Origins are given as upstream `repo@commit:path`, taken from "
                "../shared/data/MANIFEST.tsv. Builds: hts-specs and whatshap files use "
                "contigs 1/20/X without lengths; the alignments, DeepVariant and Isaac gVCFs are "
                "hg19; the GATK gVCF, VEP, phased and multi-allelic files are GRCh38.\n\n" + block)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    print(f"wrote {len(rows)} files")


if __name__ == "__main__":
    main()
