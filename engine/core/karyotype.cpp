#include "engine/core/karyotype.hpp"

#include <algorithm>
#include <cctype>

namespace nbs {

std::string_view to_string(Karyotype k) {
    switch (k) {
        case Karyotype::XX:
            return "XX";
        case Karyotype::XY:
            return "XY";
        case Karyotype::X0:
            return "X0";
        case Karyotype::XXY:
            return "XXY";
        case Karyotype::unknown:
            return "unknown";
    }
    return "unknown";
}

std::optional<Karyotype> parse_karyotype(std::string_view s) {
    std::string up(s);
    std::transform(up.begin(), up.end(), up.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (up == "XX" || up == "F" || up == "FEMALE") return Karyotype::XX;
    if (up == "XY" || up == "M" || up == "MALE") return Karyotype::XY;
    if (up == "X0" || up == "XO" || up == "45X" || up == "45,X") return Karyotype::X0;
    if (up == "XXY" || up == "47,XXY") return Karyotype::XXY;
    if (up == "UNKNOWN") return Karyotype::unknown;
    return std::nullopt;
}

}  // namespace nbs
