#pragma once
// The reserved FORMAT and INFO fields nbscreen reads (GT, AD, DP, GQ, PS, MIN_DP; END), declared
// with the VCF specification's definitions when a header leaves them out. Shared by VcfReader and
// the gVCF block scanner so both read an undeclared field the same way. engine/io only.
#include <htslib/vcf.h>

namespace nbs {

/// Adds the missing declarations to `h` (in memory only). Returns the first field htslib could
/// not add, or nullptr when all went well.
[[nodiscard]] const char* declare_reserved_tags(bcf_hdr_t* h);

}  // namespace nbs
