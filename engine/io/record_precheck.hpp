#pragma once
// The streaming pre-check of VcfReader (see RecordPrecheck below); no htslib here.
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/genome/region_set.hpp"

namespace nbs {

/// The streaming pre-check: decides from CHROM, POS and the line length (REF only near a region
/// boundary) whether a text VCF line can overlap the regions, without parsing the rest of it, and
/// checks that records are sorted. Lines must come in file order: a cursor into the current
/// contig's regions only moves forward, so a line costs a memchr, a short compare and a number
/// parse. With no regions (`RecordPrecheck(nullptr)`), every line is wanted; order is still
/// checked.
/// The largest POS nbscreen accepts on any contig: BCF stores POS as a 32-bit integer, so a text
/// file beyond it could not be converted, and no GRCh38 chromosome is that long.
inline constexpr std::int64_t kMaxVcfPos = 2147483647;

/// POS of a text record, strictly: digits only, 1..kMaxVcfPos, the whole field. htslib's parser
/// and its tabix indexer read '12345x' as 12345 and '.' as 0, which would screen the record at a
/// made-up position. `line` is the whole record; \throws InputError naming `path`, `line_no`
/// (0: not known) and CHROM.
[[nodiscard]] std::int64_t parse_pos_field(std::string_view line, const std::string& path,
                                           std::uint64_t line_no);

/// \throws InputError when `pos` lies beyond the GRCh38 length of canonical chromosome `chrom`
/// (nothing for other contigs): no call can lie there, so the file is not what it claims to be.
void check_pos_in_chromosome(std::string_view chrom, std::int64_t pos, const std::string& path,
                             std::uint64_t line_no);

class RecordPrecheck {
  public:
    explicit RecordPrecheck(const RegionSet* regions);

    /// \throws InputError (naming `path`, `line_no` and the locus) for records out of order.
    [[nodiscard]] bool wanted_line(std::string_view line, const std::string& path,
                                   std::uint64_t line_no);
    /// The same for a decoded (BCF) record: `end` is its last base.
    [[nodiscard]] bool wanted_record(std::string_view chrom, std::int64_t pos, std::int64_t end,
                                     const std::string& path);

    /// Canonical chromosomes of every line or record looked at so far, wanted or not.
    [[nodiscard]] const std::set<std::string>& chromosomes_seen() const {
        return chromosomes_seen_;
    }
    /// CHROM values, as written, of the lines or records on no recognised chromosome (alts,
    /// decoys, other builds' accessions); the first kMaxOtherContigs distinct names.
    [[nodiscard]] const std::set<std::string>& other_contigs_seen() const {
        return other_contigs_seen_;
    }
    static constexpr std::size_t kMaxOtherContigs = 20;
    /// Keeps what `earlier` saw, when a new pre-check replaces it (new regions).
    void carry_contigs_from(const RecordPrecheck& earlier);

  private:
    struct Span {
        std::int64_t start, end;
    };
    void switch_contig(std::string_view raw, const std::string& path, std::uint64_t line_no,
                       std::int64_t pos);
    void check_order(std::int64_t pos, const std::string& path, std::uint64_t line_no);
    [[nodiscard]] bool overlaps(std::int64_t pos, std::int64_t max_end, const char* ref,
                                const char* line_end);

    bool restricted_;
    std::unordered_map<std::string, std::vector<Span>> spans_by_contig_;
    std::string cur_raw_;  // CHROM of the previous line, as written
    bool cur_known_ = false;
    std::string cur_canon_;
    // GRCh38 length of the current contig (0: not a GRCh38 chromosome), looked up once per
    // contig: per line it was a table search, 4% of a streamed genome's time.
    std::int64_t cur_len_ = 0;
    const std::vector<Span>* cur_spans_ = nullptr;  // null: nothing to read on this contig
    std::size_t cur_i_ = 0;
    std::set<std::string> finished_;
    std::int64_t order_pos_ = 0;
    std::set<std::string> chromosomes_seen_;
    std::set<std::string> other_contigs_seen_;
};

}  // namespace nbs
