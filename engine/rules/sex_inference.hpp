#pragma once
// Sex karyotype from the VCF: heterozygosity on chrX outside the PARs, and calls on chrY outside
// the PARs. Only fixed windows are read (not the whole of chrX), so indexed screening stays cheap.
//
// Worked example: 412 chrX non-PAR calls of which 158 heterozygous (ratio 0.38 -> two X), and 0
// chrY non-PAR calls -> XX. 390 chrX calls, 2 heterozygous (0.005 -> one X), 57 chrY calls -> XY.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/karyotype.hpp"
#include "engine/core/region.hpp"
#include "engine/core/variant.hpp"

namespace nbs {

/// The windows read for sex inference: fifteen 1 Mb windows along chrX non-PAR and chrY non-PAR.
[[nodiscard]] std::vector<Region> sex_inference_regions();

struct SexEvidence {
    std::uint64_t x_nonpar_calls = 0;   // non-missing calls carrying an ALT
    std::uint64_t x_nonpar_het = 0;     // two different alleles
    std::uint64_t y_nonpar_calls = 0;   // non-missing calls carrying an ALT
    std::uint64_t x_haploid_calls = 0;  // calls written with one allele ("1")

    void add(const VcfRecord& rec);
    [[nodiscard]] std::optional<double> x_het_ratio() const;
};

struct SexInference {
    Karyotype karyotype = Karyotype::unknown;
    std::string reason;  // how it was decided, or why it could not be
};

/// Minimum chrX non-PAR calls for a call on the number of X chromosomes.
inline constexpr std::uint64_t kMinXCalls = 20;

[[nodiscard]] SexInference infer_karyotype(const SexEvidence& e);

}  // namespace nbs
