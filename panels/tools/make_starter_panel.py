#!/usr/bin/env python3
"""Generate panels/starter/ (panel id "nbs-starter"), a small real-data panel.

Deterministic and stdlib only. Everything it writes is derived from files in the
shared reference data folder (default: ../shared/data next to the repository):

  genes/mane/MANE.GRCh38.v1.0.summary.txt.gz                      gene span, MANE transcript, HGNC id
  genes/mane/MANE.GRCh38.v1.0.ensembl107_derived.noChr1.gtf.gz    MANE CDS exons -> targets.tsv
  genelists/derived/generation_study_genes_from_icons_5March2024.tsv   gene is on the Generation Study list
  genelists/icons/genelist_all_version5March.csv                  onset (age_onset_asqm_standard)
  genelists/beginngs/moi_20240805.tsv                             BeginNGS mode of inheritance
  genelists/beginngs/onekg_noblocklist_genotypes.csv             include alleles
  genelists/beginngs/blocklist_20241114.tsv                       exclude alleles

The curated part (which genes, conditions, MOI and lof_mechanism choices and their reasons) is
the CURATION table below; the script checks it against the data and refuses to write a panel
when they disagree (a gene not on the Generation Study list, an MOI class the sources do not
support, a MANE record missing).

Usage: python3 panels/tools/make_starter_panel.py [--shared DIR] [--out DIR]
"""

import argparse
import csv
import gzip
import io
import os
import sys

from panel_defaults import THRESHOLDS_TOML
from pathlib import Path

PANEL_ID = "nbs-starter"
PANEL_VERSION = "0.2.0"
# The variant rows have not changed since the first version: their added_in stays.
VARIANTS_ADDED_IN = "0.1.0"
SCHEMA_VERSION = "1.0"
RELEASED = "2026-12-02"
FIRST_RELEASED = "2026-11-24"
TARGET_PADDING = 20

# GRCh38 chromosome order used for sorting rows.
CHROM_ORDER = {f"chr{i}": i for i in range(1, 23)}
CHROM_ORDER.update({"chrX": 23, "chrY": 24, "chrM": 25})

# ---------------------------------------------------------------------------------------------
# Conditions: condition_id, name, category, omim, mondo. Categories follow the ICoNS
# `category_cleaned` column except where noted. MONDO ids are given only where a shared source
# states them (PanelApp 1378, ClinGen curation list, ICoNS row). `onset` is the ICoNS
# `age_onset_asqm_standard` of the condition's gene ("missing" there: left empty); `intervention`
# is left empty: no shared source states one, and the panel carries no clinical text without a
# source (a curator adds it with its citation, as for the Generation Study panel).
CONDITIONS = [
    ("cystic-fibrosis", "Cystic fibrosis", "Pulmonology", "OMIM:219700", "MONDO:0009061"),
    ("phenylketonuria", "Phenylketonuria", "Metabolism", "OMIM:261600", "MONDO:0009861"),
    ("sickle-cell-disease", "Sickle cell disease", "Hematology", "OMIM:603903", ""),
    ("mcad-deficiency", "Medium-chain acyl-CoA dehydrogenase deficiency", "Metabolism",
     "OMIM:201450", "MONDO:0008721"),
    ("biotinidase-deficiency", "Biotinidase deficiency", "Metabolism", "OMIM:253260", ""),
    ("pompe-disease", "Glycogen storage disease II (Pompe disease)", "Metabolism",
     "OMIM:232300", ""),
    ("primary-carnitine-deficiency", "Systemic primary carnitine deficiency", "Metabolism",
     "OMIM:212140", "MONDO:0008919"),
    # ICoNS files KCNQ1 under "Medical Genetics"; Cardiovascular is the category ICoNS uses for
    # other cardiac genes (e.g. ABCC6).
    ("long-qt-syndrome-1", "Long QT syndrome 1", "Cardiovascular", "OMIM:192500", ""),
    ("jervell-lange-nielsen-syndrome-1", "Jervell and Lange-Nielsen syndrome 1", "Cardiovascular",
     "OMIM:220400", ""),
    ("dravet-syndrome", "Developmental and epileptic encephalopathy 6 (Dravet syndrome)",
     "Neurology", "OMIM:607208", ""),
    ("haemophilia-b", "Haemophilia B", "Hematology", "OMIM:306900", ""),
    ("x-linked-cgd", "Chronic granulomatous disease, X-linked", "Immunology", "OMIM:306400", ""),
    ("x-linked-scid", "Severe combined immunodeficiency, X-linked", "Immunology", "OMIM:300400",
     ""),
    ("otc-deficiency", "Ornithine transcarbamylase deficiency", "Metabolism", "OMIM:311250", ""),
]

# ---------------------------------------------------------------------------------------------
# Gene-condition-inheritance rows. Fields:
#   symbol, condition_id, moi, lof_mechanism, lof_source, moi_source,
#   (babyseq2 code expected in ICoNS, BeginNGS code expected or None), notes
CURATION = [
    ("CFTR", "cystic-fibrosis", "BIALLELIC", "yes", "moi:BIALLELIC deficiency",
     "beginngs:AR; babyseq2:AR", ("AR", "AR"), ""),
    ("PAH", "phenylketonuria", "BIALLELIC", "yes", "moi:BIALLELIC deficiency",
     "beginngs:AR; babyseq2:AR; panelapp:1378:BIALLELIC", ("AR", "AR"), ""),
    ("HBB", "sickle-cell-disease", "BIALLELIC", "no",
     "curated: sickle cell disease needs HbS (c.20A>T), a specific missense; HBB null alleles "
     "alone cause beta-thalassaemia (OMIM:613985), not this condition",
     "beginngs:AR; babyseq2:AR", ("AR", "AR"),
     "HbS/HbC and beta-zero alleles qualify through the include list"),
    ("ACADM", "mcad-deficiency", "BIALLELIC", "yes", "moi:BIALLELIC deficiency",
     "beginngs:AR; babyseq2:AR", ("AR", "AR"),
     "chr1: no MANE exon model in the shared GTF, so the target is the gene span"),
    ("BTD", "biotinidase-deficiency", "BIALLELIC", "yes", "moi:BIALLELIC deficiency",
     "beginngs:AR; babyseq2:AR", ("AR", "AR"),
     "c.1330G>C p.(Asp444His) (partial deficiency) is on the BeginNGS blocklist and excluded"),
    ("GAA", "pompe-disease", "BIALLELIC", "yes", "moi:BIALLELIC deficiency",
     "beginngs:AR; babyseq2:AR", ("AR", "AR"), ""),
    ("SLC22A5", "primary-carnitine-deficiency", "BIALLELIC", "yes", "moi:BIALLELIC deficiency",
     "beginngs:AR; babyseq2:AR", ("AR", "AR"), ""),
    ("KCNQ1", "long-qt-syndrome-1", "MONOALLELIC", "no",
     "curated: LQT1 is mostly dominant-negative missense (OMIM:192500); haploinsufficiency "
     "not the established mechanism",
     "beginngs:AD; chosen over babyseq2:AR because the babyseq2 row covers JLNS, entered "
     "separately as BIALLELIC", ("AR", "AD"),
     "one gene, two conditions: LQT1 (heterozygous) and JLNS1 (biallelic)"),
    ("KCNQ1", "jervell-lange-nielsen-syndrome-1", "BIALLELIC", "yes",
     "moi:BIALLELIC deficiency (biallelic loss of KCNQ1 function, OMIM:220400)",
     "babyseq2:AR", ("AR", "AD"), ""),
    ("SCN1A", "dravet-syndrome", "MONOALLELIC", "yes", "clingen:HI=3",
     "beginngs:AD; panelapp:541:MONOALLELIC; chosen over babyseq2:AR (DEE6 is autosomal "
     "dominant, mostly de novo, OMIM:607208)", ("AR", "AD"), ""),
    ("F9", "haemophilia-b", "XLINKED_BIALLELIC", "yes", "moi:XLINKED_BIALLELIC deficiency",
     "beginngs:XR; babyseq2:XLR", ("XLR", "XR"), ""),
    ("CYBB", "x-linked-cgd", "XLINKED_BIALLELIC", "yes", "moi:XLINKED_BIALLELIC deficiency",
     "beginngs:XR; babyseq2:XLR", ("XLR", "XR"), ""),
    ("IL2RG", "x-linked-scid", "XLINKED_BIALLELIC", "yes", "moi:XLINKED_BIALLELIC deficiency",
     "beginngs:XR; babyseq2:XLR", ("XLR", "XR"),
     "ICoNS cites MIM#312863; OMIM:300400 is the SCIDX1 phenotype entry used here"),
    ("OTC", "otc-deficiency", "XLINKED_MONOALLELIC", "yes", "moi:XLINKED_MONOALLELIC deficiency",
     "beginngs:XD; chosen over babyseq2:XLR because heterozygous females can have "
     "hyperammonaemic crises (OMIM:311250)", ("XLR", "XD"), ""),
]



def die(msg):
    sys.stderr.write(f"make_starter_panel: {msg}\n")
    sys.exit(1)


def read_text(path):
    if str(path).endswith((".gz", ".bgz")):
        with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
            return f.read()
    with open(path, encoding="utf-8-sig", newline="") as f:
        return f.read()


def load_mane(shared):
    """symbol -> dict for MANE Select rows."""
    text = read_text(shared / "genes/mane/MANE.GRCh38.v1.0.summary.txt.gz")
    rows = {}
    lines = text.splitlines()
    header = lines[0].lstrip("#").split("\t")
    for line in lines[1:]:
        rec = dict(zip(header, line.split("\t")))
        if rec["MANE_status"] != "MANE Select":
            continue
        rows[rec["symbol"]] = rec
    return rows


def load_generation_study(shared):
    text = read_text(shared / "genelists/derived/generation_study_genes_from_icons_5March2024.tsv")
    out = {}
    for rec in csv.DictReader(io.StringIO(text), delimiter="\t"):
        out[rec["gene"]] = rec
    return out


def load_icons_onset(shared):
    """ICoNS age_onset_asqm_standard per gene ('missing' -> '')."""
    text = read_text(shared / "genelists/icons/genelist_all_version5March.csv").lstrip("\ufeff")
    out = {}
    for rec in csv.DictReader(io.StringIO(text)):
        onset = rec["age_onset_asqm_standard"].strip()
        out[rec["gene"].strip()] = "" if onset == "missing" else onset
    return out


def load_beginngs_moi(shared):
    text = read_text(shared / "genelists/beginngs/moi_20240805.tsv").replace("\r", "")
    out = {}
    for rec in csv.DictReader(io.StringIO(text), delimiter="\t"):
        out[rec["Gene"].strip()] = rec["MOI"].strip()
    return out


def load_cds_exons(shared, transcripts):
    """ENST (no version) -> list of (start, end) CDS+stop_codon intervals, 1-based inclusive."""
    path = shared / "genes/mane/MANE.GRCh38.v1.0.ensembl107_derived.noChr1.gtf.gz"
    want = {t.split(".")[0]: t for t in transcripts}
    found = {}
    versions = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if cols[2] not in ("CDS", "stop_codon"):
                continue
            attrs = cols[8]
            i = attrs.find('transcript_id "')
            tid = attrs[i + 15:attrs.index('"', i + 15)]
            if tid not in want:
                continue
            j = attrs.find('transcript_version "')
            tver = attrs[j + 20:attrs.index('"', j + 20)]
            versions[tid] = tver
            found.setdefault(tid, []).append((cols[0], int(cols[3]), int(cols[4])))
    out = {}
    for tid, full in want.items():
        if tid not in found:
            continue
        if f"{tid}.{versions[tid]}" != full:
            die(f"GTF has {tid}.{versions[tid]} but MANE says {full}")
        ivs = sorted((s, e) for _, s, e in found[tid])
        # join a stop codon (or a CDS piece) that abuts or overlaps the previous piece
        merged = []
        for s, e in ivs:
            if merged and s <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(merged[-1][1], e))
            else:
                merged.append((s, e))
        out[full] = merged
    return out


def load_blocklist(shared):
    text = read_text(shared / "genelists/beginngs/blocklist_20241114.tsv").replace("\r", "")
    out = {}
    for rec in csv.DictReader(io.StringIO(text), delimiter="\t"):
        key = (rec["CHROM"], int(rec["POS"]), rec["REF"], rec["ALT"])
        out[key] = rec["CLINVAR_VARIANT_ID"]
    return out


def load_onekg(shared):
    text = read_text(shared / "genelists/beginngs/onekg_noblocklist_genotypes.csv")
    return list(csv.DictReader(io.StringIO(text)))


def trim(pos, ref, alt):
    """Minimal representation by trimming shared suffix then prefix (no reference needed)."""
    while len(ref) > 1 and len(alt) > 1 and ref[-1] == alt[-1]:
        ref, alt = ref[:-1], alt[:-1]
    while len(ref) > 1 and len(alt) > 1 and ref[0] == alt[0]:
        ref, alt, pos = ref[1:], alt[1:], pos + 1
    return pos, ref, alt


def sort_key(chrom, start, *rest):
    return (CHROM_ORDER[chrom], start) + tuple(rest)


def write_tsv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("\t".join(header) + "\n")
        for row in rows:
            cells = [str(c) for c in row]
            for c in cells:
                if "\t" in c or "\n" in c:
                    die(f"cell with tab/newline in {path}: {c!r}")
            f.write("\t".join(cells) + "\n")


def main():
    here = Path(__file__).resolve()
    repo = here.parents[2]
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=repo.parent / "shared" / "data",
                    help="shared reference data folder (default: %(default)s)")
    ap.add_argument("--out", type=Path, default=repo / "panels" / "starter",
                    help="output panel directory (default: %(default)s)")
    args = ap.parse_args()
    shared = args.shared
    if not (shared / "genes/mane").is_dir():
        die(f"{shared} does not look like the shared data folder (no genes/mane)")

    mane = load_mane(shared)
    gs = load_generation_study(shared)
    bmoi = load_beginngs_moi(shared)
    cond_ids = {c[0] for c in CONDITIONS}

    genes = {}   # symbol -> (chrom, start, end, mane_transcript, hgnc)
    gene_rows = []
    for (sym, cid, moi, lof, lof_src, moi_src, (exp_bs2, exp_bng), notes) in CURATION:
        if cid not in cond_ids:
            die(f"{sym}: unknown condition {cid}")
        if sym not in gs:
            die(f"{sym} is not on the Generation Study (ICoNS scr_generation) list")
        bs2 = gs[sym]["inheritance_babyseq2"].strip()
        if bs2 != exp_bs2:
            die(f"{sym}: ICoNS inheritance_babyseq2 is {bs2!r}, curation expects {exp_bs2!r}")
        if bmoi.get(sym) != exp_bng:
            die(f"{sym}: BeginNGS MOI is {bmoi.get(sym)!r}, curation expects {exp_bng!r}")
        if sym not in mane:
            die(f"{sym}: no MANE Select record")
        m = mane[sym]
        chrom = "chr" + m["GRCh38_chr"]
        start, end = int(m["chr_start"]), int(m["chr_end"])
        tx = f'{m["Ensembl_nuc"]}|{m["RefSeq_nuc"]}'
        genes[sym] = (chrom, start, end, m["Ensembl_nuc"], m["HGNC_ID"])
        gene_rows.append((sym, m["HGNC_ID"], cid, moi, lof, lof_src, chrom, start, end, tx,
                          moi_src, notes))

    # ---- variants: include rows from the 1000G BeginNGS genotypes, exclude rows from blocklist
    block = load_blocklist(shared)
    spans = {}
    for sym, (chrom, start, end, _, _) in genes.items():
        spans[sym] = (chrom, start, end)

    def gene_at(chrom, pos):
        hits = [s for s, (c, a, b) in spans.items() if c == chrom and a <= pos <= b]
        return hits

    var_rows = {}
    skipped = []
    for rec in load_onekg(shared):
        sym = rec["GENE"]
        if sym not in genes:
            continue
        pos, ref, alt = trim(int(rec["pos_start"]), rec["ref"], rec["alt"])
        chrom = rec["contig"]
        key = (chrom, int(rec["pos_start"]), rec["ref"], rec["alt"])
        if key in block:
            continue  # becomes an exclude row below
        c, a, b = spans[sym]
        if chrom != c or not (a <= pos <= b):
            skipped.append(f"{chrom}:{pos} {ref}>{alt} ({sym}): outside the MANE gene span {c}:{a}-{b}")
            continue
        why = (f"BeginNGS P/LP variant of interest seen in 1000 Genomes DRAGEN calls "
               f"(het {rec['HET']}, hom {rec['HOM_ALT']}, hemi {rec['HEMI']})")
        var_rows[(chrom, pos, ref, alt)] = (chrom, pos, ref, alt, sym, "include", why,
                                            "beginngs:onekg_noblocklist_genotypes", "",
                                            VARIANTS_ADDED_IN)
    for (chrom, pos0, ref0, alt0), vcv in block.items():
        pos, ref, alt = trim(pos0, ref0, alt0)
        hits = gene_at(chrom, pos)
        if not hits:
            continue
        for sym in sorted(hits):
            why = f"BeginNGS purifying hyperselection blocklist (ClinVar variation {vcv})"
            var_rows[(chrom, pos, ref, alt, sym)] = (chrom, pos, ref, alt, sym, "exclude", why,
                                                     "beginngs:blocklist_20241114", "",
                                                     VARIANTS_ADDED_IN)
    variants = sorted(var_rows.values(), key=lambda r: sort_key(r[0], r[1], r[2], r[3], r[5]))

    # ---- targets
    exons = load_cds_exons(shared, [g[3] for g in genes.values()])
    target_rows = []
    for sym, (chrom, start, end, tx, _) in genes.items():
        if tx in exons:
            ivs = [(max(1, s - TARGET_PADDING), e + TARGET_PADDING) for s, e in exons[tx]]
            merged = []
            for s, e in sorted(ivs):
                if merged and s <= merged[-1][1] + 1:
                    merged[-1] = (merged[-1][0], max(merged[-1][1], e))
                else:
                    merged.append((s, e))
            for s, e in merged:
                target_rows.append((sym, chrom, s, e, "coding_exon", tx))
        else:
            if chrom != "chr1":
                die(f"{sym}: MANE transcript {tx} missing from the GTF")
            target_rows.append((sym, chrom, start, end, "gene_span", ""))
    target_rows.sort(key=lambda r: sort_key(r[1], r[2], r[3], r[0]))

    # ---- write
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    onset_of_gene = load_icons_onset(args.shared)
    gene_of_condition = {}
    for c in CURATION:
        gene_of_condition.setdefault(c[1], c[0])
    condition_rows = []
    for cid, name, category, omim, mondo in CONDITIONS:
        onset = onset_of_gene.get(gene_of_condition[cid], "")
        condition_rows.append((cid, name, category, onset, "", omim, mondo))
    write_tsv(out / "conditions.tsv",
              ["condition_id", "name", "category", "onset", "intervention", "omim", "mondo"],
              condition_rows)
    gene_rows.sort(key=lambda r: sort_key(r[6], r[7], r[0], r[2]))
    write_tsv(out / "genes.tsv",
              ["symbol", "hgnc_id", "condition_id", "moi", "lof_mechanism", "lof_source",
               "chrom", "start", "end", "mane_transcript", "moi_source", "notes"], gene_rows)
    write_tsv(out / "variants.tsv",
              ["chrom", "pos", "ref", "alt", "gene", "list", "why", "source", "stars",
               "added_in"], variants)
    write_tsv(out / "targets.tsv", ["symbol", "chrom", "start", "end", "kind", "transcript"],
              target_rows)

    n_inc = sum(1 for v in variants if v[5] == "include")
    n_exc = len(variants) - n_inc
    toml = f'''schema_version = "{SCHEMA_VERSION}"
id = "{PANEL_ID}"
name = "nbscreen starter panel: {len(genes)} Generation Study genes, {len(CONDITIONS)} conditions (demonstration)"
version = "{PANEL_VERSION}"
released = "{RELEASED}"
reference = "GRCh38"

[sources]
gene_list = "ICoNS genelist_all_version5March (ninabgold/iconsgenelist@ea3dd281), rows with scr_generation == 1"
moi = "BeginNGS moi_20240805 (rady-childrens-genomics/beginngs-partner-onboarding@7a25e8bd); ICoNS inheritance_babyseq2; PanelApp panels 541 and 1378"
gene_models = "MANE v1.0 summary (GRCh38); MANE v1.0 CDS from the Ensembl 107 GTF (no chr1 models)"
onset = "ICoNS genelist_all_version5March age_onset_asqm_standard of the condition's gene"
include_variants = "BeginNGS benchmarks/onekg_noblocklist_genotypes.csv (1000 Genomes, DRAGEN 4.2.7), {n_inc} alleles in panel genes"
exclude_variants = "BeginNGS blocklist_20241114, {n_exc} alleles in panel genes"
generated_by = "panels/tools/make_starter_panel.py"

{THRESHOLDS_TOML}'''
    with open(out / "panel.toml", "w", encoding="utf-8", newline="") as f:
        f.write(toml)

    skipped_md = "".join(f"  - {s}\n" for s in skipped) or "  - none\n"
    changelog = f"""# Changelog: nbs-starter

## 0.2.0 ({RELEASED})

- conditions.tsv: `onset` is now the ICoNS `age_onset_asqm_standard` of the condition's gene
  (empty for SCN1A, where ICoNS says "missing"), and `intervention` is empty. Both were free
  text in 0.1.0 that no shared source stated; the panel carries no clinical text without a
  source.

## 0.1.0 ({FIRST_RELEASED})

First version, generated by `panels/tools/make_starter_panel.py` from the shared reference data.

- {len(genes)} genes, {len(gene_rows)} gene-condition rows, {len(CONDITIONS)} conditions, covering all
  four MOI classes: BIALLELIC (CFTR, PAH, HBB, ACADM, BTD, GAA, SLC22A5, KCNQ1 for JLNS1),
  MONOALLELIC (KCNQ1 for LQT1, SCN1A), XLINKED_BIALLELIC (F9, CYBB, IL2RG) and
  XLINKED_MONOALLELIC (OTC). Every gene is on the Generation Study list (ICoNS 5 March 2024).
- Where BabySeq2 and BeginNGS disagree the choice is recorded in `moi_source`: SCN1A and
  KCNQ1/LQT1 follow BeginNGS (AD); OTC follows BeginNGS (XD) because heterozygous females can
  be affected; KCNQ1 also has a BIALLELIC row for Jervell and Lange-Nielsen syndrome.
- `lof_mechanism` is `no` for HBB/sickle cell disease (HbS is a specific missense) and for
  KCNQ1/LQT1 (dominant negative); `yes` elsewhere, SCN1A from ClinGen haploinsufficiency 3.
- Gene spans and transcripts are MANE v1.0 Select. Targets are MANE CDS exons (stop codon
  included) +-{TARGET_PADDING} bp, overlapping padded exons merged; ACADM (chr1) has a
  `gene_span` target because the shared MANE GTF lacks chr1.
- variants.tsv: {n_inc} include rows (BeginNGS 1000 Genomes qualifying alleles in these genes,
  minus any on the BeginNGS 20241114 blocklist) and {n_exc} exclude rows (blocklist alleles inside
  a panel gene span). Alleles left out because they fall outside the MANE gene span:
{skipped_md}"""
    with open(out / "CHANGELOG.md", "w", encoding="utf-8", newline="") as f:
        f.write(changelog)

    print(f"wrote {out}: {len(gene_rows)} gene rows, {n_inc} include, {n_exc} exclude, "
          f"{len(target_rows)} targets")


if __name__ == "__main__":
    main()
