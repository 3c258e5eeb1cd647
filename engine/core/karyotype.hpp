#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace nbs {

enum class Karyotype { XX, XY, X0, XXY, unknown };

[[nodiscard]] std::string_view to_string(Karyotype k);
/// Accepts XX, XY, X0 (also XO, 45X), XXY, unknown; also female/F -> XX, male/M -> XY.
[[nodiscard]] std::optional<Karyotype> parse_karyotype(std::string_view s);
/// Karyotypes with one X are hemizygous outside the PARs.
[[nodiscard]] inline bool is_hemizygous_x(Karyotype k) {
    return k == Karyotype::XY || k == Karyotype::X0;
}

}  // namespace nbs
