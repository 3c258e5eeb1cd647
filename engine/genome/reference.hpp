#pragma once
// Slices of reference sequence: the bases a panel carries for its genes (each gene ± padding),
// so normalisation and REF checks need no whole-genome FASTA at screening time.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/region.hpp"

namespace nbs {

struct SequenceSlice {
    std::string name;        // what the slice is for, e.g. the gene symbol
    std::string chrom;       // canonical
    std::int64_t start = 0;  // 1-based position of bases[0]
    std::string bases;       // upper-case A, C, G, T, N

    [[nodiscard]] std::int64_t end() const {
        return start + static_cast<std::int64_t>(bases.size()) - 1;
    }
    [[nodiscard]] Region region() const { return {chrom, start, end()}; }
};

/// A set of slices, possibly overlapping (two genes close together). Lookups answer from any
/// one slice that covers the whole range asked for; overlapping slices hold the same bases
/// because they are cut from one FASTA (whose SHA-256 the knowledge records).
class ReferenceSlices {
  public:
    void add(SequenceSlice slice);
    [[nodiscard]] const std::vector<SequenceSlice>& slices() const { return slices_; }
    [[nodiscard]] bool empty() const { return slices_.empty(); }

    /// The bases chrom:start-end (1-based, inclusive), or nullopt when no one slice covers them.
    [[nodiscard]] std::optional<std::string_view> bases(const std::string& chrom,
                                                        std::int64_t start, std::int64_t end) const;
    [[nodiscard]] std::optional<char> base(const std::string& chrom, std::int64_t pos) const;
    /// The slice covering chrom:start-end, if any.
    [[nodiscard]] const SequenceSlice* covering(const std::string& chrom, std::int64_t start,
                                                std::int64_t end) const;

  private:
    std::vector<SequenceSlice> slices_;  // few (one per gene): a linear scan is fast enough
};

}  // namespace nbs
