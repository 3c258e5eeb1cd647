#!/usr/bin/env bash
# docs/input-validation.md: each bad-input class has one outcome, whatever the path. The same
# content is written as plain VCF, BGZF (streamed, .tbi, .csi), plain gzip, stdin, and BCF
# (streamed, .csi), and screened with the conformance test panel, whose curated alleles make
# chr1:100 and chr1:123 records decoded in full. A path bcftools cannot write the content in
# (a BCF POS is binary, so '123x' cannot reach it) is reported as not representable, never as
# passing.
set -u
root=$1
bin=$2
panel=$root/tests/data/panel/conformance
s=${NBS_SCRATCH_DIR:?NBS_SCRATCH_DIR must be set}
rm -rf "$s" && mkdir -p "$s" || exit 1
for t in bcftools bgzip tabix gzip; do
  command -v $t >/dev/null || { echo "$t is needed"; exit 1; }
done
failures=0

header() {  # $1: extra header lines
  printf '##fileformat=VCFv4.2\n##contig=<ID=chr1,length=248956422>\n'
  printf '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
  printf '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">\n'
  printf '%b' "$1"
  printf '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tBABY\n'
}

# check NAME EXPECTED_EXIT PATTERN HEADER_EXTRA RECORDS...
check() {
  local name=$1 want=$2 pattern=$3 extra=$4
  shift 4
  local d=$s/$name
  mkdir -p "$d"
  { header "$extra"; for r in "$@"; do printf '%b\n' "$r"; done; } > "$d/in.vcf"
  cp "$d/in.vcf" "$d/plain.vcf"
  gzip -c "$d/in.vcf" > "$d/gzip.vcf.gz"
  bgzip -c "$d/in.vcf" > "$d/bgzf.vcf.gz"
  cp "$d/bgzf.vcf.gz" "$d/tbi.vcf.gz"
  tabix -p vcf "$d/tbi.vcf.gz" 2>/dev/null
  cp "$d/bgzf.vcf.gz" "$d/csi.vcf.gz"
  tabix -C -p vcf "$d/csi.vcf.gz" 2>/dev/null
  local bcf_ok=1
  # bcftools reads '100x' as 100 when it writes BCF: the BCF then holds other, valid content.
  [[ -n ${TEXT_ONLY:-} ]] && bcf_ok=0
  (( bcf_ok )) && bcftools view --no-version -Ob -o "$d/bcf.bcf" "$d/in.vcf" 2>/dev/null || bcf_ok=0
  if (( bcf_ok )); then
    cp "$d/bcf.bcf" "$d/bcfidx.bcf"
    bcftools index "$d/bcfidx.bcf" 2>/dev/null || bcf_ok=0
  fi
  local paths=("plain:$d/plain.vcf" "gzip:$d/gzip.vcf.gz" "bgzf:$d/bgzf.vcf.gz:--no-index"
               "tbi:$d/tbi.vcf.gz" "csi:$d/csi.vcf.gz" "stdin:-")
  if (( bcf_ok )); then
    paths+=("bcf:$d/bcf.bcf:--no-index" "bcf-indexed:$d/bcfidx.bcf")
  else
    echo "  $name: bcftools cannot write this content as BCF; BCF paths not representable"
  fi
  local p label file opt rc err
  for p in "${paths[@]}"; do
    IFS=: read -r label file opt <<< "$p"
    [[ $label == tbi && ! -e $d/tbi.vcf.gz.tbi ]] && { echo "  $name: tabix could not index it"; continue; }
    [[ $label == csi && ! -e $d/csi.vcf.gz.csi ]] && { echo "  $name: tabix -C could not index it"; continue; }
    local args=(screen --panel "$panel" --vcf "$file" --sample-id "$name" --out "$d/out.$label"
                --quiet --no-provenance)
    [[ -n ${opt:-} ]] && args+=("$opt")
    if [[ $label == stdin ]]; then
      timeout -s KILL 30 "$bin" "${args[@]}" < "$d/plain.vcf" > /dev/null 2> "$d/err"
    else
      timeout -s KILL 30 "$bin" "${args[@]}" > /dev/null 2> "$d/err"
    fi
    rc=$?
    err=$(tr -d '\0' < "$d/err")
    if [[ $rc != "$want" ]] || { [[ -n $pattern ]] && ! grep -qF -- "$pattern" <<< "$err"; }; then
      failures=$((failures + 1))
      echo "FAIL $name via $label: exit $rc (want $want, message with '$pattern')"
      head -c 500 <<< "$err" | sed 's/^/    /'
    fi
  done
  echo "ok-checked $name (${#paths[@]} paths)"
}

T='\t'

check control 0 "" "" "chr1${T}100${T}.${T}C${T}T${T}.${T}PASS${T}.${T}GT:DP${T}0/1:30"
# a. Duplicates: refused in either order, naming the locus and both records.
check dup_het_hom 3 "two records carry the allele C>T" "" \
  "chr1${T}100${T}.${T}C${T}T${T}.${T}PASS${T}.${T}GT:DP${T}0/1:30" \
  "chr1${T}100${T}.${T}C${T}T${T}.${T}PASS${T}.${T}GT:DP${T}1/1:30"
check dup_hom_het 3 "two records carry the allele C>T" "" \
  "chr1${T}100${T}.${T}C${T}T${T}.${T}PASS${T}.${T}GT:DP${T}1/1:30" \
  "chr1${T}100${T}.${T}C${T}T${T}.${T}PASS${T}.${T}GT:DP${T}0/1:30"
check dup_lower_case_multiallelic 3 "two records carry the allele C>T" "" \
  "chr1${T}100${T}.${T}C${T}G,T${T}.${T}PASS${T}.${T}GT:DP${T}1/2:30" \
  "chr1${T}100${T}.${T}c${T}t${T}.${T}PASS${T}.${T}GT:DP${T}0/1:30"
check dup_symbolic_is_no_duplicate 0 "" "" \
  "chr1${T}100${T}.${T}C${T}T,<NON_REF>${T}.${T}PASS${T}.${T}GT:DP${T}0/1:30" \
  "chr1${T}100${T}.${T}C${T}G,<NON_REF>${T}.${T}PASS${T}.${T}GT:DP${T}0/1:30"
# b. GT allele index beyond the ALTs.
check gt_beyond_alts 3 "GT allele index 3 is beyond the record's 1 ALT" "" \
  "chr1${T}100${T}.${T}C${T}T${T}.${T}PASS${T}.${T}GT:DP${T}0/3:30"
# c. POS with trailing garbage (tabix and htslib would read 100).
TEXT_ONLY=1 check pos_trailing_garbage 3 "POS '100x' is not a number" "" \
  "chr1${T}100x${T}.${T}C${T}T${T}.${T}PASS${T}.${T}GT:DP${T}0/1:30"
# d. Overflow: POS beyond the chromosome and beyond 32 bits, a GT index beyond 32 bits.
check pos_beyond_chromosome 3 "lies beyond the end of chr1" "" \
  "chr1${T}100${T}.${T}C${T}T${T}.${T}PASS${T}.${T}GT:DP${T}0/1:30" \
  "chr1${T}248956500${T}.${T}C${T}T${T}.${T}PASS${T}.${T}GT:DP${T}0/1:30"
check pos_overflow 3 "POS 99999999999999999999999" "" \
  "chr1${T}99999999999999999999999${T}.${T}C${T}T${T}.${T}PASS${T}.${T}GT:DP${T}0/1:30"
check gt_overflow 3 "cannot parse this record" "" \
  "chr1${T}100${T}.${T}C${T}T${T}.${T}PASS${T}.${T}GT:DP${T}0/99999999999:30"
# e. Undeclared tags: read (a key nbscreen does not read is ignored; a reserved one gets the VCF
# specification's definition), except an annotation key, refused.
check undeclared_unread_tags 0 "" "" \
  "chr1${T}100${T}.${T}C${T}T${T}.${T}PASS${T}FOO=1;BAR${T}GT:XX:DP${T}0/1:abc:30"
check undeclared_reserved_ad 0 "" "" \
  "chr1${T}100${T}.${T}C${T}T${T}.${T}PASS${T}.${T}GT:AD:DP${T}0/1:10,12:30"
check undeclared_annotation_key 3 "annotation INFO/CSQ" "" \
  "chr1${T}100${T}.${T}C${T}T${T}.${T}PASS${T}CSQ=T|stop_gained|HIGH${T}GT:DP${T}0/1:30"
# htslib's stand-in declaration for an undeclared key, as bcftools writes it into a BCF.
check dummy_annotation_declaration 3 "annotation INFO/CSQ" \
  '##INFO=<ID=CSQ,Number=1,Type=String,Description="Dummy">\n' \
  "chr1${T}100${T}.${T}C${T}T${T}.${T}PASS${T}CSQ=T|stop_gained|HIGH${T}GT:DP${T}0/1:30"
# f. A parse error quotes the line, tabs shown as \t (htslib splits its buffer at NULs).
check message_quotes_line 3 'the line reads "chr1\t100\t.\tC\tT' "" \
  "chr1${T}100${T}.${T}C${T}T${T}.${T}PASS${T}.${T}GT:DP${T}0/1:notanumber"
# ... and never sends a terminal escape raw: an ESC byte in the line is shown as \x1b.
check message_escapes_control_bytes 3 '0/1:\x1b[31m"' "" \
  "chr1${T}100${T}.${T}C${T}T${T}.${T}PASS${T}.${T}GT:DP${T}0/1:\x1b[31m"

if (( failures > 0 )); then echo "$failures path(s) failed"; exit 1; fi
echo "input validation paths ok"
