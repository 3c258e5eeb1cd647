#!/usr/bin/env python3
"""Rebuilds the BeginNGS 1000 Genomes benchmark as one joint-called 3,202-sample VCF.

BeginNGS screened the 3,202 1000 Genomes high-coverage genomes (DRAGEN 4.2.7) and published, per
site, how many genomes carried it (onekg_noblocklist_genotypes.csv: HET, HOM_ALT, HEMI, CMPD_HET,
Positive) and, per positive, its diplotype (onekg_noblocklist_diplotypes.csv); source and commit in
../shared/data/genelists/SOURCES.md. The genotypes of individual genomes are not published, so this
script places them: every diplotype row goes to `count` genomes (hemizygous ones to boys), then the
remaining heterozygous, homozygous and hemizygous calls of each site go to genomes that carry
nothing else in that gene (so no positive appears that the table does not list). The sample names
(BG0001..) and sexes (seeded, about half each) are synthetic. The counts written are checked
against the table at the end and any row that could not be met is reported.

A joint-called file also has calls where the sex-inference windows are (docs/rules.md rule 5):
250 common SNVs in the chrX windows and 60 in the chrY windows are added (random bases, allele
frequency 0.2-0.8; boys haploid on chrX outside the PARs and on chrY, girls '.' on chrY), so each
baby's sex can be inferred as in a real cohort.

    bench/gen/make_beginngs_cohort.py OUT_DIR [--table noblocklist|blocklisted] [--seed 42]

writes OUT_DIR/beginngs_3202.vcf.gz (+ .tbi, with bgzip and tabix) and
OUT_DIR/beginngs_3202.manifest.tsv (sample_id, vcf, vcf_sample, reported_sex). Python 3
standard library, bgzip and tabix only. Deterministic for a seed.
"""
import argparse
import csv
import os
import random
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data" / "genelists" / "beginngs"
N_SAMPLES = 3202
GRCH38 = [("chr%d" % i, n) for i, n in enumerate(
    [248956422, 242193529, 198295559, 190214555, 181538259, 170805979, 159345973, 145138636,
     138394717, 133797422, 135086622, 133275309, 114364328, 107043718, 101991189, 90338345,
     83257441, 80373285, 58617616, 64444167, 46709983, 50818468], start=1)] + [
    ("chrX", 156040895), ("chrY", 57227415), ("chrM", 16569)]
ORDER = {c: i for i, (c, _) in enumerate(GRCH38)}
PAR_X = [(10001, 2781479), (155701383, 156030895)]
# engine/rules/sex_inference.cpp
X_WINDOWS = [(mb * 1000000 + 1, mb * 1000000 + 100000) for mb in range(5, 146, 10)]
Y_WINDOWS = [(2781480, 2982506), (6865918, 7091683), (12701231, 13706024), (14524529, 14845654),
             (19703865, 19744726), (20575776, 20593154), (20756108, 20781032)]

FIELDS = {  # FORMAT GT:GQ:DP:AD per genotype
    "0/0": "0/0:50:30:30,0", "0/1": "0/1:60:30:15,15", "1/1": "1/1:60:30:0,30",
    "0": "0:50:15:15,0", "1": "1:60:15:0,15", ".": "./.:.:.:.", ".h": ".:.:.:.",
}


def x_nonpar(chrom, pos):
    return chrom == "chrX" and not any(a <= pos <= b for a, b in PAR_X)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--table", choices=["noblocklist", "blocklisted"], default="noblocklist")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--source", default=str(SHARED), help="folder with the BeginNGS CSV files")
    a = ap.parse_args()
    src = Path(a.source)
    prefix = "onekg_noblocklist_" if a.table == "noblocklist" else "onekg_"
    gpath, dpath = src / (prefix + "genotypes.csv"), src / (prefix + "diplotypes.csv")
    for p in (gpath, dpath):
        if not p.exists():
            sys.exit("make_beginngs_cohort: %s is missing (see ../shared/data/genelists/SOURCES.md)"
                     % p)
    rng = random.Random(a.seed)
    samples = ["BG%04d" % (i + 1) for i in range(N_SAMPLES)]
    male = [rng.random() < 0.5 for _ in samples]

    sites = {}  # key (chrom, pos, ref, alt) -> table row
    for r in csv.DictReader(open(gpath)):
        sites[(r["contig"], int(r["pos_start"]), r["ref"], r["alt"])] = r
    gt = defaultdict(dict)  # site key -> {sample index: genotype}
    in_gene = defaultdict(set)  # gene -> samples with any call placed there
    used = defaultdict(lambda: defaultdict(int))  # site key -> {"HET"/"HOM_ALT"/"HEMI": n}
    problems = []

    def site_of(text):
        c, p, r, al = text.strip("[]").split("-")
        return (c, int(p), r, al)

    def pick(gene, want_male=None, exclude=()):
        for _ in range(100000):
            s = rng.randrange(N_SAMPLES)
            if s in in_gene[gene] or s in exclude:
                continue
            if want_male is not None and male[s] != want_male:
                continue
            return s
        return None

    # 1. Positives, as the diplotype table lists them.
    for row in csv.DictReader(open(dpath)):
        gene, zyg, count = row["GENE"], row["ZYGOSITY"], int(row["count"])
        parts = [p for p in row["DIPLOTYPE"].split(";") if p != "+"]
        keys = [site_of(p) for p in parts]
        for k in keys:
            if k not in sites:
                problems.append("diplotype %s names a site not in the genotype table" % row["DIPLOTYPE"])
        for _ in range(count):
            hemi = zyg == "HEMIZYGOUS"
            xlinked = any(x_nonpar(k[0], k[1]) for k in keys)
            s = pick(gene, want_male=True if hemi else (False if xlinked else None))
            if s is None:
                problems.append("no free genome for %s" % row["DIPLOTYPE"])
                continue
            in_gene[gene].add(s)
            if hemi:
                gt[keys[0]][s] = "1"
                used[keys[0]]["HEMI"] += 1
            elif zyg == "HOMOZYGOUS":
                gt[keys[0]][s] = "1/1"
                used[keys[0]]["HOM_ALT"] += 1
            else:  # HETEROZYGOUS (one allele) or COMPOUND HETEROZYGOUS (two)
                # The table counts a heterozygous call that is part of a compound heterozygote
                # under CMPD_HET, not HET.
                for k in keys:
                    gt[k][s] = "0/1"
                    used[k]["CMPD_HET" if len(keys) > 1 else "HET"] += 1
    # 2. The rest of each site's calls: carriers (and homozygotes the diplotypes did not list).
    for k, r in sorted(sites.items(), key=lambda kv: (ORDER[kv[0][0]], kv[0][1], kv[0][2], kv[0][3])):
        gene = r["GENE"]
        xl = x_nonpar(k[0], k[1])
        for col, g, want_male in (("HET", "0/1", False if xl else None),
                                  ("HOM_ALT", "1/1", False if xl else None),
                                  ("HEMI", "1", True)):
            left = int(r[col]) - used[k][col]
            if left < 0:
                problems.append("%s:%d %s>%s: diplotypes place %d %s, the table says %s" %
                                (k[0], k[1], k[2], k[3], used[k][col], col, r[col]))
            for _ in range(max(0, left)):
                s = pick(gene, want_male=want_male)
                if s is None:
                    problems.append("no free genome for %s at %s:%d" % (col, k[0], k[1]))
                    break
                in_gene[gene].add(s)
                gt[k][s] = g
                used[k][col] += 1
    # 3. Sex-window sites, as a joint caller writes every genome's genotype there.
    sex_sites = []
    for i in range(250):
        lo, hi = X_WINDOWS[i % len(X_WINDOWS)]
        sex_sites.append(("chrX", rng.randint(lo, hi)))
    for i in range(60):
        lo, hi = Y_WINDOWS[i % len(Y_WINDOWS)]
        sex_sites.append(("chrY", rng.randint(lo, hi)))
    sex_sites = sorted(set(sex_sites), key=lambda t: (ORDER[t[0]], t[1]))
    taken = {(k[0], k[1]) for k in sites}

    out_dir = Path(a.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    vcf = out_dir / "beginngs_3202.vcf.gz"
    tmp = out_dir / (".beginngs_3202.vcf.gz.tmp.%d" % os.getpid())
    records = []
    for k in sites:
        records.append((ORDER[k[0]], k[1], k[2], k[3], "site", k))
    for c, p in sex_sites:
        if (c, p) in taken:
            continue
        ref, alt = rng.sample("ACGT", 2)
        records.append((ORDER[c], p, ref, alt, "sex", (c, p, rng.uniform(0.2, 0.8))))
    records.sort(key=lambda t: t[:4])
    header = ["##fileformat=VCFv4.2",
              "##source=nbscreen bench/gen/make_beginngs_cohort.py (table %s, seed %d)" % (a.table, a.seed),
              "##reference=GRCh38"]
    header += ["##contig=<ID=%s,length=%d>" % cl for cl in GRCH38]
    header += ['##FILTER=<ID=PASS,Description="All filters passed">',
               '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
               '##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype quality">',
               '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Read depth">',
               '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">',
               "#" + "\t".join(["CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO",
                                "FORMAT"] + samples)]
    counts = defaultdict(lambda: defaultdict(int))
    with subprocess.Popen(["bgzip", "-c"], stdin=subprocess.PIPE, stdout=open(tmp, "wb")) as bg:
        w = bg.stdin
        w.write(("\n".join(header) + "\n").encode())
        for _, pos, ref, alt, kind, k in records:
            chrom = GRCH38[_][0]
            cols = []
            if kind == "site":
                placed = gt.get(k, {})
                xl = x_nonpar(chrom, pos)
                for s in range(N_SAMPLES):
                    g = placed.get(s, "0" if (xl and male[s]) else "0/0")
                    counts[k][g] += 1
                    cols.append(FIELDS[g])
            else:
                af = k[2]
                for s in range(N_SAMPLES):
                    if chrom == "chrY":
                        g = (("1" if rng.random() < af else "0") if male[s] else ".h")
                    elif male[s]:
                        g = "1" if rng.random() < af else "0"
                    else:
                        g = "%d/%d" % tuple(sorted(int(rng.random() < af) for _ in range(2)))
                    cols.append(FIELDS[g])
            w.write(("\t".join([chrom, str(pos), ".", ref, alt, "50", "PASS", ".",
                                "GT:GQ:DP:AD"] + cols) + "\n").encode())
    if bg.returncode != 0:
        sys.exit("make_beginngs_cohort: bgzip failed")
    os.replace(tmp, vcf)
    subprocess.run(["tabix", "-f", "-p", "vcf", str(vcf)], check=True)
    # Check: every table count met exactly.
    mismatched = 0
    for k, r in sites.items():
        have = counts[k]
        want = (int(r["HET"]) + int(r["CMPD_HET"]), int(r["HOM_ALT"]), int(r["HEMI"]))
        if (have["0/1"], have["1/1"], have["1"]) != want or used[k]["CMPD_HET"] != int(r["CMPD_HET"]):
            mismatched += 1
            problems.append("%s:%d %s>%s: written het %d (compound %d), hom %d, hemi %d; the table "
                            "says HET %s, CMPD_HET %s, HOM_ALT %s, HEMI %s" %
                            (k[0], k[1], k[2], k[3], have["0/1"], used[k]["CMPD_HET"], have["1/1"],
                             have["1"], r["HET"], r["CMPD_HET"], r["HOM_ALT"], r["HEMI"]))
    with open(out_dir / "beginngs_3202.manifest.tsv", "w") as f:
        f.write("sample_id\tvcf\tvcf_sample\treported_sex\n")
        for s, name in enumerate(samples):
            f.write("%s\t%s\t%s\t%s\n" % (name, vcf.name, name, "XY" if male[s] else "XX"))
    n_pos = len({s for placed in gt.values() for s in placed})
    print("make_beginngs_cohort: %s: %d samples (%d XY), %d records (%d table sites, %d sex-window"
          " sites), %d genomes with a call at a table site; %d table sites whose counts differ;"
          " %d placement problems" % (vcf, N_SAMPLES, sum(male), len(records), len(sites),
                                      len(records) - len(sites), n_pos, mismatched, len(problems)),
          file=sys.stderr)
    for p in problems[:20]:
        print("  " + p, file=sys.stderr)


if __name__ == "__main__":
    main()
