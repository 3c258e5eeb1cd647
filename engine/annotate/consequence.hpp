#pragma once
// Consequence annotations carried in the input's INFO: VEP (CSQ, or any key whose header says
// "Format: ..."), bcftools csq BCSQ and SnpEff ANN. The field layout is read from each header's
// Description, never assumed, and each entry is tied to the ALT allele it was written for.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/variant.hpp"

namespace nbs {

enum class ConsequenceSource { vep_csq, bcftools_bcsq, snpeff_ann };

[[nodiscard]] std::string_view to_string(ConsequenceSource s);

/// Where the fields we need sit in one annotation's '|'-separated entries.
struct ConsequenceLayout {
    ConsequenceSource source = ConsequenceSource::vep_csq;
    std::string info_key;  // CSQ, BCSQ, ANN, or whatever key the file uses
    std::vector<std::string> fields;
    int allele = -1, consequence = -1, symbol = -1, transcript = -1;
    int hgnc_id = -1;     // VEP HGNC_ID
    int allele_num = -1;  // VEP ALLELE_NUM (--allele_number): 1-based ALT index
    int dna_change = -1;  // bcftools csq: "765725C>T" or "765724C>T+765725C>G"

    /// Parses "... Format: Allele|Consequence|..." (VEP), "... Format: Consequence|gene|..."
    /// (BCSQ) or "Functional annotations: 'Allele | Annotation | ...'" (ANN). `key` is the INFO
    /// key (defaults to CSQ/BCSQ/ANN). Returns nullopt if the description names no usable
    /// consequence field.
    [[nodiscard]] static std::optional<ConsequenceLayout> from_header(ConsequenceSource source,
                                                                      std::string_view description,
                                                                      std::string key = {});
    [[nodiscard]] int field_index(std::string_view name) const;
};

/// Which annotation tool wrote an INFO field, from its header Description: VEP ("... Ensembl
/// VEP. Format: ..."), bcftools csq ("... from BCFtools/csq ...") or SnpEff ("Functional
/// annotations: '...'"). `vep_style_key` forces VEP for a key named in panel.toml
/// (consequence_keys) whose description has a "Format:" list but does not name VEP.
[[nodiscard]] std::optional<ConsequenceSource> recognise_consequence(std::string_view key,
                                                                     std::string_view description,
                                                                     bool vep_style_key);

/// One annotation entry for one transcript.
struct ConsequenceEntry {
    std::string allele;
    std::vector<std::string> terms;  // SO terms, '&'-split
    std::string symbol;
    std::string transcript;
    std::string hgnc_id;
    std::vector<std::string> raw;  // all fields
    bool pointer = false;          // bcftools csq "@765725": printed at another record
};

/// Splits an INFO value (comma-separated entries) by the layout.
[[nodiscard]] std::vector<ConsequenceEntry> parse_consequences(const ConsequenceLayout& layout,
                                                               std::string_view value);

/// The loss-of-function SO terms of the Generation Study LoF route, in any of the spellings
/// VEP, SnpEff and bcftools csq use.
[[nodiscard]] bool is_lof_term(std::string_view term);

/// VEP writes the allele without the shared first base ("-" for a deletion) when every allele of
/// the record (ignoring '*') shares it and at least one differs in length from REF; this gives
/// the string VEP would print for `alt` in that record.
[[nodiscard]] std::string vep_allele_string(const std::string& ref,
                                            const std::vector<std::string>& alts,
                                            std::size_t alt_index0);

/// Transcript accessions compared without their version: ENST00000003084.11 == ENST00000003084.
[[nodiscard]] bool same_transcript(std::string_view a, std::string_view b);

/// Which ALT of a record an annotation entry was written for.
enum class Attribution {
    this_allele,   // written for the call's ALT
    other_allele,  // written for another ALT of the record (or printed at another record)
    compound,      // a haplotype consequence of this ALT together with other changes
    unknown,       // the entry cannot be tied to one ALT (multi-allelic record, no allele)
};

/// Ties `e` to an ALT of the call's record. VEP: ALLELE_NUM, else the Allele string (VEP's VCF
/// rule or the --minimal form; a string two ALTs could both have is unknown). SnpEff: the Allele
/// field ('&' = compound). bcftools csq: the dna_change field ("POSREF>ALT", '+'-joined for a
/// compound). Without an allele field only a bi-allelic record's entries are this_allele.
[[nodiscard]] Attribution attribute_entry(const ConsequenceLayout& layout,
                                          const ConsequenceEntry& e, const AlleleCall& call);
/// Why `attribute_entry` gave unknown or compound, for a flag; empty otherwise.
[[nodiscard]] std::string attribution_problem(const ConsequenceLayout& layout,
                                              const ConsequenceEntry& e, const AlleleCall& call,
                                              Attribution a);

}  // namespace nbs
