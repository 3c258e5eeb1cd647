#pragma once
// Which annotations an input carries, learned once per file from its ##INFO header lines. VEP is
// recognised by its "Format:" description whatever its key (CSQ, ANN, vep, or a key panel.toml
// names in consequence_keys), SnpEff by "Functional annotations:", bcftools csq by its own words.
#include <map>
#include <string>
#include <vector>

#include "engine/annotate/consequence.hpp"
#include "engine/panel/panel.hpp"

namespace nbs {

/// One ##INFO header line as the annotate layer needs it (io's reader supplies them).
struct InfoHeaderLine {
    std::string key;
    char number = '.';  // 'A', 'R', 'G', '.', or '1' for fixed counts
    std::string description;
};

struct AnnotationSchema {
    std::vector<ConsequenceLayout> consequences;
    bool has_clinvar = false;
    /// ClinVar INFO keys are read as `clinvar_prefix + "CLNSIG"` etc.: SnpSift annotate -name
    /// CLINVAR_ writes CLINVAR_CLNSIG, recognised by ClinVar's own description.
    std::string clinvar_prefix;
    /// Every INFO key the header declares: a configured population-frequency key that is
    /// declared but empty for an allele means "not observed there", not "unknown".
    std::vector<std::string> declared_info;
    /// The header's Number of each INFO key: splitting a record reduces Number=A/R values to one
    /// ALT's, so only the header still says a value was per allele.
    std::map<std::string, char> numbers;
    /// INFO keys beyond Qualifier::info_keys() that must be read (e.g. "CSQ_VEP110").
    std::vector<std::string> extra_info_keys;
    /// Header problems a reviewer must see (the screen turns them into baby QC flags).
    std::vector<std::string> notes;

    [[nodiscard]] bool annotated() const { return has_clinvar || !consequences.empty(); }
    [[nodiscard]] bool declares(const std::string& key) const;
    /// The header's Number for `key`, or `fallback` when the header was not read.
    [[nodiscard]] char number_of(const std::string& key, char fallback) const;
    /// The INFO key holding ClinVar field `name` (CLNSIG, CLNSIGCONF, ...) in this file.
    [[nodiscard]] std::string clinvar_key(const std::string& name) const {
        return clinvar_prefix + name;
    }
};

/// The ClinVar INFO fields the ClinVar route reads, without any prefix.
[[nodiscard]] const std::vector<std::string>& clinvar_fields();

/// Reads the header's INFO lines into a schema.
[[nodiscard]] AnnotationSchema annotation_schema(const std::vector<InfoHeaderLine>& info,
                                                 const Thresholds& thresholds);

}  // namespace nbs
