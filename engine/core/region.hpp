#pragma once
// Genomic coordinates. Everything in the engine is 1-based and inclusive, as in VCF, the MANE
// summary and the panel TSVs; conversion to 0-based half-open happens only at the htslib and BED
// boundaries.
#include <compare>
#include <cstdint>
#include <string>

namespace nbs {

struct Region {
    std::string chrom;  // canonical name: chr1..chr22, chrX, chrY, chrM
    std::int64_t start = 0;
    std::int64_t end = 0;

    [[nodiscard]] std::int64_t length() const { return end >= start ? end - start + 1 : 0; }
    [[nodiscard]] bool contains(const std::string& c, std::int64_t pos) const {
        return c == chrom && pos >= start && pos <= end;
    }
    [[nodiscard]] bool overlaps(const Region& o) const {
        return o.chrom == chrom && o.start <= end && start <= o.end;
    }
    [[nodiscard]] std::string to_string() const {
        return chrom + ':' + std::to_string(start) + '-' + std::to_string(end);
    }
    auto operator<=>(const Region&) const = default;
};

}  // namespace nbs
