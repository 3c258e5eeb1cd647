#pragma once
#include <string>

namespace nbs {
/// The version of the htslib nbscreen runs with, e.g. "1.16".
[[nodiscard]] std::string htslib_version();
}  // namespace nbs
