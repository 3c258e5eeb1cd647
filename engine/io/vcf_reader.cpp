#include "engine/io/vcf_reader.hpp"

#include "engine/io/hts_handles.hpp"

#include <htslib/bgzf.h>
#include <htslib/hts.h>
#include <htslib/kseq.h>
#include <htslib/kstring.h>
#include <htslib/tbx.h>
#include <htslib/vcf.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>

#include "engine/core/input_error.hpp"
#include "engine/genome/contig.hpp"

namespace nbs {
namespace {

// Stable 63-bit id for string phase sets (some truth sets write PS as text, e.g. "PATMAT").
std::int64_t fnv1a(const char* s) {
    std::uint64_t h = 1469598103934665603ULL;
    for (; *s != '\0'; ++s) {
        h ^= static_cast<unsigned char>(*s);
        h *= 1099511628211ULL;
    }
    return static_cast<std::int64_t>(h >> 1);
}

const char* hint_for_format() {
    return "nbscreen reads VCF (plain or bgzipped) and BCF; convert other formats with bcftools";
}

// What htslib's record error bits mean, in the user's terms.
std::string describe_record_error(int errcode) {
    if ((errcode & BCF_ERR_CTG_UNDEF) != 0 || (errcode & BCF_ERR_CTG_INVALID) != 0)
        return "its CHROM is not declared in the header (or is not a valid contig name)";
    if ((errcode & BCF_ERR_TAG_UNDEF) != 0 || (errcode & BCF_ERR_TAG_INVALID) != 0)
        return "it uses an INFO or FORMAT field the header does not declare (or declares badly)";
    if ((errcode & BCF_ERR_NCOLS) != 0) return "it has too few columns";
    if ((errcode & BCF_ERR_LIMITS) != 0) return "a value is out of the range htslib supports";
    if ((errcode & BCF_ERR_CHAR) != 0) return "it contains an invalid character";
    return "htslib cannot parse it";
}

// Columns of a text record. htslib accepts a record with missing columns (it fills in
// defaults), but a line that lost its genotype columns must not be screened as if it were fine.
std::size_t count_columns(const char* s, std::size_t len) {
    std::size_t n = 1;
    for (const char* p = s; (p = static_cast<const char*>(std::memchr(
                                 p, '\t', len - static_cast<std::size_t>(p - s)))) != nullptr;
         ++p)
        ++n;
    return n;
}

// Counts the header lines of a text VCF, so record line numbers in messages and results are
// lines of the file (htslib's header reader does not say how many lines it consumed).
std::uint64_t count_header_lines(const std::string& path) {
    hts::File fp(hts_open(path.c_str(), "r"));
    if (!fp) return 0;
    kstring_t s{0, 0, nullptr};
    std::uint64_t n = 0;
    while (hts_getline(fp.get(), KS_SEP_LINE, &s) >= 0 && s.l > 0 && s.s[0] == '#')
        ++n;
    std::free(s.s);
    return n;
}

}  // namespace

struct VcfReader::Impl {
    std::string path;
    VcfOpenOptions options;
    hts::File fp;
    hts::VcfHeader hdr;
    hts::VcfRecordPtr rec{bcf_init()};
    std::vector<std::string> all_samples;
    std::string sample;
    BuildCheck build;
    bool is_bcf = false;
    bool is_bgzf = false;
    bool has_index = false;

    // Region restriction.
    bool restricted = false;
    RegionSet regions;
    AccessMode mode = AccessMode::streaming;
    hts::Tabix tbx;
    hts::Index idx;
    hts::Iterator itr;
    std::size_t region_i = 0;
    std::int64_t prev_region_end = 0;  // skip records already returned for the previous region
    std::string prev_region_chrom;
    std::map<std::string, std::string> file_name_of;  // canonical -> the file's contig name

    // Streaming state.
    std::optional<RecordPrecheck> precheck;
    kstring_t line{0, 0, nullptr};
    std::uint64_t line_no = 0;  // lines of the file read so far (header included, except stdin)
    bool counted_header = false;
    std::string carry;         // a line that straddles two BGZF blocks
    bool direct_bgzf = false;  // scan lines inside BGZF blocks (no copy per line)
    int cur_rid = -2;          // BCF: contig id of the previous record
    std::string cur_chrom;

    std::uint64_t seen = 0;
    std::uint64_t decoded = 0;

    // Header ids of the fields decode() reads (resolve_ids()).
    struct InfoKey {
        std::string key;
        int id;
        int type;     // BCF_HT_*
        char number;  // 'A', 'R', 'G', '.' or '1'
    };
    struct FieldIds {
        int end = -1, gt = -1, gq = -1, dp = -1, min_dp = -1, ps = -1, ad = -1;
        std::vector<InfoKey> info;
    } ids;
    int decoded_rid = -1;
    std::string decoded_chrom;

    ~Impl() { std::free(line.s); }

    InputLocation where(std::uint64_t l = 0, std::string locus = {}) const {
        return {path, l, 0, std::move(locus)};
    }

    void open();
    void check_build();
    void choose_sample();
    bool try_open_index();
    bool next_indexed();
    bool next_streaming();
    bool next_line(const char*& s, std::size_t& len);
    void resolve_ids();
    void check_columns(std::uint64_t l) const;
    bool try_genotype_only(const char* s, std::size_t len, std::uint64_t l);

    // Records outside `decode_fully` (when set) are read for their genotype only: the
    // sex-inference windows need GT and nothing else, and parsing them in full was most of the
    // cost of a streamed screen above decompression.
    std::optional<RegionSet> decode_fully;
    std::size_t sample_column = 0;  // column of the chosen sample in the file (0-based)
    bool genotype_only_ready = false;
    VcfRecord genotype_only;
    std::string gto_raw_chrom;
    std::string gto_canon;
    void decode(VcfRecord& out);
    void decode_genotype(SampleFormat& s);
};

void VcfReader::Impl::open() {
    if (path != "-" && !std::filesystem::exists(path))
        throw InputError(where(), "file not found",
                         "check the path (relative paths in a manifest "
                         "are resolved against the manifest's folder)");
    fp.reset(hts_open(path.c_str(), "r"));
    if (!fp) throw InputError(where(), "cannot open file", "check that it exists and is readable");
    const htsFormat* fmt = hts_get_format(fp.get());
    if (fmt->category != variant_data || (fmt->format != vcf && fmt->format != bcf))
        throw InputError(
            where(),
            std::string("not a VCF or BCF file (htslib sees ") + hts::describe_format(fmt) + ")",
            hint_for_format());
    is_bcf = fmt->format == bcf;
    is_bgzf = fmt->compression == bgzf;
    if (is_bgzf && path != "-" && bgzf_check_EOF(fp->fp.bgzf) == 0)
        throw InputError(where(), "file is truncated: the BGZF end-of-file marker is missing",
                         "the file was cut short (an interrupted copy or a full disk?); copy or "
                         "regenerate it, and check it with 'bgzip -t'");
    // The index decides the access mode; decompression threads pay off only when the whole file
    // is read (an indexed read touches a few hundred blocks and would pay to start the threads),
    // and they must be set before the first read.
    has_index = try_open_index();
    if (options.threads > 0 && !has_index) hts_set_threads(fp.get(), options.threads);
    direct_bgzf = !is_bcf && (fmt->compression == bgzf || fmt->compression == gzip);
    hdr.reset(bcf_hdr_read(fp.get()));
    if (!hdr)
        throw InputError(where(), "cannot read the VCF header",
                         "the file must start with ##fileformat=VCFv4.x and a #CHROM line");
    for (int i = 0; i < bcf_hdr_nsamples(hdr.get()); ++i)
        all_samples.emplace_back(hdr->samples[i]);
    check_build();
    choose_sample();
    resolve_ids();
    precheck.emplace(nullptr);
}

void VcfReader::Impl::check_build() {
    int n = 0;
    const char** names = bcf_hdr_seqnames(hdr.get(), &n);
    bool any_chr = false, any_plain = false;
    for (int i = 0; i < n; ++i) {
        const auto canon = canonical_contig(names[i]);
        if (!canon) continue;
        file_name_of.emplace(*canon, names[i]);
        (std::strncmp(names[i], "chr", 3) == 0 ? any_chr : any_plain) = true;
        bcf_hrec_t* hrec = bcf_hdr_get_hrec(hdr.get(), BCF_HL_CTG, "ID", names[i], nullptr);
        if (hrec == nullptr) continue;
        const int k = bcf_hrec_find_key(hrec, "length");
        if (k < 0) continue;
        build.has_lengths = true;
        const long long len = std::strtoll(hrec->vals[k], nullptr, 10);
        const auto want = grch38_length(*canon);
        if (want && len != *want) {
            const std::string name = names[i];
            std::free(names);
            throw InputError(where(0, name + " length " + std::to_string(len)),
                             "the header's contig lengths are not GRCh38 (" + *canon + " is " +
                                 std::to_string(*want) + " bp in GRCh38)",
                             "nbscreen screens GRCh38 only; lift the calls over or re-call them "
                             "against GRCh38");
        }
        ++build.contigs_checked;
    }
    std::free(names);
    build.naming = any_chr ? "chr" : (any_plain ? "no-chr" : "unknown");
}

void VcfReader::Impl::choose_sample() {
    if (all_samples.empty())
        throw InputError(where(), "the VCF has no sample columns (a sites-only file)",
                         "screening needs a genotype column for the baby");
    if (options.sample) {
        bool found = false;
        for (const auto& s : all_samples)
            found = found || s == *options.sample;
        if (!found) {
            std::string list;
            for (std::size_t i = 0; i < all_samples.size() && i < 10; ++i)
                list += (i ? ", " : "") + all_samples[i];
            if (all_samples.size() > 10) list += ", ...";
            throw InputError(
                where(), "sample '" + *options.sample + "' is not in the VCF",
                "the file's samples are: " + list +
                    " (set --sample or the manifest's vcf_sample column to one of them)");
        }
        sample = *options.sample;
    } else if (all_samples.size() == 1) {
        sample = all_samples.front();
    } else {
        throw InputError(
            where(),
            "the VCF has " + std::to_string(all_samples.size()) + " samples and none was chosen",
            "name the baby's column with --sample or the manifest's vcf_sample column");
    }
    sample_column = static_cast<std::size_t>(
        std::find(all_samples.begin(), all_samples.end(), sample) - all_samples.begin());
    if (all_samples.size() > 1 && bcf_hdr_set_samples(hdr.get(), sample.c_str(), 0) != 0)
        throw InputError(where(), "htslib could not select sample '" + sample + "'", "");
}

bool VcfReader::Impl::try_open_index() {
    if (path == "-" || !options.use_index) return false;
    if (is_bcf) {
        idx.reset(bcf_index_load3(path.c_str(), nullptr, HTS_IDX_SILENT_FAIL));
        return idx != nullptr;
    }
    if (!is_bgzf) return false;
    tbx.reset(tbx_index_load3(path.c_str(), nullptr, HTS_IDX_SILENT_FAIL));
    return tbx != nullptr;
}

bool VcfReader::Impl::next_indexed() {
    const auto& regs = regions.regions();
    for (;;) {
        if (!itr) {
            // Advance to the next region the file has a contig for.
            while (region_i < regs.size()) {
                const Region& r = regs[region_i];
                const auto name = file_name_of.find(r.chrom);
                int tid = -1;
                if (name != file_name_of.end())
                    tid = is_bcf ? bcf_hdr_name2id(hdr.get(), name->second.c_str())
                                 : tbx_name2id(tbx.get(), name->second.c_str());
                if (tid >= 0) {
                    itr.reset(is_bcf ? bcf_itr_queryi(idx.get(), tid, r.start - 1, r.end)
                                     : tbx_itr_queryi(tbx.get(), tid, r.start - 1, r.end));
                }
                if (itr) break;
                ++region_i;
            }
            if (!itr) return false;
        }
        int rc = 0;
        if (is_bcf) {
            rc = bcf_itr_next(fp.get(), itr.get(), rec.get());
        } else {
            rc = tbx_itr_next(fp.get(), tbx.get(), itr.get(), &line);
            if (rc >= 0) {
                ++seen;
                check_columns(0);
                if (try_genotype_only(line.s, line.l, 0)) {
                    if (regs[region_i].chrom == prev_region_chrom &&
                        genotype_only.pos <= prev_region_end) {
                        genotype_only_ready = false;
                        continue;
                    }
                    return true;
                }
                if (vcf_parse1(&line, hdr.get(), rec.get()) < 0 || rec->errcode != 0)
                    throw InputError(
                        where(0, std::string(line.s, std::min<std::size_t>(line.l, 40))),
                        "cannot parse this record: " + describe_record_error(rec->errcode),
                        "check the record against the VCF specification (bcftools "
                        "view will show the same error)");
            }
        }
        if (rc < -1)
            throw InputError(where(0, regs[region_i].to_string()),
                             "error reading the file (corrupt or truncated compressed data)",
                             "check it with 'bgzip -t' and re-create it if needed");
        if (rc == -1) {
            prev_region_chrom = regs[region_i].chrom;
            prev_region_end = regs[region_i].end;
            itr.reset();
            ++region_i;
            continue;
        }
        if (is_bcf) ++seen;
        const std::int64_t pos = rec->pos + 1;
        if (regs[region_i].chrom == prev_region_chrom && pos <= prev_region_end) continue;
        return true;
    }
}

// The next text line, without its newline. With BGZF input the line is found inside the
// decompressed block and only copied when it straddles two blocks: most lines are looked at
// (CHROM/POS) and dropped, so copying each one would cost more than the look.
bool VcfReader::Impl::next_line(const char*& s, std::size_t& len) {
    if (!direct_bgzf) {
        const int rc = hts_getline(fp.get(), KS_SEP_LINE, &line);
        if (rc == -1) return false;
        if (rc < -1)
            throw InputError(where(line_no + 1),
                             "error reading the file (corrupt or truncated compressed data)",
                             "check it with 'bgzip -t' and re-create it if needed");
        s = line.s;
        len = line.l;
        return true;
    }
    BGZF* bg = fp->fp.bgzf;
    carry.clear();
    for (;;) {
        if (bg->block_offset >= bg->block_length) {
            if (bgzf_read_block(bg) != 0)
                throw InputError(where(line_no + 1),
                                 "error reading the file (corrupt or truncated compressed data)",
                                 "check it with 'bgzip -t' and re-create it if needed");
            if (bg->block_length == 0) {  // end of file
                if (carry.empty()) return false;
                s = carry.data();
                len = carry.size();
                break;
            }
        }
        const char* buf = static_cast<const char*>(bg->uncompressed_block) + bg->block_offset;
        const auto avail = static_cast<std::size_t>(bg->block_length - bg->block_offset);
        const char* nl = static_cast<const char*>(std::memchr(buf, '\n', avail));
        if (nl == nullptr) {
            carry.append(buf, avail);
            bg->block_offset = bg->block_length;
            continue;
        }
        const auto n = static_cast<std::size_t>(nl - buf);
        bg->block_offset += static_cast<int>(n + 1);
        if (carry.empty()) {
            s = buf;
            len = n;
        } else {
            carry.append(buf, n);
            s = carry.data();
            len = carry.size();
        }
        break;
    }
    if (len > 0 && s[len - 1] == '\r') --len;
    return true;
}

RecordPrecheck::RecordPrecheck(const RegionSet* regions) : restricted_(regions != nullptr) {
    if (regions != nullptr)
        for (const Region& r : regions->regions())
            spans_by_contig_[r.chrom].push_back({r.start, r.end});
}

// A new CHROM: look its spans up once, and check that it has not been seen before.
void RecordPrecheck::switch_contig(std::string_view raw, const std::string& path,
                                   std::uint64_t line_no, std::int64_t pos) {
    cur_raw_.assign(raw);
    const auto canon = canonical_contig(raw);
    if (cur_known_) finished_.insert(cur_canon_);
    cur_known_ = canon.has_value();
    cur_canon_ = canon ? *canon : std::string(raw);
    cur_spans_ = nullptr;
    cur_i_ = 0;
    order_pos_ = 0;
    if (!cur_known_) return;
    if (finished_.count(cur_canon_) != 0)
        throw InputError(
            {path, line_no, 0, cur_canon_ + ":" + std::to_string(pos)},
            "records are not sorted (" + cur_canon_ + " appears again after other chromosomes)",
            "sort the file with 'bcftools sort'");
    if (const auto it = spans_by_contig_.find(cur_canon_); it != spans_by_contig_.end())
        cur_spans_ = &it->second;
}

void RecordPrecheck::check_order(std::int64_t pos, const std::string& path, std::uint64_t line_no) {
    if (pos < order_pos_)
        throw InputError({path, line_no, 0, cur_canon_ + ":" + std::to_string(pos)},
                         "records are not sorted (position " + std::to_string(pos) +
                             " comes after " + std::to_string(order_pos_) + ")",
                         "sort the file with 'bcftools sort'");
    order_pos_ = pos;
}

// Does a record at `pos` (on the current contig) overlap a region? `max_end` bounds where the
// record can end; `ref` points at the REF column when that bound is not enough (null: `max_end`
// is exact).
bool RecordPrecheck::overlaps(std::int64_t pos, std::int64_t max_end, const char* ref,
                              const char* line_end) {
    if (cur_spans_ == nullptr) return false;
    const auto& spans = *cur_spans_;
    while (cur_i_ < spans.size() && spans[cur_i_].end < pos)
        ++cur_i_;  // positions only grow
    if (cur_i_ == spans.size()) return false;
    const Span& sp = spans[cur_i_];
    if (pos >= sp.start) return true;
    if (max_end < sp.start) return false;  // the common case: far from the next region
    if (ref == nullptr) return true;
    // A deletion starting before a region can still overlap it: look at the length of REF.
    const char* ref_end =
        static_cast<const char*>(std::memchr(ref, '\t', static_cast<std::size_t>(line_end - ref)));
    const std::int64_t ref_len = ref_end == nullptr ? 1 : std::max<std::int64_t>(1, ref_end - ref);
    return pos + ref_len - 1 >= sp.start;
}

bool RecordPrecheck::wanted_line(std::string_view line, const std::string& path,
                                 std::uint64_t line_no) {
    const char* s = line.data();
    const char* end = s + line.size();
    const char* tab1 = static_cast<const char*>(std::memchr(s, '\t', line.size()));
    if (tab1 == nullptr) return true;  // let the parser report the malformed line
    std::int64_t pos = 0;
    const char* p = tab1 + 1;
    while (p < end && *p >= '0' && *p <= '9')
        pos = pos * 10 + (*p++ - '0');
    if (p == tab1 + 1 || p >= end || *p != '\t') {
        // htslib would accept POS '.' or '12a' and screen the record at a made-up position.
        const char* pos_end = static_cast<const char*>(
            std::memchr(tab1 + 1, '\t', static_cast<std::size_t>(end - tab1 - 1)));
        const std::string field(tab1 + 1, pos_end != nullptr ? pos_end : end);
        throw InputError(
            {path, line_no, 2, std::string(s, static_cast<std::size_t>(tab1 - s))},
            "POS '" + field + "' is not a positive integer",
            "every record needs a 1-based position; check the file was not cut or edited");
    }
    const auto chrom_len = static_cast<std::size_t>(tab1 - s);
    if (chrom_len != cur_raw_.size() || std::memcmp(s, cur_raw_.data(), chrom_len) != 0)
        switch_contig(std::string_view(s, chrom_len), path, line_no, pos);
    if (cur_known_) check_order(pos, path, line_no);
    if (!restricted_) return true;
    if (cur_spans_ == nullptr) return false;
    // The record cannot end beyond POS + the rest of the line, since REF is on the line.
    const char* id_field = p + 1;
    const auto rest = static_cast<std::size_t>(end - id_field);
    const char* id_tab = static_cast<const char*>(std::memchr(id_field, '\t', rest));
    return overlaps(pos, pos + static_cast<std::int64_t>(rest),
                    id_tab == nullptr ? nullptr : id_tab + 1, end);
}

bool RecordPrecheck::wanted_record(std::string_view chrom, std::int64_t pos, std::int64_t end,
                                   const std::string& path) {
    if (chrom != cur_raw_) switch_contig(chrom, path, 0, pos);
    if (!cur_known_) return false;  // BCF: records on other contigs are not screened
    check_order(pos, path, 0);
    return !restricted_ || overlaps(pos, end, nullptr, nullptr);
}

bool VcfReader::Impl::next_streaming() {
    if (!is_bcf && !counted_header) {
        counted_header = true;
        if (path != "-") line_no = count_header_lines(path);
    }
    if (is_bcf) {
        for (;;) {
            const int rc = bcf_read(fp.get(), hdr.get(), rec.get());
            if (rc == -1) return false;
            if (rc < -1 || rec->errcode != 0)
                throw InputError(where(0, "record " + std::to_string(seen + 1)),
                                 "htslib cannot decode this BCF record (corrupt or truncated file)",
                                 "check the file with 'bcftools view' and re-create it if needed");
            ++seen;
            if (rec->rid != cur_rid) {
                cur_rid = rec->rid;
                cur_chrom = bcf_seqname_safe(hdr.get(), rec.get());
            }
            const std::int64_t pos = rec->pos + 1;
            if (precheck->wanted_record(cur_chrom, pos,
                                        pos + std::max<std::int64_t>(1, rec->rlen) - 1, path))
                return true;
        }
    }
    const char* s = nullptr;
    std::size_t len = 0;
    for (;;) {
        if (!next_line(s, len)) return false;
        ++line_no;
        if (len == 0) continue;
        ++seen;
        if (!precheck->wanted_line(std::string_view(s, len), path, line_no)) continue;
        if (try_genotype_only(s, len, line_no)) return true;
        if (s != line.s) {  // the line is still inside the BGZF block: copy it for the parser
            line.l = 0;
            if (kputsn(s, len, &line) < 0) throw std::bad_alloc();
        }
        check_columns(line_no);
        if (vcf_parse1(&line, hdr.get(), rec.get()) < 0 || rec->errcode != 0)
            throw InputError(where(line_no, std::string(line.s, std::min<std::size_t>(line.l, 40))),
                             "cannot parse this record: " + describe_record_error(rec->errcode),
                             "check the line against the VCF specification (##contig, ##INFO and "
                             "##FORMAT lines for everything the records use; 'bcftools view' "
                             "shows the same problem)");
        return true;
    }
}

// Reads CHROM, POS, REF and the chosen sample's GT straight from the text line when the record
// lies outside `decode_fully`. FORMAT must start with GT (the VCF specification requires it
// when present); otherwise the record is left to the full parser.
bool VcfReader::Impl::try_genotype_only(const char* s, std::size_t len, std::uint64_t l) {
    if (!decode_fully) return false;
    const char* end = s + len;
    const char* col[10] = {};  // starts of CHROM..the first sample column
    const std::size_t want_col = 9 + sample_column;
    const char* sample_start = nullptr;
    for (std::size_t c = 0, p = 0;; ++c) {
        if (c < 10) col[c] = s + p;
        if (c == want_col) {
            sample_start = s + p;
            break;
        }
        const void* tab = std::memchr(s + p, '\t', len - p);
        if (tab == nullptr) break;
        p = static_cast<std::size_t>(static_cast<const char*>(tab) - s) + 1;
    }
    const char* format_start = col[8];
    if (sample_start == nullptr || format_start == nullptr) return false;
    const std::string_view raw_chrom(s, static_cast<std::size_t>(col[1] - s - 1));
    if (raw_chrom != gto_raw_chrom) {
        gto_raw_chrom.assign(raw_chrom);
        const auto canon = canonical_contig(raw_chrom);
        gto_canon = canon ? *canon : std::string();
    }
    if (gto_canon.empty()) return false;
    std::int64_t pos = 0;
    for (const char* q = col[1]; q < end && *q >= '0' && *q <= '9'; ++q)
        pos = pos * 10 + (*q - '0');
    const std::int64_t ref_len = std::max<std::int64_t>(1, col[4] - col[3] - 1);
    if (decode_fully->overlaps(gto_canon, pos, pos + ref_len - 1)) return false;
    if (!(format_start[0] == 'G' && format_start[1] == 'T' &&
          (format_start[2] == ':' || format_start[2] == '\t')))
        return false;
    VcfRecord& out = genotype_only;
    out.chrom = gto_canon;
    out.pos = pos;
    out.ref.assign(col[3], static_cast<std::size_t>(ref_len));
    out.alts.clear();
    out.filters.clear();
    out.info.clear();
    out.end.reset();
    out.line = l;
    out.genotype_only = true;
    out.sample = SampleFormat{};
    bool phased = true;
    int allele = -2;  // -2: no digit or '.' yet in this allele
    for (const char* q = sample_start; q < end && *q != ':' && *q != '\t'; ++q) {
        if (*q >= '0' && *q <= '9') {
            allele = (allele < 0 ? 0 : allele) * 10 + (*q - '0');
        } else if (*q == '.') {
            allele = -1;
        } else if (*q == '/' || *q == '|') {
            if (*q == '/') phased = false;
            out.sample.alleles.push_back(allele == -2 ? -1 : allele);
            allele = -2;
        } else {
            genotype_only_ready = false;  // not a GT value: let htslib's parser judge the line
            return false;
        }
    }
    out.sample.alleles.push_back(allele == -2 ? -1 : allele);
    out.sample.phased = out.sample.alleles.size() > 1 && phased;
    genotype_only_ready = true;
    return true;
}

void VcfReader::Impl::check_columns(std::uint64_t l) const {
    const std::size_t want = 9 + all_samples.size();
    const std::size_t have = count_columns(line.s, line.l);
    if (have != want) {
        std::string locus(line.s, std::min<std::size_t>(line.l, 40));
        if (const auto tab = locus.find('\t', locus.find('\t') + 1); tab != std::string::npos)
            locus.resize(tab);
        for (char& c : locus)
            if (c == '\t') c = ':';
        throw InputError(
            where(l, locus),
            "record has " + std::to_string(have) + " columns; the header has " +
                std::to_string(want),
            "every record needs CHROM..INFO, FORMAT and one column per sample, separated "
            "by single tabs (was the file cut or edited by hand?)");
    }
}

// Header ids of the fields decode() reads, looked up once per file: htslib's by-name accessors
// hash the key on every call, which cost more than the decoding itself.
void VcfReader::Impl::resolve_ids() {
    bcf_hdr_t* h = hdr.get();
    auto id_of = [h](const char* key, int kind) {
        const int id = bcf_hdr_id2int(h, BCF_DT_ID, key);
        return id >= 0 && bcf_hdr_idinfo_exists(h, kind, id) ? id : -1;
    };
    ids.end = id_of("END", BCF_HL_INFO);
    ids.gt = id_of("GT", BCF_HL_FMT);
    ids.gq = id_of("GQ", BCF_HL_FMT);
    ids.dp = id_of("DP", BCF_HL_FMT);
    ids.min_dp = id_of("MIN_DP", BCF_HL_FMT);
    ids.ps = id_of("PS", BCF_HL_FMT);
    ids.ad = id_of("AD", BCF_HL_FMT);
    ids.info.clear();
    for (const auto& key : options.info_keys) {
        const int id = id_of(key.c_str(), BCF_HL_INFO);
        if (id < 0) continue;
        const int vl = bcf_hdr_id2length(h, BCF_HL_INFO, id);
        const char number = vl == BCF_VL_A     ? 'A'
                            : vl == BCF_VL_R   ? 'R'
                            : vl == BCF_VL_G   ? 'G'
                            : vl == BCF_VL_VAR ? '.'
                                               : '1';
        ids.info.push_back({key, id, bcf_hdr_id2type(h, BCF_HL_INFO, id), number});
    }
}

namespace {

// One value of a BCF typed array as int32, with htslib's int32 missing/vector-end sentinels.
std::int32_t typed_int(const std::uint8_t* p, int type, int i) {
    switch (type) {
        case BCF_BT_INT8: {
            const auto v = reinterpret_cast<const std::int8_t*>(p)[i];
            return v == bcf_int8_missing      ? bcf_int32_missing
                   : v == bcf_int8_vector_end ? bcf_int32_vector_end
                                              : v;
        }
        case BCF_BT_INT16: {
            std::int16_t v;
            std::memcpy(&v, p + 2 * i, 2);
            return v == bcf_int16_missing      ? bcf_int32_missing
                   : v == bcf_int16_vector_end ? bcf_int32_vector_end
                                               : v;
        }
        case BCF_BT_INT32: {
            std::int32_t v;
            std::memcpy(&v, p + 4 * i, 4);
            return v;
        }
        default:
            return bcf_int32_missing;
    }
}

float typed_float(const std::uint8_t* p, int i) {
    float v;
    std::memcpy(&v, p + 4 * i, 4);
    return v;
}

bool is_int_type(int type) {
    return type == BCF_BT_INT8 || type == BCF_BT_INT16 || type == BCF_BT_INT32;
}

// First value of a FORMAT field for the one sample, rounded if it is a Float.
std::optional<int> first_int(const bcf_fmt_t* f) {
    if (f == nullptr || f->n < 1) return std::nullopt;
    if (f->type == BCF_BT_FLOAT) {
        const float v = typed_float(f->p, 0);
        if (bcf_float_is_missing(v) || bcf_float_is_vector_end(v)) return std::nullopt;
        return static_cast<int>(v + 0.5F);
    }
    if (!is_int_type(f->type)) return std::nullopt;
    const std::int32_t v = typed_int(f->p, f->type, 0);
    if (v == bcf_int32_missing || v == bcf_int32_vector_end) return std::nullopt;
    return v;
}

std::string typed_string(const std::uint8_t* p, int len) {
    const auto* c = reinterpret_cast<const char*>(p);
    return std::string(c, strnlen(c, static_cast<std::size_t>(len)));
}

}  // namespace

// GT of the selected sample (sample 0 of the subset header); resets the other FORMAT fields.
void VcfReader::Impl::decode_genotype(SampleFormat& s) {
    bcf1_t* r = rec.get();
    s = SampleFormat{};
    if (r->n_sample < 1 || ids.gt < 0) return;
    const bcf_fmt_t* f = bcf_get_fmt_id(r, ids.gt);
    if (f == nullptr || !is_int_type(f->type)) return;
    bool all_phased = true;
    for (int i = 0; i < f->n; ++i) {
        const std::int32_t v = typed_int(f->p, f->type, i);
        if (v == bcf_int32_vector_end) break;
        s.alleles.push_back(v == bcf_int32_missing || bcf_gt_is_missing(v) ? -1 : bcf_gt_allele(v));
        if (i > 0 && !bcf_gt_is_phased(v)) all_phased = false;
    }
    s.phased = s.alleles.size() > 1 && all_phased;
}

void VcfReader::Impl::decode(VcfRecord& out) {
    bcf1_t* r = rec.get();
    bcf_hdr_t* h = hdr.get();
    if (r->rid != decoded_rid) {
        decoded_rid = r->rid;
        const char* name = bcf_seqname_safe(h, r);
        const auto canon = canonical_contig(name);
        decoded_chrom = canon ? *canon : name;
    }
    // A BCF record outside `decode_fully` is wanted for its genotype only (text records take
    // that path before htslib parses them, in try_genotype_only): skip INFO and FILTER.
    const bool gt_only = is_bcf && decode_fully &&
                         !decode_fully->overlaps(decoded_chrom, r->pos + 1,
                                                 r->pos + std::max<std::int64_t>(1, r->rlen));
    bcf_unpack(r, gt_only ? BCF_UN_STR | BCF_UN_FMT : BCF_UN_ALL);
    out.genotype_only = gt_only;
    if (!gt_only) ++decoded;
    out.chrom = decoded_chrom;
    out.pos = r->pos + 1;
    out.line = is_bcf || mode == AccessMode::indexed ? 0 : line_no;
    out.ref = r->n_allele > 0 ? r->d.allele[0] : "";
    out.alts.resize(r->n_allele > 0 ? r->n_allele - 1 : 0);
    for (int i = 1; i < r->n_allele; ++i)
        out.alts[i - 1] = r->d.allele[i];
    out.filters.clear();
    out.end.reset();
    out.info.clear();
    if (gt_only) {
        out.alts.clear();
        decode_genotype(out.sample);
        return;
    }
    for (int i = 0; i < r->d.n_flt; ++i)
        out.filters.emplace_back(bcf_hdr_int2id(h, BCF_DT_ID, r->d.flt[i]));
    if (ids.end >= 0) {
        const bcf_info_t* inf = bcf_get_info_id(r, ids.end);
        if (inf != nullptr && inf->len >= 1 && is_int_type(inf->type)) {
            const std::int32_t v = typed_int(inf->vptr, inf->type, 0);
            if (v != bcf_int32_missing && v != bcf_int32_vector_end) out.end = v;
        }
    }

    // INFO keys the caller asked for, as text, with the header's Number.
    for (const auto& k : ids.info) {
        const bcf_info_t* inf = bcf_get_info_id(r, k.id);
        if (inf == nullptr || inf->vptr == nullptr) continue;
        std::string value;
        if (k.type == BCF_HT_FLAG) {
            // present: an empty value
        } else if (inf->type == BCF_BT_CHAR) {
            value = typed_string(inf->vptr, inf->len);
        } else if (inf->type == BCF_BT_FLOAT) {
            for (int i = 0; i < inf->len; ++i) {
                const float v = typed_float(inf->vptr, i);
                if (bcf_float_is_vector_end(v)) break;
                if (i) value += ',';
                if (bcf_float_is_missing(v)) {
                    value += '.';
                } else {
                    char buf[32];
                    std::snprintf(buf, sizeof buf, "%g", static_cast<double>(v));
                    value += buf;
                }
            }
        } else if (is_int_type(inf->type)) {
            for (int i = 0; i < inf->len; ++i) {
                const std::int32_t v = typed_int(inf->vptr, inf->type, i);
                if (v == bcf_int32_vector_end) break;
                if (i) value += ',';
                value += v == bcf_int32_missing ? "." : std::to_string(v);
            }
        } else {
            continue;
        }
        out.info.push_back({k.key, std::move(value), k.number});
    }

    // FORMAT for the one selected sample (the header was subset to it, so it is sample 0).
    SampleFormat& s = out.sample;
    decode_genotype(s);
    if (r->n_sample < 1) return;
    auto fmt = [r](int id) -> const bcf_fmt_t* { return id < 0 ? nullptr : bcf_get_fmt_id(r, id); };
    s.gq = first_int(fmt(ids.gq));
    s.dp = first_int(fmt(ids.dp));
    s.min_dp = first_int(fmt(ids.min_dp));
    if (const bcf_fmt_t* f = fmt(ids.ps); f != nullptr) {
        if (f->type == BCF_BT_CHAR) {
            const std::string ps = typed_string(f->p, f->n);
            if (!ps.empty() && ps != ".") s.phase_set = fnv1a(ps.c_str());
        } else {
            s.phase_set = first_int(f);
        }
    }
    if (const bcf_fmt_t* f = fmt(ids.ad); f != nullptr && is_int_type(f->type)) {
        for (int i = 0; i < f->n; ++i) {
            const std::int32_t v = typed_int(f->p, f->type, i);
            if (v == bcf_int32_vector_end) break;
            s.ad.push_back(v == bcf_int32_missing ? -1 : v);
        }
    }
}

VcfReader::VcfReader(const std::string& path, VcfOpenOptions options)
    : impl_(std::make_unique<Impl>()) {
    impl_->path = path;
    impl_->options = std::move(options);
    impl_->open();
}

VcfReader::~VcfReader() = default;

const std::vector<std::string>& VcfReader::samples_in_file() const {
    return impl_->all_samples;
}
const std::string& VcfReader::sample() const {
    return impl_->sample;
}
const BuildCheck& VcfReader::build_check() const {
    return impl_->build;
}

std::optional<std::string> VcfReader::info_description(const std::string& key) const {
    bcf_hrec_t* hrec = bcf_hdr_get_hrec(impl_->hdr.get(), BCF_HL_INFO, "ID", key.c_str(), nullptr);
    if (hrec == nullptr) return std::nullopt;
    const int k = bcf_hrec_find_key(hrec, "Description");
    if (k < 0) return std::nullopt;
    std::string d = hrec->vals[k];
    if (d.size() >= 2 && d.front() == '"' && d.back() == '"') d = d.substr(1, d.size() - 2);
    return d;
}

bool VcfReader::has_info(const std::string& key) const {
    const int id = bcf_hdr_id2int(impl_->hdr.get(), BCF_DT_ID, key.c_str());
    return id >= 0 && bcf_hdr_idinfo_exists(impl_->hdr.get(), BCF_HL_INFO, id);
}

bool VcfReader::has_format(const std::string& key) const {
    const int id = bcf_hdr_id2int(impl_->hdr.get(), BCF_DT_ID, key.c_str());
    return id >= 0 && bcf_hdr_idinfo_exists(impl_->hdr.get(), BCF_HL_FMT, id);
}

void VcfReader::restrict_to(const RegionSet& regions, std::optional<RegionSet> decode_fully) {
    impl_->decode_fully = std::move(decode_fully);
    impl_->restricted = true;
    impl_->regions = regions;
    impl_->precheck.emplace(&impl_->regions);
    impl_->mode = impl_->has_index ? AccessMode::indexed : AccessMode::streaming;
}

AccessMode VcfReader::access_mode() const {
    return impl_->mode;
}

ReadStatus VcfReader::next(VcfRecord& out) {
    const bool got = impl_->restricted && impl_->mode == AccessMode::indexed
                         ? impl_->next_indexed()
                         : impl_->next_streaming();
    if (!got) return ReadStatus::end_of_file;
    if (impl_->genotype_only_ready) {
        impl_->genotype_only_ready = false;
        std::swap(out, impl_->genotype_only);
        return ReadStatus::ok;
    }
    impl_->decode(out);
    return ReadStatus::ok;
}

std::uint64_t VcfReader::records_seen() const {
    return impl_->seen;
}
std::uint64_t VcfReader::records_decoded() const {
    return impl_->decoded;
}

std::vector<std::string> VcfReader::list_samples(const std::string& path) {
    if (!std::filesystem::exists(path))
        throw InputError({path}, "file not found", "check the path");
    hts::File fp(hts_open(path.c_str(), "r"));
    if (!fp) throw InputError({path}, "cannot open file", "check that it is readable");
    hts::VcfHeader hdr(bcf_hdr_read(fp.get()));
    if (!hdr) throw InputError({path}, "cannot read the VCF header", hint_for_format());
    std::vector<std::string> out;
    for (int i = 0; i < bcf_hdr_nsamples(hdr.get()); ++i)
        out.emplace_back(hdr->samples[i]);
    return out;
}

void quiet_htslib_logging() {
    hts_set_log_level(HTS_LOG_OFF);
}

}  // namespace nbs

namespace nbs {

std::vector<InfoDeclaration> VcfReader::info_declarations() const {
    std::vector<InfoDeclaration> out;
    const bcf_hdr_t* h = impl_->hdr.get();
    for (int i = 0; i < h->nhrec; ++i) {
        const bcf_hrec_t* hrec = h->hrec[i];
        if (hrec->type != BCF_HL_INFO) continue;
        InfoDeclaration d;
        for (int k = 0; k < hrec->nkeys; ++k) {
            const std::string key = hrec->keys[k];
            std::string val = hrec->vals[k] != nullptr ? hrec->vals[k] : "";
            if (val.size() >= 2 && val.front() == '"' && val.back() == '"')
                val = val.substr(1, val.size() - 2);
            if (key == "ID")
                d.key = val;
            else if (key == "Number")
                d.number = val == "A" || val == "R" || val == "G" || val == "." ? val[0] : '1';
            else if (key == "Type")
                d.type = val;
            else if (key == "Description")
                d.description = val;
        }
        if (!d.key.empty()) out.push_back(std::move(d));
    }
    return out;
}

void VcfReader::add_info_keys(const std::vector<std::string>& keys) {
    for (const auto& k : keys)
        if (std::find(impl_->options.info_keys.begin(), impl_->options.info_keys.end(), k) ==
            impl_->options.info_keys.end())
            impl_->options.info_keys.push_back(k);
    impl_->resolve_ids();
}

}  // namespace nbs
