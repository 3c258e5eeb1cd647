#include "engine/panel/clinvar.hpp"

#include <cstdlib>

namespace nbs {
namespace {

bool contains(std::string_view hay, std::string_view needle) {
    return hay.find(needle) != std::string_view::npos;
}

}  // namespace

ClinvarCounts count_clinvar(std::string_view clnsig, std::string_view clnsigconf) {
    ClinvarCounts c;
    c.clnsig = std::string(clnsig);
    if (!clnsigconf.empty() && clnsigconf != ".") {
        // "Pathogenic(3)|Likely_benign(1)|Uncertain_significance(2)"; the Number=. value may be
        // comma- or pipe-separated depending on the ClinVar release.
        std::size_t start = 0;
        while (start < clnsigconf.size()) {
            auto end = clnsigconf.find_first_of("|,", start);
            if (end == std::string_view::npos) end = clnsigconf.size();
            const auto item = clnsigconf.substr(start, end - start);
            const auto open = item.find('(');
            const auto name = item.substr(0, open);
            int n = 1;
            if (open != std::string_view::npos)
                n = std::atoi(std::string(item.substr(open + 1)).c_str());
            if (contains(name, "athogenic") && !contains(name, "onflicting"))
                c.pathogenic += n;
            else if (contains(name, "enign"))
                c.benign += n;
            else
                c.uncertain += n;
            start = end + 1;
        }
        return c;
    }
    // An aggregate classification without conflict counts: submitters agree.
    const bool p = contains(clnsig, "Pathogenic") || contains(clnsig, "Likely_pathogenic") ||
                   contains(clnsig, "pathogenic");
    const bool b = contains(clnsig, "Benign") || contains(clnsig, "benign");
    const bool conflicting = contains(clnsig, "onflicting");
    if (conflicting) return c;  // conflicting without CLNSIGCONF: counts unknown, does not qualify
    if (p && !b) c.pathogenic = 1;
    if (b && !p) c.benign = 1;
    // An aggregate VUS is one uncertain assertion too, so a reviewer sees it counted.
    if (!p && !b && contains(clnsig, "ncertain_significance")) c.uncertain = 1;
    return c;
}

std::optional<int> clinvar_stars(std::string_view s) {
    if (s.empty() || s == ".") return std::nullopt;
    if (contains(s, "practice_guideline")) return 4;
    if (contains(s, "reviewed_by_expert_panel")) return 3;
    if (contains(s, "multiple_submitters") && contains(s, "no_conflicts")) return 2;
    if (contains(s, "conflicting")) return 1;
    if (contains(s, "single_submitter")) return 1;
    if (contains(s, "no_assertion") || contains(s, "no_classification")) return 0;
    return std::nullopt;
}

bool geneinfo_names(std::string_view geneinfo, std::string_view symbol) {
    std::size_t start = 0;
    while (start <= geneinfo.size()) {
        auto end = geneinfo.find('|', start);
        if (end == std::string_view::npos) end = geneinfo.size();
        const auto item = geneinfo.substr(start, end - start);
        if (item.substr(0, item.find(':')) == symbol) return true;
        start = end + 1;
    }
    return false;
}

}  // namespace nbs
