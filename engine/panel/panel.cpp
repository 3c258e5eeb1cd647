#include "engine/panel/panel.hpp"

namespace nbs {

std::string_view to_string(Moi m) {
    switch (m) {
        case Moi::monoallelic:
            return "MONOALLELIC";
        case Moi::biallelic:
            return "BIALLELIC";
        case Moi::xlinked_monoallelic:
            return "XLINKED_MONOALLELIC";
        case Moi::xlinked_biallelic:
            return "XLINKED_BIALLELIC";
    }
    return "BIALLELIC";
}

std::optional<Moi> parse_moi(std::string_view s) {
    if (s == "MONOALLELIC") return Moi::monoallelic;
    if (s == "BIALLELIC") return Moi::biallelic;
    if (s == "XLINKED_MONOALLELIC") return Moi::xlinked_monoallelic;
    if (s == "XLINKED_BIALLELIC") return Moi::xlinked_biallelic;
    return std::nullopt;
}

const Condition* Panel::find_condition(std::string_view id) const {
    for (const auto& c : conditions)
        if (c.id == id) return &c;
    return nullptr;
}

}  // namespace nbs
