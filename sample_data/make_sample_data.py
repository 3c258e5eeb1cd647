#!/usr/bin/env python3
"""Generate sample_data/: a small batch of nine newborn VCFs that `make demo` screens.

Deterministic (seeded) and stdlib only; it calls bgzip, tabix and bcftools through subprocess.
Every variant record is a real allele at its real GRCh38 position; the babies themselves are
made up: each is a mosaic of real background calls from public samples, with real pathogenic
alleles from the starter panel's include list placed on top. Genotype fields (AD, DP, GQ) are
drawn from a seeded RNG. See README.md for what each baby is and where each record came from.

Usage: python3 sample_data/make_sample_data.py [--shared DIR] [--panel DIR] [--out DIR]
"""

import argparse
import csv
import gzip
import os
import random
import subprocess
import sys
from pathlib import Path

SEED = 20261124

GRCH38 = [
    ("chr1", 248956422), ("chr2", 242193529), ("chr3", 198295559), ("chr4", 190214555),
    ("chr5", 181538259), ("chr6", 170805979), ("chr7", 159345973), ("chr8", 145138636),
    ("chr9", 138394717), ("chr10", 133797422), ("chr11", 135086622), ("chr12", 133275309),
    ("chr13", 114364328), ("chr14", 107043718), ("chr15", 101991189), ("chr16", 90338345),
    ("chr17", 83257441), ("chr18", 80373285), ("chr19", 58617616), ("chr20", 64444167),
    ("chr21", 46709983), ("chr22", 50818468), ("chrX", 156040895), ("chrY", 57227415),
    ("chrM", 16569),
]
ORDER = {c: i for i, (c, _) in enumerate(GRCH38)}

# GRCh38 pseudoautosomal regions (1-based inclusive)
PAR_X = [(10001, 2781479), (155701383, 156030895)]


def sex_window_sites():
    """4 synthetic SNVs in each chrX sex-inference window (100 kb at 5, 15, ..., 145 Mb)."""
    r = random.Random(SEED + 5)
    out = []
    for mb in range(5, 146, 10):
        for pos in sorted(r.sample(range(mb * 1000000 + 1, mb * 1000000 + 100001), 4)):
            ref, alt = r.sample("ACGT", 2)
            out.append((pos, ref, alt))
    return out


SEX_WINDOW_SITES = sex_window_sites()
PAR_Y = [(10001, 2781479), (56887903, 57217415)]
# hg19 PARs, for reading the hg19 chrX source
PAR_X_HG19 = [(60001, 2699520), (154931044, 155260560)]


def in_ranges(pos, ranges):
    return any(a <= pos <= b for a, b in ranges)


# ---------------------------------------------------------------------------------------------
# The babies. Positive alleles are (chrom, pos, ref, alt, gene, genotype); genotype "het",
# "hom" (diploid 1/1), "hemi" (haploid 1). Every allele is checked against the panel.
# A baby's file holds calls on chr1, chr21, chr22, chrX (and chrY for boys) and on its spiked
# allele's chromosome only, so genes on the other chromosomes were not seen: a baby with nothing
# found is "incomplete", never "no_condition_suspected" (and with the generation-study panel,
# spinal muscular atrophy needs SMN1 copy number too).
UNSEEN = "; the file has no calls on most chromosomes, so their genes are not assessable: incomplete"
# `conditions` are the condition ids of panels/generation-study, the panel `make demo` screens
# (Makefile PANEL); the alleles come from panels/starter's include list and are on both panels'.
BABIES = [
    dict(id="baby01", sex="XX", reported="XX", style="diploid", fmt="vcf.gz", phased=True,
         alleles=[("chr3", 15645186, "G", "C", "BTD", "het")],
         expect="incomplete", conditions="",
         why="background only, plus a common BTD allele (c.1330G>C p.Asp444His, partial "
             "deficiency) that is on the panel's exclude list, heterozygous: nothing qualifies" + UNSEEN),
    dict(id="baby02", sex="XY", reported="XY", style="haploid", fmt="bcf", phased=False,
         alleles=[("chr2", 165992051, "C", "T", "SCN1A", "het")],
         expect="prioritised_for_review", conditions="early-infantile-epileptic-encephalopathy-6",
         why="one heterozygous include-list allele in SCN1A (MONOALLELIC)"),
    dict(id="baby03", sex="XX", reported="XX", style="diploid", fmt="vcf", phased=False,
         alleles=[("chr1", 75761161, "A", "G", "ACADM", "hom")],
         expect="prioritised_for_review", conditions="medium-chain-acyl-coa-dehydrogenase-deficiency",
         why="homozygous ACADM c.985A>G p.(Lys329Glu) (BIALLELIC)"),
    dict(id="baby04", sex="XY", reported="XY", style="diploid", fmt="vcf.gz", phased=False,
         alleles=[("chr7", 117559590, "ATCT", "A", "CFTR", "het"),
                  ("chr7", 117642528, "G", "A", "CFTR", "het")],
         expect="prioritised_for_review", conditions="cystic-fibrosis",
         why="two different heterozygous include-list CFTR alleles (F508del and "
             "chr7:117642528 G>A), unphased: compound heterozygous, phase unknown"),
    dict(id="baby05", sex="XX", reported="", style="diploid", fmt="vcf.gz", phased=False,
         alleles=[("chr7", 117559590, "ATCT", "A", "CFTR", "het")],
         expect="incomplete", conditions="",
         why="carrier: one heterozygous CFTR F508del only; reported sex left empty (absent)" + UNSEEN),
    dict(id="baby06", sex="XY", reported="XY", style="haploid", fmt="vcf.gz", phased=False,
         alleles=[("chrX", 139561733, "T", "G", "F9", "hemi")],
         expect="prioritised_for_review", conditions="hemophilia-b",
         why="hemizygous male, F9 allele written haploid GT 1 (DRAGEN-style chrX)"),
    dict(id="baby07", sex="XX", reported="XX", style="diploid", fmt="multi", phased=False,
         alleles=[("chrX", 139561733, "T", "G", "F9", "het")],
         expect="incomplete", conditions="",
         why="heterozygous female for the same F9 allele (XLINKED_BIALLELIC): carrier" + UNSEEN),
    dict(id="baby08", sex="XY", reported="XY", style="diploid", fmt="multi", phased=False,
         alleles=[("chrX", 37810882, "G", "T", "CYBB", "hom")],
         expect="prioritised_for_review", conditions="x-linked-chronic-granulomatous-disease",
         why="male with a CYBB allele written diploid 1/1 (GATK-style chrX): hemizygous"),
    # A raw VCF (no annotation at all) with an allele that no list or ClinVar names: only the
    # panel's own knowledge (MANE model + sequence of SLC52A3, issue 11) can see it. The allele
    # is SYNTHETIC: a made-up nonsense change (SLC52A3 c.475C>T, p.Gln159Ter on
    # ENST00000645534.1), written homozygous, to show the built-in LoF route; it is not a
    # reported variant. Its REF is checked against the shipped knowledge sequence.
    dict(id="baby09", sex="XX", reported="XX", style="diploid", fmt="vcf.gz", phased=False,
         alleles=[], synthetic=[("chr20", 765300, "G", "A", "SLC52A3", "hom")],
         expect="prioritised_for_review", conditions="brown-vialetto-van-laere-syndrome-1",
         why="raw VCF (no CSQ, no ClinVar INFO): a homozygous SYNTHETIC nonsense allele in "
             "SLC52A3 (c.475C>T p.Gln159Ter), found by nbscreen's built-in consequence on the "
             "panel's MANE model (loss of function, BIALLELIC)"),
]
MULTI_FILE = "baby07_baby08.multisample.vcf.gz"

# 1000 Genomes samples whose chr22 genotypes form each baby's chr22 background
KG_SAMPLES = ["HG00096", "HG00171", "HG01879", "HG02922", "NA18525", "NA19017", "HG03006",
              "NA12878", "HG00097"]
# The shipped knowledge's sequence of the panel genes (for checking synthetic alleles' REF).
KNOWLEDGE_SEQUENCE = "panels/generation-study/knowledge/sequence.fa.zst"


def knowledge_base(repo, chrom, pos):
    """The GRCh38 base at chrom:pos from the generation-study panel's knowledge, or None."""
    fa = subprocess.run(["zstd", "-dc", str(repo / KNOWLEDGE_SEQUENCE)], check=True,
                        capture_output=True, text=True).stdout.split("\n")
    for i, line in enumerate(fa):
        if line.startswith(">"):
            c, span = line.split()[1].split(":")
            a, b = (int(x) for x in span.split("-"))
            if c == chrom and a <= pos <= b:
                return fa[i + 1][pos - a].upper()
    return None


def die(msg):
    sys.stderr.write(f"make_sample_data: {msg}\n")
    sys.exit(1)


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        die(f"{' '.join(cmd)} failed: {r.stderr.strip()}")
    return r.stdout


def query(path, fmt, region=None, extra=()):
    cmd = ["bcftools", "query", "-f", fmt, *extra, str(path)]
    if region:
        cmd[2:2] = ["-r", region]
    return [line.split("\t") for line in run(cmd).splitlines()]


# ---------------------------------------------------------------------------------------------
# Real background sources

def load_panel(panel):
    spans = []
    with open(panel / "genes.tsv", encoding="utf-8") as f:
        for rec in csv.DictReader((l for l in f if not l.startswith("#")), delimiter="\t"):
            spans.append((rec["chrom"], int(rec["start"]), int(rec["end"]), rec["symbol"]))
    lists = {}
    with open(panel / "variants.tsv", encoding="utf-8") as f:
        for rec in csv.DictReader((l for l in f if not l.startswith("#")), delimiter="\t"):
            lists[(rec["chrom"], int(rec["pos"]), rec["ref"], rec["alt"])] = (rec["gene"],
                                                                              rec["list"])
    return spans, lists


def near_panel_gene(chrom, pos, spans, pad=2000):
    return any(c == chrom and a - pad <= pos <= b + pad for c, a, b, _ in spans)


def giab_chr1(shared):
    """HG002 GIAB v4.2.1 truth, chr1:0-5Mb: (pos, ref, alts, gt) with phased GT."""
    rows = query(shared / "samples/giab/HG002_GRCh38_v4.2.1_chr1_0-5Mb.truth.vcf.gz",
                 "%POS\t%REF\t%ALT\t[%GT]\n")
    return [(int(p), r, a.split(","), g) for p, r, a, g in rows]


def platinum_chr21(shared, start, end):
    rows = query(shared / "samples/platinum_genomes/PG_NA12878_hg38-chr21.vcf.gz",
                 "%POS\t%REF\t%ALT\t[%GT]\n", region=f"chr21:{start}-{end}")
    return [(int(p), r, a.split(","), g) for p, r, a, g in rows]


def kg_chr22(shared, sample):
    rows = query(shared / "samples/1000g/"
                 "1000G_GRCh38_20190312_chr22_10516173-11016173.2548samples.phased.vcf.gz",
                 "%POS\t%REF\t%ALT\t[%GT]\n", extra=("-s", sample))
    return [(int(p), r, a.split(","), g) for p, r, a, g in rows]


def gnomad_sites(shared, name, chrom_filter):
    rows = query(shared / f"gnomad/v4.0_grch38_slices/{name}",
                 "%POS\t%REF\t%ALT\t%FILTER\t%AF\n")
    out = []
    seen = set()
    for p, r, a, flt, af in rows:
        p = int(p)
        if flt != "PASS" or "," in a or af in (".", "") or p in seen:
            continue
        if not chrom_filter(p):
            continue
        seen.add(p)
        out.append((p, r, a, float(af)))
    return out


def gatk_chrx_sites(shared):
    """Real GRCh38 chrX non-PAR variant sites from the NA12878 GATK 3.5 gVCF."""
    rows = query(shared / "samples/gatk_gvcf/NA12878.hg38.gatk3.5_HaplotypeCaller.g.vcf.gz",
                 "%POS\t%REF\t%ALT\n", region="chrX")
    out = []
    for p, r, a in rows:
        alts = [x for x in a.split(",") if x != "<NON_REF>"]
        if len(alts) != 1 or "<" in alts[0] or "*" in alts[0]:
            continue
        p = int(p)
        if in_ranges(p, PAR_X):
            continue
        out.append((p, r, alts[0], 0.5, "gatk_gvcf_NA12878"))
    return out


COMP = str.maketrans("ACGTacgt", "TGCAtgca")


def load_cds_models(gtf_path, chrom):
    """transcript_id -> (strand, [(start,end)...] in transcript order), complete CDS only."""
    cds = {}
    strand = {}
    incomplete = set()
    with gzip.open(gtf_path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if cols[0] != chrom or cols[2] not in ("CDS", "transcript"):
                continue
            a = cols[8]
            i = a.find('transcript_id "')
            tid = a[i + 15:a.index('"', i + 15)]
            if cols[2] == "transcript":
                if "cds_start_NF" in a or "cds_end_NF" in a:
                    incomplete.add(tid)
                continue
            strand[tid] = cols[6]
            cds.setdefault(tid, []).append((int(cols[3]), int(cols[4])))
    out = {}
    for tid, ivs in cds.items():
        if tid in incomplete:
            continue
        ivs.sort(reverse=(strand[tid] == "-"))
        out[tid] = (strand[tid], ivs)
    return out


def cds_to_genome(model, cpos):
    strand, ivs = model
    off = cpos
    for s, e in ivs:
        n = e - s + 1
        if off <= n:
            return s + off - 1 if strand == "+" else e - off + 1
        off -= n
    return None


def hg19_chrx_coding_sites(shared, spans):
    """Coding SNVs from cyvcf2's test-haploidX (hg19, VEP CSQ) placed on GRCh38 through the
    Ensembl 107 transcript model of the same transcript (same protein length required, and the
    codon bases must agree with REF/ALT on the annotated strand)."""
    src = shared / "edge_cases/cyvcf2/test-haploidX.vcf"
    models = load_cds_models(shared / "genes/ensembl107_gtf/Homo_sapiens.GRCh38.107.chrX.gtf.gz",
                             "X")
    rows = query(src, "%POS\t%REF\t%ALT\t%AC\t%AN\t%CSQ\n")
    out = {}
    for p, ref, alt, ac, an, csq in rows:
        p = int(p)
        if in_ranges(p, PAR_X_HG19) or len(ref) != 1 or len(alt) != 1:
            continue
        try:
            af = int(ac) / int(an)
        except ValueError:
            continue
        for entry in csq.split(","):
            f = entry.split("|")
            if len(f) < 11:
                continue
            cons, codons, tid, ppos = f[0], f[1], f[5], f[9]
            if not ("missense_variant" in cons or "synonymous_variant" in cons):
                continue
            if "/" not in codons or "/" not in ppos or tid not in models:
                continue
            c_ref, c_alt = codons.split("/")
            ups = [i for i, ch in enumerate(c_ref) if ch.isupper()]
            if len(ups) != 1 or len(c_ref) != 3:
                continue
            aa, plen = ppos.split("/")
            if not aa.isdigit() or not plen.isdigit():
                continue
            model = models[tid]
            cds_len = sum(e - s + 1 for s, e in model[1])
            if cds_len != 3 * int(plen):
                continue
            strand = model[0]
            b_ref, b_alt = c_ref[ups[0]].upper(), c_alt[ups[0]].upper()
            if strand == "-":
                b_ref, b_alt = b_ref.translate(COMP), b_alt.translate(COMP)
            if (b_ref, b_alt) != (ref, alt):
                continue
            g = cds_to_genome(model, (int(aa) - 1) * 3 + ups[0] + 1)
            if g is None or in_ranges(g, PAR_X) or near_panel_gene("chrX", g, spans):
                break
            out[g] = (g, ref, alt, af, "cyvcf2_test-haploidX_via_ensembl107")
            break
    return list(out.values())


# ---------------------------------------------------------------------------------------------
# Genotype fields

class Call:
    __slots__ = ("chrom", "pos", "ref", "alts", "gt", "ad", "dp", "gq", "ps", "qual")

    def __init__(self, chrom, pos, ref, alts, gt, ad, dp, gq, ps=None, qual=None):
        self.chrom, self.pos, self.ref, self.alts = chrom, pos, ref, alts
        self.gt, self.ad, self.dp, self.gq, self.ps, self.qual = gt, ad, dp, gq, ps, qual


def make_fields(rng, gt, n_alleles, good=False):
    """AD/DP/GQ/QUAL for a genotype string like 0/1, 1|2, 1/1, 1."""
    idx = [int(x) for x in gt.replace("|", "/").split("/") if x not in (".",)]
    dp = rng.randint(28, 34) if good else rng.randint(18, 48)
    ad = [0] * n_alleles
    distinct = sorted(set(idx))
    if len(distinct) == 1:
        a = distinct[0]
        other = 0 if good else (1 if rng.random() < 0.3 else 0)
        ad[a] = dp - other
        if a != 0:
            ad[0] += other
        else:
            ad[a] = dp
    else:
        half = dp // 2 + (rng.randint(-2, 2) if good else rng.randint(-5, 5))
        ad[distinct[0]] += half
        ad[distinct[1]] += dp - half
    gq = 99 if good else min(99, max(25, int(rng.gauss(80, 20))))
    nonref = sum(ad[1:])
    qual = round(nonref * (28 + rng.random() * 8), 2) if nonref else 0.0
    return ad, dp, gq, qual


def from_source(rng, chrom, pos, ref, alts, gt, keep_phase, ps):
    """Background call from a real record and its real genotype."""
    g = gt.replace("|", "/") if not keep_phase else gt
    parts = g.replace("|", "/").split("/")
    if all(x == "0" for x in parts) or "." in parts:
        return None
    # homozygous or haploid calls are written unphased
    if len(set(parts)) == 1:
        g = "/".join(parts)
    phased = "|" in g
    # keep only the alleles used
    used = sorted({int(x) for x in parts if x != "0"})
    new_alts = [alts[i - 1] for i in used]
    remap = {0: 0}
    remap.update({old: new + 1 for new, old in enumerate(used)})
    sep = "|" if phased else "/"
    g = sep.join(str(remap[int(x)]) for x in parts)
    if any(a in ("*", ".") or a.startswith("<") for a in new_alts):
        return None
    ad, dp, gq, qual = make_fields(rng, g, len(new_alts) + 1)
    return Call(chrom, pos, ref, new_alts, g, ad, dp, gq, ps if phased else None, qual)


def site_call(rng, chrom, pos, ref, alt, af, ploidy_mode):
    """Genotype drawn from an allele frequency. ploidy_mode: 'XX', 'haploid', 'diploid_male',
    'par'. Returns None for hom-ref."""
    if ploidy_mode in ("XX", "par"):
        n = (rng.random() < af) + (rng.random() < af)
        if n == 0:
            return None
        g = "0/1" if n == 1 else "1/1"
    else:
        if rng.random() >= af:
            return None
        g = "1" if ploidy_mode == "haploid" else "1/1"
    ad, dp, gq, qual = make_fields(rng, g, 2)
    return Call(chrom, pos, ref, [alt], g, ad, dp, gq, None, qual)


# ---------------------------------------------------------------------------------------------
# Writing

def header(samples):
    h = ["##fileformat=VCFv4.2",
         '##FILTER=<ID=PASS,Description="All filters passed">',
         "##reference=GRCh38",
         "##source=nbscreen sample_data/make_sample_data.py (synthetic newborns made of real "
         "GRCh38 alleles; see sample_data/README.md)"]
    for c, n in GRCH38:
        h.append(f"##contig=<ID={c},length={n},assembly=GRCh38>")
    h += ['##INFO=<ID=DP,Number=1,Type=Integer,Description="Total read depth at the locus">',
          '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
          '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths for the ref and '
          'alt alleles in the order listed">',
          '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Read depth">',
          '##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype quality">',
          '##FORMAT=<ID=PS,Number=1,Type=Integer,Description="Phase set: position of the first '
          'variant in the phased block">',
          "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t" + "\t".join(samples)]
    return "\n".join(h) + "\n"


def fmt_sample(c, with_ps):
    s = f"{c.gt}:{','.join(map(str, c.ad))}:{c.dp}:{c.gq}"
    if with_ps:
        s += f":{c.ps}" if c.ps is not None else ":."
    return s


def write_single(path, sample, calls):
    calls = sorted(calls, key=lambda c: (ORDER[c.chrom], c.pos, c.ref, c.alts))
    lines = [header([sample])]
    for c in calls:
        fmt = "GT:AD:DP:GQ:PS" if c.ps is not None else "GT:AD:DP:GQ"
        lines.append(f"{c.chrom}\t{c.pos}\t.\t{c.ref}\t{','.join(c.alts)}\t{c.qual:.2f}\tPASS\t"
                     f"DP={c.dp}\t{fmt}\t{fmt_sample(c, c.ps is not None)}\n")
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("".join(lines))


def write_multi(path, samples, calls_by_sample, rng):
    """Joint-called style: the union of sites, hom-ref where a baby has no call there;
    females are missing (./.) on chrY."""
    sites = {}
    for s in samples:
        for c in calls_by_sample[s]:
            key = (ORDER[c.chrom], c.pos, c.ref, tuple(c.alts))
            sites.setdefault(key, {})[s] = c
    lines = [header(samples)]
    for key in sorted(sites):
        per = sites[key]
        any_c = next(iter(per.values()))
        cols = []
        dp_total = 0
        qual = 0.0
        for s in samples:
            c = per.get(s)
            if c is None:
                female = calls_by_sample[s + "#sex"] == "XX"
                if any_c.chrom == "chrY" and not in_ranges(any_c.pos, PAR_Y) and female:
                    cols.append("./.:" + ",".join(["0"] * (len(any_c.alts) + 1)) + ":0:.")
                    continue
                dp = rng.randint(18, 48)
                ad = [dp] + [0] * len(any_c.alts)
                cols.append(f"0/0:{','.join(map(str, ad))}:{dp}:{rng.randint(40, 99)}")
                dp_total += dp
            else:
                cols.append(fmt_sample(c, False))
                dp_total += c.dp
                qual += c.qual
        lines.append(f"{any_c.chrom}\t{any_c.pos}\t.\t{any_c.ref}\t{','.join(any_c.alts)}\t"
                     f"{qual:.2f}\tPASS\tDP={dp_total}\tGT:AD:DP:GQ\t" + "\t".join(cols) + "\n")
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("".join(lines))


def finish(vcf_text_path, fmt, out_dir):
    """Turn the plain VCF into the wanted format (deterministic) and index it."""
    base = vcf_text_path.name[:-len(".vcf")]
    if fmt == "vcf":
        run(["bcftools", "view", "--no-version", "-h", str(vcf_text_path)])  # parse check
        run(["bcftools", "view", "--no-version", "-H", str(vcf_text_path)])
        return vcf_text_path.name
    if fmt in ("vcf.gz", "multi"):
        gz = out_dir / (base + ".vcf.gz")
        with open(gz, "wb") as f:
            subprocess.run(["bgzip", "-c", str(vcf_text_path)], stdout=f, check=True)
        vcf_text_path.unlink()
        run(["tabix", "-f", "-p", "vcf", str(gz)])
        return gz.name
    if fmt == "bcf":
        bcf = out_dir / (base + ".bcf")
        run(["bcftools", "view", "--no-version", "-Ob", "-o", str(bcf), str(vcf_text_path)])
        vcf_text_path.unlink()
        run(["bcftools", "index", "-f", str(bcf)])
        return bcf.name
    die(f"unknown format {fmt}")


# ---------------------------------------------------------------------------------------------

def main():
    here = Path(__file__).resolve()
    repo = here.parents[1]
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=repo.parent / "shared" / "data")
    ap.add_argument("--panel", type=Path, default=repo / "panels" / "starter")
    ap.add_argument("--out", type=Path, default=here.parent)
    args = ap.parse_args()
    shared, out = args.shared, args.out
    os.environ["TZ"] = "UTC"

    spans, lists = load_panel(args.panel)
    for b in BABIES:
        for chrom, pos, ref, alt, gene, _ in b["alleles"]:
            got = lists.get((chrom, pos, ref, alt))
            want = "exclude" if b["id"] == "baby01" else "include"
            if got != (gene, want):
                die(f"{b['id']}: {chrom}:{pos} {ref}>{alt} is {got} in the panel, expected "
                    f"({gene}, {want})")

    for b in BABIES:
        for chrom, pos, ref, alt, gene, _ in b.get("synthetic", []):
            if knowledge_base(repo, chrom, pos) != ref:
                die(f"{b['id']}: synthetic {chrom}:{pos} REF {ref} is not the knowledge's base")

    # shared background pools
    hg002 = giab_chr1(shared)
    chrx_sites = hg19_chrx_coding_sites(shared, spans) + [
        s for s in gatk_chrx_sites(shared) if not near_panel_gene("chrX", s[0], spans)]
    chrx_sites.sort()
    par_sites = gnomad_sites(shared, "gnomad-genomes.X.vcf.bgz",
                             lambda p: in_ranges(p, PAR_X))
    par_sites = [s for s in par_sites if s[3] >= 0.01]
    y_sites = gnomad_sites(shared, "gnomad-genomes.Y.vcf.bgz",
                           lambda p: not in_ranges(p, PAR_Y))
    stats = {}

    calls_by_sample = {}
    for i, b in enumerate(BABIES):
        rng = random.Random(SEED * 100 + i)
        calls = []
        # chr1: HG002 truth (records start at 602 kb), a 550-kb window per baby (phased with
        # PS for baby01)
        # (the truth set ends at 5 Mb: a ninth baby reuses the first baby's window)
        w0, w1 = 600_001 + (i % 8) * 550_000, 600_000 + (i % 8 + 1) * 550_000
        ps = None
        for pos, ref, alts, gt in hg002:
            if not (w0 <= pos <= w1):
                continue
            if b["phased"] and ps is None and "|" in gt and len(set(gt.split("|"))) > 1:
                ps = pos
            c = from_source(rng, "chr1", pos, ref, alts, gt, b["phased"], ps)
            if c:
                calls.append(c)
        # chr21: Platinum Genomes NA12878, a 600-kb window per baby
        s21 = 15_000_000 + i * 1_000_000
        for pos, ref, alts, gt in platinum_chr21(shared, s21, s21 + 600_000 - 1):
            c = from_source(rng, "chr21", pos, ref, alts, gt, False, None)
            if c:
                calls.append(c)
        # chr22: one 1000 Genomes sample's genotypes over the whole slice
        for pos, ref, alts, gt in kg_chr22(shared, KG_SAMPLES[i]):
            c = from_source(rng, "chr22", pos, ref, alts, gt, False, None)
            if c:
                calls.append(c)
        # chrX PAR1: diploid in everyone, drawn from gnomAD AF
        for pos, ref, alt, af in par_sites:
            c = site_call(rng, "chrX", pos, ref, alt, af, "par")
            if c:
                calls.append(c)
        # chrX non-PAR
        mode = "XX" if b["sex"] == "XX" else ("haploid" if b["style"] == "haploid"
                                              else "diploid_male")
        nx = 0
        for pos, ref, alt, af, _src in chrx_sites:
            c = site_call(rng, "chrX", pos, ref, alt, min(0.9, max(0.3, af)), mode)
            if c:
                calls.append(c)
                nx += 1
        # chrX sex-inference windows (engine/rules/sex_inference.cpp: 100 kb at 5, 15, ..., 145
        # Mb): 4 synthetic SNVs per window (no real source has calls there), drawn with their own
        # random stream so every other call of the baby stays as it was.
        wrng = random.Random(SEED * 1000 + i)
        for pos, ref, alt in SEX_WINDOW_SITES:
            c = site_call(wrng, "chrX", pos, ref, alt, 0.5, mode)
            if c:
                calls.append(c)
                nx += 1
        # chrY non-PAR (males only): 36 real gnomAD sites, seeded choice
        ny = 0
        if b["sex"] == "XY":
            for pos, ref, alt, af in sorted(rng.sample(y_sites, 36)):
                g = "1" if b["style"] == "haploid" else "1/1"
                ad, dp, gq, qual = make_fields(rng, g, 2)
                calls.append(Call("chrY", pos, ref, [alt], g, ad, dp, gq, None, qual))
                ny += 1
        # positive alleles, good quality
        for chrom, pos, ref, alt, gene, zyg in b["alleles"] + b.get("synthetic", []):
            g = {"het": "0/1", "hom": "1/1", "hemi": "1"}[zyg]
            ad, dp, gq, qual = make_fields(rng, g, 2, good=True)
            calls.append(Call(chrom, pos, ref, [alt], g, ad, dp, gq, None, qual))
        # one record per (chrom,pos,ref,alt)
        seen = set()
        uniq = []
        for c in calls:
            k = (c.chrom, c.pos, c.ref, tuple(c.alts))
            if k not in seen:
                seen.add(k)
                uniq.append(c)
        calls_by_sample[b["id"]] = uniq
        calls_by_sample[b["id"] + "#sex"] = b["sex"]
        nhet = sum(1 for c in uniq if c.chrom == "chrX" and not in_ranges(c.pos, PAR_X)
                   and len(set(c.gt.replace("|", "/").split("/"))) > 1)
        stats[b["id"]] = (len(uniq), nx, nhet, ny)

    # write files
    produced = {}
    for b in BABIES:
        if b["fmt"] == "multi":
            continue
        tmp = out / f"{b['id']}.vcf"
        write_single(tmp, b["id"], calls_by_sample[b["id"]])
        produced[b["id"]] = finish(tmp, b["fmt"], out)
    multi = [b["id"] for b in BABIES if b["fmt"] == "multi"]
    tmp = out / MULTI_FILE.replace(".vcf.gz", ".vcf")
    write_multi(tmp, multi, calls_by_sample, random.Random(SEED))
    name = finish(tmp, "multi", out)
    for s in multi:
        produced[s] = name

    # validate: every file parses, and indexed ones index
    for s, fn in sorted(produced.items()):
        run(["bcftools", "view", "--no-version", "-H", "-s", s, str(out / fn)])

    with open(out / "batch.tsv", "w", encoding="utf-8", newline="") as f:
        f.write("sample_id\tvcf\tvcf_sample\treported_sex\n")
        for b in BABIES:
            f.write(f"{b['id']}\t{produced[b['id']]}\t{b['id']}\t{b['reported']}\n")
    with open(out / "expected_status.tsv", "w", encoding="utf-8", newline="") as f:
        f.write("sample_id\texpected_status\texpected_condition_ids\twhy\n")
        for b in BABIES:
            f.write(f"{b['id']}\t{b['expect']}\t{b['conditions']}\t{b['why']}\n")

    for s, (n, nx, nhet, ny) in stats.items():
        print(f"{s}: {n} records, chrX non-PAR {nx} (het {nhet}), chrY non-PAR {ny}")


if __name__ == "__main__":
    main()
