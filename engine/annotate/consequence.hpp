#pragma once
// Consequence annotations carried in the input's INFO: VEP CSQ, bcftools BCSQ and SnpEff ANN.
// The field layout is read from each header's Description, never assumed.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nbs {

enum class ConsequenceSource { vep_csq, bcftools_bcsq, snpeff_ann };

[[nodiscard]] std::string_view to_string(ConsequenceSource s);

/// Where the fields we need sit in one annotation's '|'-separated entries.
struct ConsequenceLayout {
    ConsequenceSource source = ConsequenceSource::vep_csq;
    std::string info_key;  // CSQ, BCSQ or ANN
    std::vector<std::string> fields;
    int allele = -1, consequence = -1, symbol = -1, transcript = -1;

    /// Parses "... Format: Allele|Consequence|..." (VEP), "... Format: Consequence|gene|..."
    /// (BCSQ) or "Functional annotations: 'Allele | Annotation | ...'" (ANN).
    /// Returns nullopt if the description names no usable consequence field.
    [[nodiscard]] static std::optional<ConsequenceLayout> from_header(ConsequenceSource source,
                                                                      std::string_view description);
    [[nodiscard]] int field_index(std::string_view name) const;
};

/// One annotation entry for one transcript.
struct ConsequenceEntry {
    std::string allele;
    std::vector<std::string> terms;  // SO terms, '&'-split
    std::string symbol;
    std::string transcript;
    std::vector<std::string> raw;  // all fields
};

/// Splits an INFO value (comma-separated entries) by the layout.
[[nodiscard]] std::vector<ConsequenceEntry> parse_consequences(const ConsequenceLayout& layout,
                                                               std::string_view value);

/// The loss-of-function SO terms of the Generation Study LoF route, in any of the spellings
/// VEP, SnpEff and bcftools csq use.
[[nodiscard]] bool is_lof_term(std::string_view term);

/// VEP writes the allele without the shared first base ("-" for a deletion) when every allele of
/// the record shares it; this gives the string VEP would print for `alt` in that record.
[[nodiscard]] std::string vep_allele_string(const std::string& ref,
                                            const std::vector<std::string>& alts,
                                            std::size_t alt_index0);

/// Transcript accessions compared without their version: ENST00000003084.11 == ENST00000003084.
[[nodiscard]] bool same_transcript(std::string_view a, std::string_view b);

}  // namespace nbs
