#pragma once
// Small helpers shared by the qualifier's files (qualifier.cpp, qualifier_clinvar.cpp); not part
// of the annotate/ interface.
#include <algorithm>
#include <cstdint>
#include <string_view>

#include "engine/core/variant.hpp"
#include "engine/panel/panel.hpp"

namespace nbs::qualifier_detail {

// Does the allele touch the gene's own span (not the padding, where a neighbouring gene may lie)?
inline bool within_gene_span(const Variant& v, const GeneEntry& gene) {
    const std::int64_t end =
        v.pos + std::max<std::int64_t>(1, static_cast<std::int64_t>(v.ref.size())) - 1;
    return v.chrom == gene.span.chrom && end >= gene.span.start && v.pos <= gene.span.end;
}

inline bool missing(std::string_view v) {
    return v.empty() || v == ".";
}

}  // namespace nbs::qualifier_detail
