#pragma once
// Does a variant allele qualify for a gene entry? Routes, each named in the evidence:
//   include_list  exact allele (after normalisation) on the panel's include list for this gene
//   clinvar       ClinVar INFO in the input: >= min P/LP assertions and <= max B/LB assertions
//   lof           a loss-of-function consequence on the gene's MANE transcript, in a gene marked
//                 lof_mechanism, with population AF below the MOI's threshold in every population
// The exclude list overrides every route.
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/annotate/consequence.hpp"
#include "engine/core/variant.hpp"
#include "engine/panel/clinvar.hpp"
#include "engine/panel/panel.hpp"

namespace nbs {

enum class Route { include_list, clinvar, lof };
[[nodiscard]] std::string_view to_string(Route r);

struct RouteEvidence {
    Route route;
    std::string why;  // e.g. "include list: beginngs:onekg_noblocklist_genotypes"
};

struct Qualification {
    std::vector<RouteEvidence> routes;            // empty = does not qualify
    std::optional<std::string> excluded_because;  // set when an exclude row vetoed the routes
    std::optional<int> clinvar_stars;
    std::optional<double> max_population_af;  // over the panel's af_keys, when any was present
    std::string max_population_af_key;
    /// The LoF route qualified with no population frequency from any configured source.
    bool population_af_unknown = false;
    /// Why a route that the input's annotation might have supported was not taken (e.g. a
    /// Number=. CLNSIG on a multi-allelic record); the screen turns these into baby QC flags.
    std::vector<std::string> flags;

    [[nodiscard]] bool qualifies() const { return !routes.empty() && !excluded_because; }
};

/// Which annotation fields the input header carries; learned once per file.
struct AnnotationSchema {
    std::vector<ConsequenceLayout> consequences;
    bool has_clinvar = false;
};

// ClinvarCounts, count_clinvar and clinvar_stars come from engine/panel/clinvar.hpp: the same rule
// decides `panel import-clinvar` include rows and this ClinVar route.

class Qualifier {
  public:
    explicit Qualifier(const Panel& panel);

    /// INFO keys the qualifier reads (ClinVar, consequence and AF keys).
    [[nodiscard]] std::vector<std::string> info_keys() const;

    [[nodiscard]] Qualification qualify(const AlleleCall& call, const GeneEntry& gene,
                                        const AnnotationSchema& schema) const;

    /// Curated rows for this exact allele (include and exclude), if any.
    [[nodiscard]] const std::vector<const CuratedVariant*>* curated(const Variant& v) const;

  private:
    const Panel& panel_;
    std::map<Variant, std::vector<const CuratedVariant*>> curated_;
};

}  // namespace nbs
