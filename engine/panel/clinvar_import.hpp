#pragma once
// `nbscreen panel import-clinvar`: the pure transform from ClinVar records to include rows. The
// cli reads the VCF through engine/io (the panel layer sits below io) and passes the records in.
//
// The rule, the same as annotate's ClinVar route (engine/panel/clinvar.hpp): an allele inside a
// panel gene's span qualifies with at least thresholds.clinvar_min_pathogenic P/LP assertions
// (and at least one) and at most thresholds.clinvar_max_benign B/LB assertions, counted from
// CLNSIG and CLNSIGCONF.
//
// Worked example (release 2026-02-26, ACAT1 on chr11):
//   existing  chr11:108131210 G>A include clinvar:2025-01-01:VCV000012345 stars 1
//   record    11 108131210 12345 G A
//   CLNSIG=Pathogenic;CLNREVSTAT=..._multiple_submitters,_no_conflicts
//   -> refreshed: source clinvar:2026-02-26:VCV000012345, stars 2, added_in kept
//   record    11 108140000 999 C T CLNSIG=Benign           -> not qualifying, nothing added
//   existing  clinvar row whose allele is now Benign in this file -> removed (listed)
//   existing  clinvar row whose allele is not in this file      -> kept as it is (a gene subset
//             or a regional file says nothing about alleles it does not carry)
//   qualifying allele on the exclude list                        -> skipped (exclude wins)
//   qualifying allele already included from another source      -> kept as it is
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/variant.hpp"
#include "engine/panel/panel.hpp"

namespace nbs {

/// One ALT allele of one ClinVar VCF record, with the INFO values the import reads.
struct ClinvarRecord {
    Variant variant;  // canonical chrom, as written in the VCF (trimmed by the import)
    std::string id;   // the VCF ID column: ClinVar's VariationID
    std::string clnsig;
    std::string clnsigconf;
    std::string clnrevstat;
    std::string geneinfo;  // "ACAT1:38|..." when present
};

struct ClinvarImportOptions {
    std::string release;   // ClinVar file date, YYYY-MM-DD
    std::string added_in;  // added_in for new rows
};

struct ClinvarImportReport {
    std::size_t records = 0;         // records passed in
    std::size_t outside_genes = 0;   // not inside any panel gene span
    std::size_t not_sequence = 0;    // REF/ALT not ACGT (symbolic, missing)
    std::size_t not_qualifying = 0;  // inside a gene, but not enough P/LP or too many B/LB
    std::size_t qualifying = 0;
    std::size_t skipped_excluded = 0;   // qualifying, but on the exclude list
    std::size_t kept_other_source = 0;  // qualifying, already included from a non-ClinVar source
    std::size_t unchanged = 0;          // ClinVar include rows the file confirms as they are
    std::size_t kept_not_in_file = 0;   // ClinVar include rows whose allele the file does not carry
    std::vector<std::string> added;     // "chr11:108131210:G>A ACAT1 (Pathogenic, 2 stars)"
    std::vector<std::string> refreshed;  // with what changed
    std::vector<std::string> removed;    // with why

    [[nodiscard]] bool changed() const {
        return !added.empty() || !refreshed.empty() || !removed.empty();
    }
};

struct ClinvarImportResult {
    std::vector<CuratedVariant> variants;  // every row of the new variants.tsv, sorted
    ClinvarImportReport report;
};

/// Applies `records` to `panel`'s curated variants. Never changes the panel version.
[[nodiscard]] ClinvarImportResult import_clinvar(const Panel& panel,
                                                 const std::vector<ClinvarRecord>& records,
                                                 const ClinvarImportOptions& options);

/// "2026-02-26" from a ##fileDate value written "2026-02-26" or "20260226"; nullopt otherwise.
[[nodiscard]] std::optional<std::string> clinvar_release_date(std::string_view file_date);

/// "clinvar:2026-02-26:VCV000012345" (VariationIDs are zero-padded to nine digits).
[[nodiscard]] std::string clinvar_source(const std::string& release, const std::string& id);

}  // namespace nbs
