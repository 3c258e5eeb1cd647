#include "engine/io/htslib_info.hpp"

#include <htslib/hts.h>

namespace nbs {
std::string htslib_version() {
    return hts_version();
}
}  // namespace nbs
