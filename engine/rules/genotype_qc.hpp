#pragma once
// Genotype quality gates from the panel's thresholds: FILTER, GQ, DP and allele balance from AD.
// A qualifying allele that fails is reported as "failed genotype QC" with its numbers; it never
// makes a finding and is never silently dropped.
#include <string>
#include <vector>

#include "engine/core/variant.hpp"
#include "engine/panel/panel.hpp"

namespace nbs {

struct GenotypeQc {
    bool pass = true;
    std::vector<std::string> failures;     // e.g. "GQ 12 < 20"
    std::vector<std::string> not_checked;  // fields the input does not carry, e.g. "AD"
};

/// Homozygous (or hemizygous) when every called allele is this ALT; otherwise heterozygous.
[[nodiscard]] bool is_homozygous_call(const AlleleCall& call);

[[nodiscard]] GenotypeQc check_genotype(const AlleleCall& call, const Thresholds& th);

}  // namespace nbs
