#include "engine/io/record_precheck.hpp"

#include <algorithm>
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

bool RecordPrecheck::wanted_line(std::string_view line, const std::string& path,
                                 std::uint64_t line_no) {
    const char* s = line.data();
    const char* end = s + line.size();
    const char* tab1 = static_cast<const char*>(std::memchr(s, '\t', line.size()));
    if (tab1 == nullptr) return true;  // let the parser report the malformed line
    const std::int64_t pos = parse_pos_field(line, path, line_no);
    const char* p = static_cast<const char*>(
        std::memchr(tab1 + 1, '\t', static_cast<std::size_t>(end - tab1 - 1)));
    const auto chrom_len = static_cast<std::size_t>(tab1 - s);
    if (chrom_len != cur_raw_.size() || std::memcmp(s, cur_raw_.data(), chrom_len) != 0)
        switch_contig(std::string_view(s, chrom_len), path, line_no, pos);
    if (cur_known_) {
        // N+1 is allowed (a telomere); past it, check_pos_in_chromosome says what is wrong.
        if (cur_len_ != 0 && pos > cur_len_ + 1)
            check_pos_in_chromosome(cur_canon_, pos, path, line_no);
        check_order(pos, path, line_no);
    }
    if (!restricted_) return true;
    if (cur_spans_ == nullptr) return false;
    // The record cannot end beyond POS + the rest of the line, since REF is on the line.
    const char* id_field = p + 1;
    const auto rest = static_cast<std::size_t>(end - id_field);
    const char* id_tab = static_cast<const char*>(std::memchr(id_field, '\t', rest));
    if (overlaps(pos, pos + static_cast<std::int64_t>(rest),
                 id_tab == nullptr ? nullptr : id_tab + 1, end))
        return true;
    // A symbolic deletion may reach a region far past POS through its END (docs/rules.md 2g);
    // asked only of records the bound above left out, so the common path costs nothing more.
    if (id_tab == nullptr) return false;
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
