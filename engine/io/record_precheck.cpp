#include "engine/io/record_precheck.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <bit>
#include <cstring>
#include <optional>
#include <string_view>

#include "engine/core/input_error.hpp"
#include "engine/core/sample_id.hpp"
#include "engine/genome/contig.hpp"

namespace nbs {
namespace {

// The last base of a symbolic deletion from the columns REF onwards of a text line: INFO/END,
// else POS + |SVLEN| (VCF 4.3 section 3); nullopt for a record whose ALT has no <DEL.
std::optional<std::int64_t> symbolic_deletion_end(std::int64_t pos, std::string_view rest) {
    std::string_view cols[5];  // REF ALT QUAL FILTER INFO
    for (int i = 0; i < 5; ++i) {
        const auto tab = rest.find('\t');
        cols[i] = rest.substr(0, tab);
        rest = tab == std::string_view::npos ? std::string_view() : rest.substr(tab + 1);
        if (i == 1 && cols[1].find("<DEL") == std::string_view::npos) return std::nullopt;
    }
    auto number = [&](std::string_view key) -> std::optional<std::int64_t> {
        const std::string_view info = cols[4];
        for (std::size_t at = 0; at < info.size();) {
            const auto semi = std::min(info.find(';', at), info.size());
            const std::string_view item = info.substr(at, semi - at);
            if (item.size() > key.size() && item.substr(0, key.size()) == key) {
                std::int64_t v = 0;
                bool neg = false;
                std::size_t i = key.size();
                if (i < item.size() && item[i] == '-') {
                    neg = true;
                    ++i;
                }
                for (; i < item.size() && item[i] >= '0' && item[i] <= '9' && v < (1LL << 40); ++i)
                    v = v * 10 + (item[i] - '0');
                return neg ? -v : v;
            }
            at = semi + 1;
        }
        return std::nullopt;
    };
    if (const auto e = number("END=")) return *e;
    if (const auto len = number("SVLEN=")) return pos + (*len < 0 ? -*len : *len);
    return std::nullopt;
}

// The first 32 bytes of a line as bit masks (bit i: byte i): its tabs, its digits and its '<'.
// Nearly every line of a genome has CHROM, POS, ID, REF and ALT in its first 32 bytes
// ("chr1\t123456789\t.\tA\tG\t" is 21), so one look finds their tabs and checks POS's digits
// without a branch per byte. false: no SSE2, or a line shorter than 32 bytes (the byte loops
// below read those).
struct LineWindow {
    std::uint32_t tabs = 0, digits = 0, lt = 0;
};

bool load_window(const char* s, const char* end, LineWindow& w) {
#if defined(__SSE2__)
    if (end - s < 32) return false;
    const __m128i lo = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s));
    const __m128i hi = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + 16));
    const auto bits = [&](auto&& match) {
        return static_cast<std::uint32_t>(_mm_movemask_epi8(match(lo))) |
               static_cast<std::uint32_t>(_mm_movemask_epi8(match(hi))) << 16;
    };
    // Signed compares: a byte >= 0x80 is negative, so never a digit.
    w.tabs = bits([](__m128i v) { return _mm_cmpeq_epi8(v, _mm_set1_epi8('\t')); });
    w.digits = bits([](__m128i v) {
        return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
                             _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
    });
    w.lt = bits([](__m128i v) { return _mm_cmpeq_epi8(v, _mm_set1_epi8('<')); });
    return true;
#else
    (void)s, (void)end, (void)w;
    return false;
#endif
}

// Bits first..last-1 set (first <= last <= 32).
constexpr std::uint32_t bit_range(unsigned first, unsigned last) {
    return last - first >= 32 ? ~0U : ((1U << (last - first)) - 1U) << first;
}

// What wanted_line needs of a line's first columns: where CHROM, POS and ID end, POS's value, and
// whether ALT holds a '<' (-1: not looked at yet).
struct LeadColumns {
    const char* chrom_end;
    const char* pos_end;
    const char* id_end;  // null: the line ends in ID
    std::int64_t pos;
    int alt_has_lt;
};

// The value of 8 decimal digits packed in a word, the first (most significant) in its lowest
// byte, each already minus '0': pairs, then quads, then the whole, by three multiplies.
constexpr std::uint64_t eight_digits(std::uint64_t w) {
    w = w * 10 + (w >> 8);
    return (((w & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32))) +
            (((w >> 16) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32)))) >>
           32;
}
static_assert(eight_digits(0x0807060504030201ULL) == 12345678);

// POS from `n` (1-10) bytes at `d` already known to be digits, with 8 more bytes readable after
// them. The digits beyond the field are shifted out (the tab's borrow in the subtraction only
// moves towards them).
std::int64_t pos_digits(const char* d, unsigned n) {
    std::uint64_t w = 0;
    std::memcpy(&w, d, sizeof w);
    w -= 0x3030303030303030ULL;
    if (n <= 8) return static_cast<std::int64_t>(eight_digits(w << (8 * (8 - n))));
    auto v = static_cast<std::int64_t>(eight_digits(w));
    for (unsigned i = 8; i < n; ++i)
        v = v * 10 + (d[i] - '0');
    return v;
}

// The next set bit of `t` (the lowest), removed from it; false when none is left.
bool take_bit(std::uint32_t& t, unsigned& at) {
    if (t == 0) return false;
    at = static_cast<unsigned>(std::countr_zero(t));
    t &= t - 1;
    return true;
}

// The columns from the window, when CHROM, POS and ID end inside it and POS is 1-10 digits not
// above kMaxVcfPos; anything else is left to the byte loops and parse_pos_field.
bool lead_columns_from_window(const char* s, const char* end, LeadColumns& c) {
    LineWindow w;
    if (end - s < 48 || !load_window(s, end, w)) return false;  // 48: pos_digits reads past POS
    std::uint32_t t = w.tabs;
    unsigned t1 = 0, t2 = 0, t3 = 0;
    if (!take_bit(t, t1) || !take_bit(t, t2) || !take_bit(t, t3)) return false;
    const unsigned n_digits = t2 - t1 - 1;
    const std::uint32_t field = bit_range(t1 + 1, t2);
    if (n_digits == 0 || n_digits > 10 || (w.digits & field) != field) return false;
    const std::int64_t pos = pos_digits(s + t1 + 1, n_digits);
    if (pos > kMaxVcfPos) return false;
    c.chrom_end = s + t1;
    c.pos_end = s + t2;
    c.id_end = s + t3;
    c.pos = pos;
    c.alt_has_lt = -1;
    unsigned t4 = 0, t5 = 0;
    if (take_bit(t, t4) && take_bit(t, t5))  // REF and ALT end inside the window too
        c.alt_has_lt = (w.lt & bit_range(t4 + 1, t5)) != 0 ? 1 : 0;
    return true;
}

}  // namespace

std::int64_t parse_pos_field(std::string_view line, const std::string& path,
                             std::uint64_t line_no) {
    const std::size_t tab1 = line.find('\t');
    const std::string_view chrom = line.substr(0, tab1);
    const std::size_t start = tab1 == std::string_view::npos ? line.size() : tab1 + 1;
    const std::size_t stop = std::min(line.find('\t', start), line.size());
    const std::string_view field = line.substr(start, stop - start);
    std::int64_t pos = 0;
    bool digits_only = !field.empty() && stop < line.size();
    for (const char c : field) {
        if (c < '0' || c > '9') {
            digits_only = false;
            break;
        }
        // Stop before the value can overflow; anything this long is refused below anyway.
        if (pos <= kMaxVcfPos) pos = pos * 10 + (c - '0');
    }
    if (!digits_only)
        throw InputError({path, line_no, 2, std::string(chrom)},
                         "POS '" + printable(field.substr(0, 40)) + "' is not a number",
                         "every record needs a 1-based position made of digits only; check the "
                         "file was not cut or edited (htslib would read '12345x' as 12345)");
    if (pos > kMaxVcfPos)
        throw InputError({path, line_no, 2, std::string(chrom)},
                         "POS " + std::string(field.substr(0, 40)) +
                             " is larger than any chromosome (at most " +
                             std::to_string(kMaxVcfPos) + ")",
                         "check the file was not corrupted or edited by hand");
    return pos;
}

void check_pos_in_chromosome(std::string_view chrom, std::int64_t pos, const std::string& path,
                             std::uint64_t line_no) {
    const auto len = grch38_length(chrom);
    // N+1 is allowed: the VCF specification writes a telomere at 0 or N+1.
    if (!len || pos <= *len + 1) return;
    throw InputError({path, line_no, 0, std::string(chrom) + ":" + std::to_string(pos)},
                     "POS " + std::to_string(pos) + " lies beyond the end of " +
                         std::string(chrom) + " (" + std::to_string(*len) + " bp in GRCh38)",
                     "the calls cannot be GRCh38 at this position; check the file was not "
                     "corrupted, edited by hand, or made against another reference");
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
    cur_len_ = canon ? grch38_length(cur_canon_).value_or(0) : 0;
    cur_spans_ = nullptr;
    cur_i_ = 0;
    order_pos_ = 0;
    if (!cur_known_) {
        if (other_contigs_seen_.size() < kMaxOtherContigs) other_contigs_seen_.insert(cur_canon_);
        return;
    }
    chromosomes_seen_.insert(cur_canon_);
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

// The first columns of a line from one 32-byte look (lead_columns_from_window), else by byte
// loops: CHROM, POS and ID are short, so either is cheaper than a memchr call for each tab (five
// calls a line before, 12% of a streamed genome's time with the line's own memchr). Anything the
// window and the loop do not accept (no digits, a non-digit, no tab after POS, too large) goes to
// parse_pos_field, which refuses it with its message, so POS is exactly as strict as before.
bool RecordPrecheck::wanted_line(std::string_view line, const std::string& path,
                                 std::uint64_t line_no) {
    const char* s = line.data();
    const char* end = s + line.size();
    LeadColumns c{};
    if (!lead_columns_from_window(s, end, c)) {
        c.chrom_end = s;
        while (c.chrom_end != end && *c.chrom_end != '\t')
            ++c.chrom_end;
        if (c.chrom_end == end) return true;  // let the parser report the malformed line
        const char* tab1 = c.chrom_end;
        const char* p = tab1 + 1;  // ends at the tab after POS
        std::int64_t pos = 0;
        for (; p != end && static_cast<unsigned char>(*p - '0') < 10 && pos <= kMaxVcfPos; ++p)
            pos = pos * 10 + (*p - '0');
        if (p == tab1 + 1 || p == end || *p != '\t' || pos > kMaxVcfPos) {
            pos = parse_pos_field(line, path, line_no);  // throws for every case above
            p = static_cast<const char*>(
                std::memchr(tab1 + 1, '\t', static_cast<std::size_t>(end - tab1 - 1)));
        }
        c.pos_end = p;
        c.pos = pos;
        c.id_end = p + 1;
        while (c.id_end != end && *c.id_end != '\t')
            ++c.id_end;
        if (c.id_end == end) c.id_end = nullptr;
        c.alt_has_lt = -1;
    }
    const std::int64_t pos = c.pos;
    const auto chrom_len = static_cast<std::size_t>(c.chrom_end - s);
    // CHROM is the previous line's on all but a few dozen lines of a genome: a byte compare
    // (CHROM is a few bytes) rather than a memcmp call per line.
    bool same = chrom_len == cur_raw_.size();
    for (std::size_t i = 0; same && i < chrom_len; ++i)
        same = s[i] == cur_raw_[i];
    if (!same) switch_contig(std::string_view(s, chrom_len), path, line_no, pos);
    if (cur_known_) {
        // N+1 is allowed (a telomere); past it, check_pos_in_chromosome says what is wrong.
        if (cur_len_ != 0 && pos > cur_len_ + 1)
            check_pos_in_chromosome(cur_canon_, pos, path, line_no);
        if (pos < order_pos_) check_order(pos, path, line_no);  // throws
        order_pos_ = pos;
    }
    if (!restricted_) return true;
    if (cur_spans_ == nullptr) return false;
    // The record cannot end beyond POS + the rest of the line, since REF is on the line.
    const char* id_tab = c.id_end;
    const auto rest = static_cast<std::size_t>(end - (c.pos_end + 1));
    if (overlaps(pos, pos + static_cast<std::int64_t>(rest),
                 id_tab == nullptr ? nullptr : id_tab + 1, end))
        return true;
    // A symbolic deletion may reach a region far past POS through its END (docs/rules.md 2g).
    // Every record the bound above left out is asked, so ALT is first looked at for a '<' (from
    // the window, else by a byte loop: REF and ALT are a few bytes); only an ALT with one is
    // parsed for "<DEL" and END.
    if (id_tab == nullptr || c.alt_has_lt == 0) return false;
    if (c.alt_has_lt < 0) {
        const char* alt = id_tab + 1;
        while (alt != end && *alt != '\t')
            ++alt;
        if (alt == end) return false;  // no ALT column: not a symbolic deletion
        const char* q = alt + 1;
        while (q != end && *q != '\t' && *q != '<')
            ++q;
        if (q == end || *q != '<') return false;
    }
    const auto sv_end = symbolic_deletion_end(
        pos, std::string_view(id_tab + 1, static_cast<std::size_t>(end - id_tab - 1)));
    return sv_end && overlaps(pos, *sv_end, nullptr, nullptr);
}

bool RecordPrecheck::wanted_record(std::string_view chrom, std::int64_t pos, std::int64_t end,
                                   const std::string& path) {
    if (chrom != cur_raw_) switch_contig(chrom, path, 0, pos);
    if (!cur_known_) return false;  // BCF: records on other contigs are not screened
    check_pos_in_chromosome(cur_canon_, pos, path, 0);
    check_order(pos, path, 0);
    return !restricted_ || overlaps(pos, end, nullptr, nullptr);
}

void RecordPrecheck::carry_contigs_from(const RecordPrecheck& earlier) {
    chromosomes_seen_.insert(earlier.chromosomes_seen_.begin(), earlier.chromosomes_seen_.end());
    for (const auto& c : earlier.other_contigs_seen_)
        if (other_contigs_seen_.size() < kMaxOtherContigs) other_contigs_seen_.insert(c);
}

}  // namespace nbs
