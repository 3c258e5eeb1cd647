#!/usr/bin/env bash
# Generates the larger coverage benchmark input in bench/data/coverage/ (git-ignored):
#   sim30x.cram (+ .crai): 2x150 bp read pairs, insert ~350 bp, ~30x over GRCh38 chr20:1-4 Mb
#   (reference: ../shared/data/alignments/deepvariant/grch38.chr20_and_21_10M.fa.gz, the first
#   10 Mb of chr20 and chr21), 0.5% substitutions, MAPQ 60, every 50th pair a duplicate; the
#   header carries GRCh38 contig lengths so `nbscreen screen` accepts it.
#   panel_targets.bed: the generation-study panel's targets on chr20 within the 10 Mb reference
#     (AVP, SLC52A3: real panel density, about one gene per 5 Mb);
#   dense_targets.bed: a 200 bp target every 10 kb over chr20:1-4 Mb (300 targets; exome-like
#     density, the worst case for reading only the targets).
# Usage: bash bench/coverage/make_cram.sh [REPO_ROOT]   (needs python3 and samtools; ~1 min)
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
ref=${NBS_BENCH_REF:-$root/../shared/data/alignments/deepvariant/grch38.chr20_and_21_10M.fa.gz}
out=$root/bench/data/coverage
mkdir -p "$out"
[[ -f $ref ]] || { echo "make_cram.sh: reference $ref not found (set NBS_BENCH_REF)" >&2; exit 1; }
if [[ -f $out/sim30x.cram.crai && -f $out/dense_targets.bed ]]; then echo "make_cram.sh: $out is up to date"; exit 0; fi

# mosdepth sizes its depth array from the reference, so targets stay inside the 10 Mb.
awk -F'\t' 'NR > 1 && $2 == "chr20" && $4 <= 10000000 { printf "%s\t%d\t%d\t%s\n", $2, $3 - 1, $4, $1 }' \
    "$root/panels/generation-study/targets.tsv" > "$out/panel_targets.bed"
awk 'BEGIN { for (s = 1000000; s < 4000000; s += 10000) printf "chr20\t%d\t%d\tt%d\n", s + 5000, s + 5200, s }' \
    > "$out/dense_targets.bed"

python3 - "$ref" "$out/sim30x.sam" <<'PY'
import gzip, hashlib, random, sys
ref_path, sam_path = sys.argv[1], sys.argv[2]
seq = []
with gzip.open(ref_path, "rt") as f:
    name = None
    for line in f:
        if line.startswith(">"):
            if name == "chr20": break
            name = line[1:].split()[0]
        elif name == "chr20":
            seq.append(line.strip())
chr20 = "".join(seq).upper()
START, END, DEPTH, RL = 1_000_000, 4_000_000, 30, 150
rng = random.Random(20241124)
comp = str.maketrans("ACGTN", "TGCAN")
grch38 = [("chr1",248956422),("chr2",242193529),("chr3",198295559),("chr4",190214555),("chr5",181538259),
          ("chr6",170805979),("chr7",159345973),("chr8",145138636),("chr9",138394717),("chr10",133797422),
          ("chr11",135086622),("chr12",133275309),("chr13",114364328),("chr14",107043718),("chr15",101991189),
          ("chr16",90338345),("chr17",83257441),("chr18",80373285),("chr19",58617616),("chr20",64444167),
          ("chr21",46709983),("chr22",50818468),("chrX",156040895),("chrY",57227415),("chrM",16569)]
def mutate(s):
    s = list(s)
    for _ in range(rng.randrange(0, 3)):
        i = rng.randrange(len(s)); s[i] = rng.choice("ACGT")
    return "".join(s)
q = "I" * RL
with open(sam_path, "w") as out:
    out.write("@HD\tVN:1.6\tSO:unsorted\n")
    # M5 tags stop htslib from loading every contig's reference while writing the header; chr20's
    # is the real digest of the 10 Mb sequence the reads come from, the others never get decoded.
    for c, n in grch38:
        m5 = hashlib.md5(chr20.encode()).hexdigest() if c == "chr20" else hashlib.md5(c.encode()).hexdigest()
        out.write(f"@SQ\tSN:{c}\tLN:{n}\tM5:{m5}\n")
    out.write("@RG\tID:sim\tSM:sim30x\n")
    n_pairs = (END - START) * DEPTH // (2 * RL)
    for k in range(n_pairs):
        ins = max(2 * RL // 2, int(rng.gauss(350, 50)))
        p1 = rng.randrange(START, END - ins)
        p2 = p1 + ins - RL
        r1, r2 = chr20[p1:p1 + RL], chr20[p2:p2 + RL]
        if "N" in r1 or "N" in r2: continue
        dup = 1024 if k % 50 == 0 else 0
        name = f"p{k}"
        out.write(f"{name}\t{99 | dup}\tchr20\t{p1 + 1}\t60\t{RL}M\t=\t{p2 + 1}\t{ins}\t{mutate(r1)}\t{q}\tRG:Z:sim\n")
        out.write(f"{name}\t{147 | dup}\tchr20\t{p2 + 1}\t60\t{RL}M\t=\t{p1 + 1}\t{-ins}\t{mutate(r2)}\t{q}\tRG:Z:sim\n")
PY
samtools sort -@2 -m 512M -o "$out/sim30x.bam" "$out/sim30x.sam"
samtools view -@2 -C -T "$ref" -o "$out/sim30x.cram" "$out/sim30x.bam"
samtools index "$out/sim30x.cram"
rm -f "$out/sim30x.sam" "$out/sim30x.bam"
echo "make_cram.sh: wrote $out/sim30x.cram, panel_targets.bed and dense_targets.bed"
