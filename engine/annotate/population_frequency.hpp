#pragma once
// Population frequency of an allele from the gnomAD counts a panel's knowledge embeds
// (docs/rules.md 2e): per source and population, AF = AC/AN, compared with the MOI's ceiling for
// that population ([thresholds] population_af_monoallelic / _biallelic, else max_af_monoallelic
// / max_af_biallelic). The three outcomes are kept apart: observed (with the deciding population),
// absent (a source covers the position and has no record of the allele) and not covered.
#include <cstdint>
#include <optional>
#include <string>

#include "engine/core/variant.hpp"
#include "engine/panel/panel.hpp"

namespace nbs {

struct PopulationFrequency {
    std::string source;  // "gnomAD v4.0 exomes (knowledge)"; several joined with " + "
    std::string status;  // "observed" | "absent" | "not_covered"
    // observed only: the population whose AF is nearest its ceiling (the one that decides),
    // with its counts and ceiling.
    std::optional<double> max_af;
    std::string population;
    std::string population_source;  // the knowledge source kind the counts came from
    std::int64_t ac = 0;
    std::int64_t an = 0;
    double threshold = 0;          // the ceiling for `population` (observed) or the MOI default
    std::string filter;            // the gnomAD record's FILTER (observed)
    bool above_threshold = false;  // AF >= the ceiling in some population: fails the LoF ceiling

    /// "gnomAD v4.0 exomes (knowledge): AF 1.2e-05 in afr (1/80000) < 0.0005" etc.
    [[nodiscard]] std::string describe() const;
};

/// The ceiling for `population` under `moi` (population_af_* when listed, else max_af_*).
[[nodiscard]] double population_ceiling(const Thresholds& th, Moi moi,
                                        const std::string& population);

/// Assesses `key` (normalised like the knowledge's keys) against the gnomAD sources of
/// `panel.knowledge`; nullopt when the panel's knowledge has no gnomAD source.
[[nodiscard]] std::optional<PopulationFrequency> assess_population_frequency(const Panel& panel,
                                                                             const Variant& key,
                                                                             Moi moi);

}  // namespace nbs
