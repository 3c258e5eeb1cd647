#include "engine/genome/reference.hpp"

namespace nbs {

void ReferenceSlices::add(SequenceSlice slice) {
    slices_.push_back(std::move(slice));
}

const SequenceSlice* ReferenceSlices::covering(const std::string& chrom, std::int64_t start,
                                               std::int64_t end) const {
    if (end < start) end = start;  // an empty range still needs its position covered
    for (const auto& s : slices_)
        if (s.chrom == chrom && start >= s.start && end <= s.end()) return &s;
    return nullptr;
}

std::optional<std::string_view> ReferenceSlices::bases(const std::string& chrom, std::int64_t start,
                                                       std::int64_t end) const {
    const SequenceSlice* s = covering(chrom, start, end);
    if (s == nullptr || end < start) return std::nullopt;
    return std::string_view(s->bases).substr(static_cast<std::size_t>(start - s->start),
                                             static_cast<std::size_t>(end - start + 1));
}

std::optional<char> ReferenceSlices::base(const std::string& chrom, std::int64_t pos) const {
    const auto b = bases(chrom, pos, pos);
    if (!b) return std::nullopt;
    return (*b)[0];
}

}  // namespace nbs
