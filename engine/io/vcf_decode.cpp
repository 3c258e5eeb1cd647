// Decoding for VcfReader: htslib records (and, for genotype-only reads, text lines) into
// VcfRecord for the one chosen sample.
#include <htslib/vcf.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "engine/core/input_error.hpp"
#include "engine/core/sample_id.hpp"
#include "engine/genome/contig.hpp"
#include "engine/io/vcf_reader_impl.hpp"

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

// REF and ALT bases are case-insensitive in VCF ("a" is "A"), but the engine compares alleles as
// strings, so they are upper-cased on the way in. Symbolic alleles (<DEL>) and breakends
// (G]chr2:100]) are left as written: their contig names and ids are not bases.
void upper_bases(std::string& allele) {
    if (allele.empty() || allele.front() == '<' || allele.find_first_of("[]") != std::string::npos)
        return;
    for (char& c : allele)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
}

// GT from the start of a sample column of a text line into s.alleles/s.phased; false when the
// value is not one the fast reader takes ("0.5", ".1", "1." or other characters): htslib's
// parser judges such a line.
bool parse_gt_text(const char* q, const char* end, SampleFormat& s, int overflow) {
    s = SampleFormat{};
    bool phased = true;
    int allele = -2;  // -2: no digit or '.' yet in this allele
    for (; q < end && *q != ':' && *q != '\t'; ++q) {
        // "0.5", ".1" or "1." is no genotype: htslib's parser refuses such a line, so leave it
        // to that parser rather than read it here as a no-call.
        if ((*q == '.' && allele != -2) || (*q >= '0' && *q <= '9' && allele == -1)) return false;
        if (*q >= '0' && *q <= '9') {
            // Saturates instead of overflowing int (undefined behaviour, found by
            // fuzz_vcf_genotype_only): any index this large is refused below.
            allele =
                allele >= overflow / 10 ? overflow : (allele < 0 ? 0 : allele) * 10 + (*q - '0');
        } else if (*q == '.') {
            allele = -1;
        } else if (*q == '/' || *q == '|') {
            if (*q == '/') phased = false;
            s.alleles.push_back(allele == -2 ? -1 : allele);
            allele = -2;
        } else {
            return false;
        }
    }
    s.alleles.push_back(allele == -2 ? -1 : allele);
    s.phased = s.alleles.size() > 1 && phased;
    return true;
}

}  // namespace

// Reads CHROM, POS, REF and the chosen sample's GT straight from the text line when the record
// lies outside `decode_fully`. FORMAT must start with GT (the VCF specification requires it
// when present); otherwise the record is left to the full parser.
bool VcfReader::Impl::try_genotype_only(const char* s, std::size_t len, std::uint64_t l) {
    if (!decode_fully) return false;
    const char* end = s + len;
    const char* col[10] = {};  // starts of CHROM..the first sample column
    // A cohort read finds its columns from the first sample column on.
    const std::size_t want_col = 9 + (cohort ? 0 : sample_column);
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
    // htslib's parser stops at a NUL byte and would read the line as cut short there; leave such
    // a line to check_columns, which refuses it, so both paths give the same outcome.
    if (std::memchr(s, '\0', len) != nullptr) return false;
    const std::string_view raw_chrom(s, static_cast<std::size_t>(col[1] - s - 1));
    if (raw_chrom != gto_raw_chrom) {
        gto_raw_chrom.assign(raw_chrom);
        const auto canon = canonical_contig(raw_chrom);
        gto_canon = canon ? *canon : std::string();
    }
    if (gto_canon.empty()) return false;
    // POS saturates instead of overflowing (undefined behaviour); the precheck refuses such a
    // POS, and here it is left to htslib.
    constexpr std::int64_t kPosTooLarge = std::int64_t{1} << 40;
    std::int64_t pos = 0;
    for (const char* q = col[1]; q < end && *q >= '0' && *q <= '9'; ++q)
        if (pos < kPosTooLarge) pos = pos * 10 + (*q - '0');
    if (pos >= kPosTooLarge) return false;
    // An empty REF column is left to htslib, which reads it as '.'; here it would have made REF
    // the tab after it (found by fuzz_vcf_genotype_only).
    const std::int64_t ref_len = col[4] - col[3] - 1;
    if (ref_len < 1) return false;
    if (decode_fully->overlaps(gto_canon, pos, pos + ref_len - 1)) return false;
    // A symbolic deletion reaches past POS to its INFO/END, maybe into a gene: decoded in full
    // (docs/rules.md 2g).
    if (std::string_view(col[4], static_cast<std::size_t>(col[5] - col[4])).find("<DEL") !=
        std::string_view::npos)
        return false;
    if (!(format_start[0] == 'G' && format_start[1] == 'T' &&
          (format_start[2] == ':' || format_start[2] == '\t')))
        return false;
    VcfRecord& out = genotype_only;
    out.chrom = gto_canon;
    out.pos = pos;
    out.ref.assign(col[3], static_cast<std::size_t>(ref_len));
    upper_bases(out.ref);
    out.alts.clear();
    out.filters.clear();
    out.info.clear();
    out.end.reset();
    out.line = l;
    out.genotype_only = true;
    out.sample = SampleFormat{};
    // REF plus the ALTs: '.' is none, otherwise one more than its commas.
    const std::string_view alt(col[4], static_cast<std::size_t>(col[5] - col[4] - 1));
    const int n_alleles =
        1 + (alt == "." ? 0 : 1 + static_cast<int>(std::count(alt.begin(), alt.end(), ',')));
    if (cohort) {
        // One scan for the starts of the sample columns up to the last one asked for.
        cohort_starts.clear();
        for (const char* p = sample_start;;) {
            cohort_starts.push_back(p);
            if (cohort_starts.size() > cohort_last_column) break;
            const void* tab = std::memchr(p, '\t', static_cast<std::size_t>(end - p));
            if (tab == nullptr) break;
            p = static_cast<const char*>(tab) + 1;
        }
        out.cohort.resize(cohort_column.size());
        for (std::size_t k = 0; k < cohort_column.size(); ++k) {
            const std::size_t c = cohort_column[k];
            if (c >= cohort_starts.size() ||
                !parse_gt_text(cohort_starts[c], end, out.cohort[k], kGtOverflow))
                throw CohortReadUnsupported("a genotype column the fast reader does not read");
            check_alleles_in_range(out.cohort[k].alleles, n_alleles, out.chrom, out.pos, l);
        }
        genotype_only_ready = true;
        return true;
    }
    if (!parse_gt_text(sample_start, end, out.sample, kGtOverflow)) {
        genotype_only_ready = false;  // not a GT value: let htslib's parser judge the line
        return false;
    }
    check_alleles_in_range(out.sample.alleles, n_alleles, out.chrom, out.pos, l);
    genotype_only_ready = true;
    return true;
}

namespace {
// "chr1:12345" from the start of a text record, for messages.
std::string text_locus(const char* s, std::size_t len) {
    std::string locus(s, std::min<std::size_t>(len, 40));
    if (const auto tab = locus.find('\t', locus.find('\t') + 1); tab != std::string::npos)
        locus.resize(tab);
    for (char& c : locus)
        if (c == '\t') c = ':';
    return locus;
}
}  // namespace

void VcfReader::Impl::check_columns(std::uint64_t l) const {
    // htslib parses a text record as a C string and sees nothing after a NUL byte: "chr1 7 . A C
    // <NUL> ... GT 0/1" would be read as a record without FORMAT, the call silently lost (found
    // by fuzz_vcf_genotype_only).
    if (const void* nul = std::memchr(line.s, '\0', line.l); nul != nullptr) {
        const auto at = static_cast<std::size_t>(static_cast<const char*>(nul) - line.s);
        throw InputError(where(l, printable(text_locus(line.s, at))),
                         "record contains a NUL byte (in column " +
                             std::to_string(count_columns(line.s, at)) + ")",
                         "a VCF is text; the file is damaged or not a VCF (check it with "
                         "'bcftools view')");
    }
    const std::size_t want = 9 + all_samples.size();
    const std::size_t have = count_columns(line.s, line.l);
    if (have != want) {
        throw InputError(
            where(l, printable(text_locus(line.s, line.l))),
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
        ids.info.push_back(
            {key, id, static_cast<int>(bcf_hdr_id2type(h, BCF_HL_INFO, id)), number});
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

// First value of a FORMAT field for the record's sample `slot`, rounded if it is a Float.
std::optional<int> first_int(const bcf_fmt_t* f, int slot) {
    if (f == nullptr || f->n < 1) return std::nullopt;
    const std::uint8_t* p = f->p + static_cast<std::size_t>(slot) * f->size;
    if (f->type == BCF_BT_FLOAT) {
        const float v = typed_float(p, 0);
        if (bcf_float_is_missing(v) || bcf_float_is_vector_end(v)) return std::nullopt;
        return static_cast<int>(v + 0.5F);
    }
    if (!is_int_type(f->type)) return std::nullopt;
    const std::int32_t v = typed_int(p, f->type, 0);
    if (v == bcf_int32_missing || v == bcf_int32_vector_end) return std::nullopt;
    return v;
}

std::string typed_string(const std::uint8_t* p, int len) {
    const auto* c = reinterpret_cast<const char*>(p);
    return std::string(c, strnlen(c, static_cast<std::size_t>(len)));
}

}  // namespace

// GT of the record's sample `slot` (0 for the one selected sample of the subset header); resets
// the other FORMAT fields.
void VcfReader::Impl::decode_genotype(SampleFormat& s, int slot) {
    bcf1_t* r = rec.get();
    s = SampleFormat{};
    if (static_cast<int>(r->n_sample) <= slot || ids.gt < 0) return;
    const bcf_fmt_t* f = bcf_get_fmt_id(r, ids.gt);
    if (f == nullptr || !is_int_type(f->type)) return;
    const std::uint8_t* p = f->p + static_cast<std::size_t>(slot) * f->size;
    bool all_phased = true;
    for (int i = 0; i < f->n; ++i) {
        const std::int32_t v = typed_int(p, f->type, i);
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
    upper_bases(out.ref);
    out.alts.resize(r->n_allele > 0 ? r->n_allele - 1 : 0);
    for (int i = 1; i < r->n_allele; ++i) {
        out.alts[i - 1] = r->d.allele[i];
        upper_bases(out.alts[i - 1]);
    }
    out.filters.clear();
    out.end.reset();
    out.info.clear();
    if (gt_only) {
        out.alts.clear();
        if (cohort) {
            out.sample = SampleFormat{};
            out.cohort.resize(cohort_slot.size());
            for (std::size_t k = 0; k < cohort_slot.size(); ++k) {
                decode_genotype(out.cohort[k], cohort_slot[k]);
                check_alleles_in_range(out.cohort[k].alleles, r->n_allele, out.chrom, out.pos,
                                       out.line);
            }
            return;
        }
        decode_genotype(out.sample);
        check_alleles_in_range(out.sample.alleles, r->n_allele, out.chrom, out.pos, out.line);
        return;
    }
    if (!dummy_annotation_ids.empty())
        refuse_dummy_annotation_keys(out.line, out.chrom + ":" + std::to_string(out.pos));
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

    // FORMAT for the one selected sample (the header was subset to it, so it is sample 0), or for
    // each sample of a cohort read.
    if (cohort) {
        out.sample = SampleFormat{};
        out.cohort.resize(cohort_slot.size());
        for (std::size_t k = 0; k < cohort_slot.size(); ++k)
            decode_format(out.cohort[k], cohort_slot[k], out);
        return;
    }
    decode_format(out.sample, 0, out);
}

void VcfReader::Impl::decode_format(SampleFormat& s, int slot, const VcfRecord& out) {
    bcf1_t* r = rec.get();
    decode_genotype(s, slot);
    check_alleles_in_range(s.alleles, r->n_allele, out.chrom, out.pos, out.line);
    if (static_cast<int>(r->n_sample) <= slot) return;
    // The values of sample `slot` of a FORMAT field (each sample has f->size bytes).
    auto fmt = [r](int id) -> const bcf_fmt_t* { return id < 0 ? nullptr : bcf_get_fmt_id(r, id); };
    auto at = [slot](const bcf_fmt_t* f) {
        return f->p + static_cast<std::size_t>(slot) * f->size;
    };
    s.gq = first_int(fmt(ids.gq), slot);
    s.dp = first_int(fmt(ids.dp), slot);
    s.min_dp = first_int(fmt(ids.min_dp), slot);
    if (const bcf_fmt_t* f = fmt(ids.ps); f != nullptr) {
        if (f->type == BCF_BT_CHAR) {
            const std::string ps = typed_string(at(f), f->n);
            if (!ps.empty() && ps != ".") s.phase_set = fnv1a(ps.c_str());
        } else {
            s.phase_set = first_int(f, slot);
        }
    }
    if (const bcf_fmt_t* f = fmt(ids.ad); f != nullptr && is_int_type(f->type)) {
        const std::uint8_t* p = at(f);
        for (int i = 0; i < f->n; ++i) {
            const std::int32_t v = typed_int(p, f->type, i);
            if (v == bcf_int32_vector_end) break;
            s.ad.push_back(v == bcf_int32_missing ? -1 : v);
        }
    }
}

}  // namespace nbs
