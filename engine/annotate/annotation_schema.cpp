#include "engine/annotate/annotation_schema.hpp"

#include <algorithm>

namespace nbs {

bool AnnotationSchema::declares(const std::string& key) const {
    return std::find(declared_info.begin(), declared_info.end(), key) != declared_info.end();
}

char AnnotationSchema::number_of(const std::string& key, char fallback) const {
    const auto it = numbers.find(key);
    return it == numbers.end() ? fallback : it->second;
}

const std::vector<std::string>& clinvar_fields() {
    static const std::vector<std::string> kFields = {
        "CLNSIG", "CLNSIGCONF", "CLNREVSTAT", "GENEINFO", "CLNHGVS", "ALLELEID", "CLNVID"};
    return kFields;
}

namespace {

// ClinVar's VCF describes CLNSIG as "Clinical significance for this single variant" (to 2023) or
// "Aggregate germline classification for this single variant" (2024 on).
bool clinvar_clnsig_description(std::string_view d) {
    return d.find("for this single variant") != std::string_view::npos &&
           (d.find("lassification") != std::string_view::npos ||
            d.find("linical significance") != std::string_view::npos);
}

}  // namespace

AnnotationSchema annotation_schema(const std::vector<InfoHeaderLine>& info,
                                   const Thresholds& thresholds) {
    AnnotationSchema s;
    const auto& configured = thresholds.consequence_keys;
    std::string legacy_eff;  // SnpEff before 4.1 wrote "EFF=EFFECT(IMPACT|...)"
    for (const auto& line : info) {
        s.declared_info.push_back(line.key);
        s.numbers[line.key] = line.number;
        if (line.key == "CLNSIG") s.has_clinvar = true;
        // A prefixed copy (CLINVAR_CLNSIG) counts when the file has no plain CLNSIG.
        if (line.key.size() > 6 && line.key.ends_with("CLNSIG") && s.clinvar_prefix.empty() &&
            clinvar_clnsig_description(line.description))
            s.clinvar_prefix = line.key.substr(0, line.key.size() - 6);
        const bool named =
            std::find(configured.begin(), configured.end(), line.key) != configured.end();
        const auto source = recognise_consequence(line.key, line.description, named);
        if (!source && line.description.starts_with("Predicted effects for this variant"))
            legacy_eff = line.key;
        if (!source) {
            // A key the panel names must be readable: silently skipping it would leave the LoF
            // route dead for every baby annotated that way.
            if (named)
                s.notes.push_back("INFO/" + line.key +
                                  " is named in consequence_keys but its header Description has "
                                  "no 'Format: a|b|...' field list: its annotations were not read");
            continue;
        }
        auto layout = ConsequenceLayout::from_header(*source, line.description, line.key);
        if (!layout) {
            s.notes.push_back("INFO/" + line.key + " looks like " +
                              std::string(to_string(*source)) +
                              " output but its header names no consequence field: its "
                              "annotations were not read");
            continue;
        }
        if (line.key != "CSQ" && line.key != "BCSQ" && line.key != "ANN")
            s.extra_info_keys.push_back(line.key);
        s.consequences.push_back(std::move(*layout));
    }
    if (!legacy_eff.empty() && s.consequences.empty())
        s.notes.push_back("INFO/" + legacy_eff +
                          " holds legacy SnpEff EFF annotations, which nbscreen does not read: "
                          "the LoF route had no consequence annotation; re-annotate with SnpEff "
                          "4.1 or later (INFO/ANN) or VEP");
    if (s.has_clinvar) {
        s.clinvar_prefix.clear();  // the plain keys win
    } else if (!s.clinvar_prefix.empty()) {
        s.has_clinvar = true;
        for (const auto& f : clinvar_fields())
            if (s.declares(s.clinvar_key(f))) s.extra_info_keys.push_back(s.clinvar_key(f));
    }
    return s;
}

}  // namespace nbs
