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

AnnotationSchema annotation_schema(const std::vector<InfoHeaderLine>& info,
                                   const Thresholds& thresholds) {
    AnnotationSchema s;
    const auto& configured = thresholds.consequence_keys;
    for (const auto& line : info) {
        s.declared_info.push_back(line.key);
        s.numbers[line.key] = line.number;
        if (line.key == "CLNSIG") s.has_clinvar = true;
        const bool named =
            std::find(configured.begin(), configured.end(), line.key) != configured.end();
        const auto source = recognise_consequence(line.key, line.description, named);
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
    return s;
}

}  // namespace nbs
