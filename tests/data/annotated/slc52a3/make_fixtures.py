#!/usr/bin/env python3
"""Writes the SLC52A3 (GRCh38 chr20) annotation fixtures for the LoF-route tests.

bcsq_*.vcf are real `bcftools csq` (1.16) output: the input records below annotated against the
real GRCh38 chr20 sequence (../shared/data/alignments/deepvariant/grch38.chr20_and_21_10M.fa.gz)
and the SLC52A3 MANE transcript ENST00000645534 written as Ensembl GFF3 from the Ensembl 107 GTF
(../shared/data/genes/ensembl107_gtf/Homo_sapiens.GRCh38.107.chr20.gtf.gz; GTF CDS lines exclude
the stop codon, GFF3 CDS lines include it, so the last CDS is extended by the stop_codon line).

vep_*.vcf and snpeff_*.vcf are realistic, not tool output (no VEP or SnpEff here): the real
VEP 115 --everything CSQ header (annotated/HG002_GRCh38_chr1_100var.vep115_everything...) and the
real SnpEff 5.0e ANN header (../shared/data/annotated/snpeff/1000G_GRCh38_chr22_10.5Mb...), with
entries written field by field for the same records; consequences match what bcftools csq found.

Run from this folder: python3 make_fixtures.py  (needs bcftools and ../shared/data).
"""
import gzip
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "../../../.."))
SHARED = os.path.join(ROOT, "..", "shared", "data")
if not os.path.isdir(SHARED):
    SHARED = "/work/shared/data"
FASTA = os.path.join(SHARED, "alignments/deepvariant/grch38.chr20_and_21_10M.fa.gz")
GTF = os.path.join(SHARED, "genes/ensembl107_gtf/Homo_sapiens.GRCh38.107.chr20.gtf.gz")
VEP_GOLDEN = os.path.join(ROOT, "tests/data/annotated/HG002_GRCh38_chr1_100var.vep115_everything.golden.vcf.gz")
SNPEFF = os.path.join(SHARED, "annotated/snpeff/1000G_GRCh38_chr22_10.5Mb.norm.snpeff5.0e_ANN.dbnsfp.clinvar.cosmic.vcf.gz")
TX = "ENST00000645534"

HEAD = """##fileformat=VCFv4.2
##FILTER=<ID=PASS,Description="All filters passed">
##contig=<ID=chr20,length=64444167>
##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype Quality">
##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Read depth">
##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">
"""
COLS = "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tMOTHER\tBABY\n"

# Scenario -> records (pos, ref, alts, mother sample, baby sample).
SCENARIOS = {
    # ALT 1 makes W17* (TGG>TAG), ALT 2 W17S. The mother carries the stop, the baby the missense.
    "multiallelic": [(765725, "C", "T,G", "1|1:60:30:0,30,0", "2|2:60:30:0,0,30")],
    # Two SNVs in cis in codon 3 (TTC): each alone is missense (TTG, TAC), together TAG (stop).
    "compound": [(765766, "G", "C", "0|0:60:30:30,0", "0|1:60:30:15,15"),
                 (765767, "A", "T", "0|0:60:30:30,0", "0|1:60:30:15,15")],
    # ALT 1 deletes c.29 (frameshift), ALT 2 is synonymous. The baby carries the frameshift.
    "frameshift": [(765745, "GC", "G,AC", "2|2:60:30:0,0,30", "1|1:60:30:0,30,0")],
}


def gff3():
    lines = ["##gff-version 3"]
    stop = None
    feats = []
    for line in gzip.open(GTF, "rt"):
        if TX not in line or line.startswith("#"):
            continue
        t = line.rstrip("\n").split("\t")
        if t[2] == "stop_codon":
            stop = (int(t[3]), int(t[4]))
        feats.append(t)
    gene = [t for t in gzip.open(GTF, "rt") if "\tgene\t" in t and "ENSG00000101276" in t][0].split("\t")
    lines.append("\t".join(["chr20", gene[1], "gene", gene[3], gene[4], ".", gene[6], ".",
                            "ID=gene:ENSG00000101276;Name=SLC52A3;biotype=protein_coding"]))
    cds = [t for t in feats if t[2] == "CDS"]
    last = min(cds, key=lambda t: int(t[3]))  # minus strand: the 3'-most CDS has the lowest start
    for t in feats:
        kind = {"transcript": "mRNA", "exon": "exon", "CDS": "CDS",
                "five_prime_utr": "five_prime_UTR", "three_prime_utr": "three_prime_UTR"}.get(t[2])
        if kind is None:
            continue
        start, end = int(t[3]), int(t[4])
        if t is last and stop:
            start = min(start, stop[0])
        attrs = (f"ID=transcript:{TX};Parent=gene:ENSG00000101276;biotype=protein_coding;tag=MANE_Select"
                 if kind == "mRNA" else f"Parent=transcript:{TX}")
        if kind == "CDS":
            attrs += ";ID=CDS:ENSP00000495213"
        lines.append("\t".join(["chr20", t[1], kind, str(start), str(end), ".", t[6],
                                t[7] if kind == "CDS" else ".", attrs]))
    return "\n".join(lines) + "\n"


def input_vcf(records, info=lambda rec: "."):
    out = HEAD + COLS
    for rec in records:
        pos, ref, alts, mother, baby = rec
        out += f"chr20\t{pos}\t.\t{ref}\t{alts}\t50\tPASS\t{info(rec)}\tGT:GQ:DP:AD\t{mother}\t{baby}\n"
    return out


def run_csq(name, records, local):
    gff = os.path.join(HERE, "tmp_slc52a3.gff3")
    src = os.path.join(HERE, "tmp_in.vcf")
    with open(gff, "w") as f:
        f.write(gff3())
    with open(src, "w") as f:
        f.write(input_vcf(records))
    args = ["bcftools", "csq", "--no-version", "-f", FASTA, "-g", gff, src]
    if local:
        args.insert(2, "-l")
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    with open(os.path.join(HERE, name), "w") as f:
        f.write(out)
    os.remove(gff)
    os.remove(src)


def header_line(path, prefix):
    for line in gzip.open(path, "rt"):
        if line.startswith(prefix):
            return line
    raise SystemExit(f"{prefix} not in {path}")


VEP_INFO = header_line(VEP_GOLDEN, "##INFO=<ID=CSQ,")
VEP_VERSION = header_line(VEP_GOLDEN, "##VEP=")
VEP_FIELDS = VEP_INFO.split("Format: ")[1].split('">')[0].split("|")
ANN_INFO = header_line(SNPEFF, "##INFO=<ID=ANN,")
SNPEFF_VERSION = header_line(SNPEFF, "##SnpEffVersion=")


def vep_entry(fields, **kv):
    """One CSQ entry in `fields` order; unknown fields stay empty, as VEP leaves them."""
    base = {"IMPACT": "HIGH", "SYMBOL": "SLC52A3", "Gene": "ENSG00000101276",
            "Feature_type": "Transcript", "Feature": "ENST00000645534.1", "BIOTYPE": "protein_coding",
            "STRAND": "-1", "SYMBOL_SOURCE": "HGNC", "HGNC_ID": "HGNC:16187", "CANONICAL": "YES",
            "MANE": "MANE_Select", "MANE_SELECT": "NM_033409.4", "VARIANT_CLASS": "SNV"}
    base.update(kv)
    return "|".join(base.get(f, "") for f in fields)


STOP_T = dict(Allele="T", Consequence="stop_gained", EXON="2/5", HGVSc="ENST00000645534.1:c.50G>A",
              HGVSp="ENSP00000495213.1:p.Trp17Ter", Amino_acids="W/*", Codons="tGg/tAg")
MIS_G = dict(Allele="G", Consequence="missense_variant", IMPACT="MODERATE", EXON="2/5",
             HGVSc="ENST00000645534.1:c.50G>C", HGVSp="ENSP00000495213.1:p.Trp17Ser",
             Amino_acids="W/S", Codons="tGg/tCg")


def write(name, text):
    with open(os.path.join(HERE, name), "w") as f:
        f.write(text)


def vep_file(name, records, csq_of, info_line=VEP_INFO, fields=VEP_FIELDS):
    key = info_line.split("ID=")[1].split(",")[0]
    head = HEAD + VEP_VERSION + info_line + COLS
    body = input_vcf(records, info=lambda rec: key + "=" + csq_of(rec, fields)).split(COLS)[1]
    write(name, head + body)


def main():
    run_csq("bcsq_multiallelic.vcf", SCENARIOS["multiallelic"], local=False)
    run_csq("bcsq_multiallelic_local.vcf", SCENARIOS["multiallelic"], local=True)
    run_csq("bcsq_compound.vcf", SCENARIOS["compound"], local=False)
    run_csq("bcsq_frameshift.vcf", SCENARIOS["frameshift"], local=False)

    multi = SCENARIOS["multiallelic"]
    # VEP 115, one entry per ALT on the MANE transcript; novel alleles (gnomAD fields empty).
    vep_file("vep_multiallelic.vcf", multi,
             lambda rec, f: vep_entry(f, **STOP_T) + "," + vep_entry(f, **MIS_G))
    # The same, both ALTs annotated but the stop's gnomAD exome AF 0.02: too common.
    vep_file("vep_common.vcf", multi,
             lambda rec, f: vep_entry(f, **STOP_T, gnomADe_AF="0.02", MAX_AF="0.02",
                                      MAX_AF_POPS="gnomADe_AFR") + "," + vep_entry(f, **MIS_G))
    # VEP run with --fields and no SYMBOL or frequency field: the MANE accession decides.
    slim = ["Allele", "Consequence", "IMPACT", "Feature_type", "Feature", "BIOTYPE", "HGNC_ID"]
    slim_info = VEP_INFO.split("Format: ")[0] + "Format: " + "|".join(slim) + '">\n'
    vep_file("vep_no_symbol_no_af.vcf", multi,
             lambda rec, f: vep_entry(f, **STOP_T) + "," + vep_entry(f, **MIS_G),
             info_line=slim_info, fields=slim)
    # VEP written under another key (--vcf_info_field ANN): recognised by its description.
    vep_file("vep_as_ann.vcf", multi,
             lambda rec, f: vep_entry(f, **STOP_T) + "," + vep_entry(f, **MIS_G),
             info_line=VEP_INFO.replace("ID=CSQ,", "ID=ANN,"))
    # A lab's own key whose description does not name VEP: read only when panel.toml names it
    # in consequence_keys.
    lab_info = ('##INFO=<ID=CSQ_LAB,Number=.,Type=String,Description="Lab pipeline consequences. '
                "Format: " + "|".join(VEP_FIELDS) + '">\n')
    vep_file("vep_lab_key.vcf", multi,
             lambda rec, f: vep_entry(f, **STOP_T) + "," + vep_entry(f, **MIS_G),
             info_line=lab_info)
    # --minimal: GC>G,AC is written as '-' (deletion) and 'A' (SNV), with MINIMISED=1.
    fs = SCENARIOS["frameshift"]
    min_fields = VEP_FIELDS + ["MINIMISED"]
    min_info = VEP_INFO.replace('">\n', '|MINIMISED">\n')
    vep_file("vep_minimal_frameshift.vcf", fs,
             lambda rec, f: vep_entry(f, Allele="-", Consequence="frameshift_variant", EXON="2/5",
                                      HGVSc="ENST00000645534.1:c.29del", VARIANT_CLASS="deletion",
                                      MINIMISED="1") + "," +
             vep_entry(f, Allele="A", Consequence="synonymous_variant", IMPACT="LOW", EXON="2/5",
                       HGVSc="ENST00000645534.1:c.30G>T", MINIMISED="1"),
             info_line=min_info, fields=min_fields)

    # SnpEff 5.0e ANN, RefSeq transcripts (hg38 database): one entry per ALT.
    def ann(rec, _):
        rest = "|HIGH|SLC52A3|SLC52A3|transcript|NM_033409.4|protein_coding|2/5|"
        return ("T|stop_gained" + rest + "c.50G>A|p.Trp17*|245/2178|50/1410|17/469||,"
                "G|missense_variant" + rest.replace("HIGH", "MODERATE") +
                "c.50G>C|p.Trp17Ser|245/2178|50/1410|17/469||")
    head = HEAD.replace("VCFv4.2", "VCFv4.3") + SNPEFF_VERSION + ANN_INFO + COLS
    write("snpeff_multiallelic.vcf",
          head + input_vcf(multi, info=lambda rec: "ANN=" + ann(rec, None)).split(COLS)[1])


if __name__ == "__main__":
    main()
