#pragma once
// ClinVar's assertion counts and review stars, read from the CLNSIG / CLNSIGCONF / CLNREVSTAT
// strings of a ClinVar VCF. They live in the panel layer because two layers need the same rule:
// `panel import-clinvar` (which alleles go on the include list) and annotate's ClinVar route
// (does a baby's allele qualify); one definition keeps the two from drifting apart.
#include <optional>
#include <string>
#include <string_view>

namespace nbs {

/// ClinVar's assertion counts from CLNSIG / CLNSIGCONF.
struct ClinvarCounts {
    int pathogenic = 0;
    int benign = 0;
    int uncertain = 0;
    std::string clnsig;
};

/// Counts P/LP, VUS and B/LB assertions. With CLNSIGCONF ("Pathogenic(3)|Likely_benign(1)") the
/// counts are taken from it; without it an aggregate CLNSIG (P/LP, VUS or B/LB) counts as one
/// agreeing assertion, and a conflicting CLNSIG without counts gives zero of each (it cannot
/// qualify).
[[nodiscard]] ClinvarCounts count_clinvar(std::string_view clnsig, std::string_view clnsigconf);

/// ClinVar review stars from CLNREVSTAT (0-4), or nullopt if the value is not recognised.
[[nodiscard]] std::optional<int> clinvar_stars(std::string_view clnrevstat);

/// True if GENEINFO ("SYMBOL:GeneID|SYMBOL:GeneID") names `symbol` as a whole entry: a substring
/// test ("TR" inside "CFTR:1080") would credit an overlapping gene with the assertion.
[[nodiscard]] bool geneinfo_names(std::string_view geneinfo, std::string_view symbol);

}  // namespace nbs
