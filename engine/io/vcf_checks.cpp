// The record checks VcfReader applies the same way on every path (text streamed or through a
// tabix index, BCF streamed or through its index): see docs/input-validation.md for the table of
// input classes and outcomes. Each check exists because the bad input would otherwise change a
// screen result without a word: a duplicate record whose order decides het or hom, a GT index
// pointing past the ALTs, an annotation key htslib invents a String type for.
#include <htslib/tbx.h>
#include <htslib/vcf.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "engine/core/input_error.hpp"
#include "engine/core/sample_id.hpp"
#include "engine/genome/contig.hpp"
#include "engine/genome/normalize.hpp"
#include "engine/io/reserved_tags.hpp"
#include "engine/io/vcf_reader_impl.hpp"

namespace nbs {
namespace {

// How much of a bad line a message quotes.
constexpr std::size_t kQuoteBytes = 160;

// What htslib's record error bits mean, in the user's terms.
std::string describe_record_error(int errcode) {
    if ((errcode & BCF_ERR_TAG_INVALID) != 0)
        return "an INFO or FORMAT value does not fit its header declaration (or is too large)";
    if ((errcode & BCF_ERR_CTG_INVALID) != 0) return "its CHROM is not a valid contig name";
    if ((errcode & BCF_ERR_NCOLS) != 0) return "it has too few columns";
    if ((errcode & BCF_ERR_LIMITS) != 0) return "a value is out of the range htslib supports";
    if ((errcode & BCF_ERR_CHAR) != 0) return "it contains an invalid character";
    return "htslib cannot parse it";
}

// "1\t200\tC..." as a message can show it: tabs as \t, other non-printing bytes as \xNN, cut to
// kQuoteBytes. htslib splits the line it parses in place (tabs become NULs), so this quotes a copy
// taken before parsing.
std::string quote_line(std::string_view s) {
    std::string out = "\"";
    const std::string_view shown = s.substr(0, kQuoteBytes);
    std::size_t from = 0;
    for (std::size_t tab = shown.find('\t'); tab != std::string_view::npos;
         from = tab + 1, tab = shown.find('\t', from))
        out += printable(shown.substr(from, tab - from)) + "\\t";
    out += printable(shown.substr(from));
    out += s.size() > kQuoteBytes ? "...\"" : "\"";
    return out;
}

// "CHROM:POS" of a text line, for the message's locus.
std::string locus_of(std::string_view s) {
    const std::size_t t1 = s.find('\t');
    if (t1 == std::string_view::npos) return printable(s.substr(0, 40));
    const std::size_t t2 = s.find('\t', t1 + 1);
    return printable(s.substr(0, std::min<std::size_t>(t1, 40))) + ":" +
           printable(s.substr(t1 + 1, std::min<std::size_t>(t2, s.size()) - t1 - 1).substr(0, 20));
}

// INFO keys annotate/ reads (qualifier.cpp, annotation_schema.cpp): when the header does not
// declare one, htslib invents "Type=String, Description=Dummy", and the annotation would be
// dropped as unrecognised: a screen without the annotation the file carries.
bool is_annotation_key(std::string_view key) {
    static constexpr std::string_view kClinvar[] = {
        "CLNSIG", "CLNSIGCONF", "CLNREVSTAT", "GENEINFO", "CLNVID", "ALLELEID", "CLNHGVS"};
    if (key == "CSQ" || key == "BCSQ" || key == "ANN") return true;
    for (const std::string_view c : kClinvar)
        if (key == c || (key.size() > c.size() + 1 && key.ends_with(c) &&
                         key[key.size() - c.size() - 1] == '_'))
            return true;
    return false;
}

}  // namespace

// The reserved FORMAT and INFO fields nbscreen reads, with the VCF specification's own
// definitions (MIN_DP: GATK's). A header that leaves one out (hts-specs' passed/ files do) would
// otherwise have its GT read under htslib's invented String type, or not at all: the baby's
// genotypes silently missing. Declared before any record is parsed, so every path reads them the
// same way; a declaration the file makes itself is kept.
const char* declare_reserved_tags(bcf_hdr_t* h) {
    struct Reserved {
        int kind;
        const char* id;
        const char* line;
    };
    static constexpr Reserved kReserved[] = {
        {BCF_HL_FMT, "GT", "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">"},
        {BCF_HL_FMT, "AD",
         "##FORMAT=<ID=AD,Number=R,Type=Integer,Description=\"Read depth for each allele\">"},
        {BCF_HL_FMT, "DP", "##FORMAT=<ID=DP,Number=1,Type=Integer,Description=\"Read depth\">"},
        {BCF_HL_FMT, "GQ",
         "##FORMAT=<ID=GQ,Number=1,Type=Integer,Description=\"Conditional genotype quality\">"},
        {BCF_HL_FMT, "PS", "##FORMAT=<ID=PS,Number=1,Type=Integer,Description=\"Phase set\">"},
        {BCF_HL_FMT, "MIN_DP",
         "##FORMAT=<ID=MIN_DP,Number=1,Type=Integer,Description=\"Minimum DP observed within "
         "the GVCF block\">"},
        {BCF_HL_INFO, "END",
         "##INFO=<ID=END,Number=1,Type=Integer,Description=\"End position of the record\">"},
    };
    for (const Reserved& r : kReserved) {
        const int id = bcf_hdr_id2int(h, BCF_DT_ID, r.id);
        if (id >= 0 && bcf_hdr_idinfo_exists(h, r.kind, id)) continue;
        // Synced after each line: an append can grow htslib's id tables, and the next lookup
        // would read the old ones (AddressSanitizer caught exactly that).
        if (bcf_hdr_append(h, r.line) != 0 || bcf_hdr_sync(h) != 0) return r.id;
    }
    return nullptr;
}

void VcfReader::Impl::declare_reserved_tags() {
    if (const char* failed = nbs::declare_reserved_tags(hdr.get()))
        throw InputError(where(0, failed), "htslib could not add the declaration of " +
                                               std::string(failed) + " to the header");
    find_dummy_annotation_keys();
}

// Header ids of annotation keys declared only by htslib's "Dummy" stand-in: bcftools writes that
// declaration into a BCF it converted from a text file that lacked one, and the text parser adds
// it on the first record that uses the key.
void VcfReader::Impl::find_dummy_annotation_keys() {
    dummy_annotation_ids.clear();
    const bcf_hdr_t* h = hdr.get();
    for (int i = 0; i < h->nhrec; ++i) {
        const bcf_hrec_t* hr = h->hrec[i];
        if (hr->type != BCF_HL_INFO) continue;
        const int id_k = bcf_hrec_find_key(const_cast<bcf_hrec_t*>(hr), "ID");
        const int d_k = bcf_hrec_find_key(const_cast<bcf_hrec_t*>(hr), "Description");
        if (id_k < 0 || d_k < 0 || std::strcmp(hr->vals[d_k], "\"Dummy\"") != 0) continue;
        if (!is_annotation_key(hr->vals[id_k])) continue;
        const int id = bcf_hdr_id2int(h, BCF_DT_ID, hr->vals[id_k]);
        if (id >= 0) dummy_annotation_ids.push_back(id);
    }
}

void VcfReader::Impl::refuse_dummy_annotation_keys(std::uint64_t l, const std::string& locus) {
    const bcf1_t* r = rec.get();
    for (int i = 0; i < r->n_info; ++i) {
        const int key = r->d.info[i].key;
        if (std::find(dummy_annotation_ids.begin(), dummy_annotation_ids.end(), key) ==
            dummy_annotation_ids.end())
            continue;
        const std::string name = bcf_hdr_int2id(hdr.get(), BCF_DT_ID, key);
        throw InputError(where(l, locus),
                         "the record carries the annotation INFO/" + name +
                             ", which the header does not declare (its layout and type are "
                             "unknown, so the annotation would be dropped)",
                         "add the ##INFO line the annotation tool wrote (e.g. with 'bcftools "
                         "annotate -h'), or re-run the annotation on the whole file");
    }
}

// vcf_parse1 on the text record in `line`. Undeclared contigs and INFO/FORMAT keys are what the
// VCF specification's own passed/ examples use; htslib reads them with an invented declaration,
// and nbscreen reads only the reserved fields (declared up front) and annotation keys (refused
// when undeclared, above), so such a record is read, never refused for that alone.
void VcfReader::Impl::parse_text_record(std::uint64_t l) {
    parse_copy.assign(line.s, std::min<std::size_t>(line.l, kQuoteBytes + 1));
    const int rc = vcf_parse1(&line, hdr.get(), rec.get());
    const int err = rec->errcode;
    constexpr int kTolerated = BCF_ERR_CTG_UNDEF | BCF_ERR_TAG_UNDEF;
    if (rc == 0 && (err & ~kTolerated) == 0) {
        if ((err & BCF_ERR_TAG_UNDEF) != 0) find_dummy_annotation_keys();
        rec->errcode = 0;
        return;
    }
    throw InputError(where(l, locus_of(parse_copy)),
                     "cannot parse this record: " + describe_record_error(err) +
                         "; the line reads " + quote_line(parse_copy),
                     "check the line against the VCF specification (##INFO and ##FORMAT lines "
                     "for what the records use; 'bcftools view' shows the same problem)");
}

// A GT allele index must name REF or one of the record's ALTs: 0/3 on a record with one ALT
// points at nothing, and whichever way it were read (ignored, or as another allele) would
// change what the baby carries.
void VcfReader::Impl::check_alleles_in_range(const std::vector<int>& alleles, int n_alleles,
                                             const std::string& chrom, std::int64_t pos,
                                             std::uint64_t l) const {
    for (const int a : alleles) {
        if (a < n_alleles) continue;
        throw InputError(
            where(l, chrom + ":" + std::to_string(pos)),
            "GT allele index " + (a == kGtOverflow ? "(too large)" : std::to_string(a)) +
                " is beyond the record's " + std::to_string(n_alleles - 1) + " ALT allele(s)",
            "the genotype names an allele the record does not have; check the file "
            "was not edited by hand or split wrongly ('bcftools norm -m-' splits "
            "records with their genotypes)");
    }
}

// Two records for the same CHROM/POS/REF/ALT allele (bases upper-cased): the screen reads the
// first one it meets, so a het-then-hom pair and a hom-then-het pair would screen differently.
// Refused, whatever the order. Symbolic alleles (<NON_REF>, <*>, <DEL>), '*', '.' and breakends
// name no sequence (a gVCF writes <NON_REF> on every record) and are not compared. The same
// allele written two ways (CAC>CAG at 189 and C>G at 191) is not a duplicate here: callers write
// overlapping records like that on purpose, each with its own genotype.
// Worked example: "1 123 . C G ... 0/1" then "1 123 . c g ... 1/1" is refused naming both lines.
// Records are sorted (the reader checks), so only the current position's alleles are kept.
void VcfReader::Impl::check_duplicate(const VcfRecord& r) {
    if (r.chrom != dup_chrom) {
        dup_chrom = r.chrom;
        dup_seen.clear();
    }
    if (!dup_seen.empty() && dup_seen.front().allele.pos != r.pos) dup_seen.clear();
    const bool streamed = mode == AccessMode::streaming || !restricted;
    const std::string here = !is_bcf && streamed  ? "line " + std::to_string(r.line)
                             : is_bcf && streamed ? "record " + std::to_string(seen)
                                                  : std::string("a record");
    for (const std::string& alt : r.alts) {
        if (is_symbolic_allele(alt)) continue;
        const Variant v{r.chrom, r.pos, r.ref, alt};
        const std::string as_written = here + " (" + printable(r.ref) + ">" + printable(alt) + ")";
        for (const SeenAllele& s : dup_seen)
            if (s.allele == v)
                throw InputError(
                    where(r.line, v.chrom + ":" + std::to_string(v.pos)),
                    "two records carry the allele " + printable(v.ref) + ">" + printable(v.alt) +
                        (streamed ? " (" + s.where + "; " + as_written + ")" : std::string()) +
                        ": which genotype the baby has would depend on the order of the records",
                    "keep one record per allele (e.g. 'bcftools norm -d exact' removes exact "
                    "duplicates; merge records whose genotypes differ), then screen again");
        dup_seen.push_back({v, as_written});
    }
}

// A record beyond the end of a GRCh38 chromosome, in an indexed file: the streamed paths see
// every record (RecordPrecheck), but an indexed read only looks inside the panel's regions, so the
// index is asked once per chromosome for anything past its end.
//
// How far past the end: kBeyondEndWindow, not to POS's limit. htslib walks every bin of the
// queried range at each level of the index, so a query to 2^31 cost 0.4 s per genome with a CSI
// index (43% of an indexed screen, perf, 2026-12-02); 64 Mb is 4,096 of the finest bins. Records of
// another assembly lie within a few Mb of a GRCh38 end (GRCh37 chr1 ends 290 kb later; T2T-CHM13
// chromosomes differ by at most a few Mb), and a record further out, with none in the window, lies
// outside every region an indexed screen reads, so it cannot change a result.
constexpr hts_pos_t kBeyondEndWindow = hts_pos_t{1} << 26;

void VcfReader::Impl::refuse_records_beyond_chromosomes() {
    hts::File f;  // a second handle, opened only when an index has data past a chromosome's end
    for (const std::string& canon : index_chromosomes) {
        const auto len = grch38_length(canon);
        const auto name = file_name_of.find(canon);
        if (!len || name == file_name_of.end()) continue;
        const int tid = is_bcf ? bcf_hdr_name2id(hdr.get(), name->second.c_str())
                               : tbx_name2id(tbx.get(), name->second.c_str());
        if (tid < 0) continue;
        const hts_pos_t end = *len + 1 + kBeyondEndWindow;
        hts::NotedIterator it(is_bcf ? bcf_idx.query(tid, *len + 1, end)
                                     : tbx_itr_queryi(tbx.get(), tid, *len + 1, end),
                              {options.footprint});
        if (!it || it->n_off == 0) continue;  // the index has no block there: nothing to read
        if (!f) f.reset(hts_open(path.c_str(), "r"));
        if (!f) continue;
        // Records overlapping the end (a deletion starting before it) come first: read on.
        if (is_bcf) {
            hts::VcfRecordPtr r(bcf_init());
            while (bcf_itr_next(f.get(), it.get(), r.get()) >= 0)
                check_pos_in_chromosome(canon, r->pos + 1, path, 0);
            continue;
        }
        kstring_t s{0, 0, nullptr};
        try {
            while (tbx_itr_next(f.get(), tbx.get(), it.get(), &s) >= 0)
                check_pos_in_chromosome(canon, parse_pos_field(std::string_view(s.s, s.l), path, 0),
                                        path, 0);
        } catch (...) {
            std::free(s.s);
            throw;
        }
        std::free(s.s);
    }
}

}  // namespace nbs
