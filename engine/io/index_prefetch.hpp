#pragma once
// Loading a VCF/BCF index ahead of the reader that needs it (issue 12 item 2): a screen of one
// baby first loads its panel and builds the plan (~40 ms), then opens the file and loads its
// index (~50 ms for a genome's .csi); the two do not depend on each other, so with a second core
// the index can load while the panel does.
#include <string>

namespace nbs {

/// Starts loading the index of the VCF.gz or BCF at `path` on a thread of its own. The next
/// VcfReader that opens `path` through its index takes this one instead of loading its own; both
/// come from the same htslib call with the same arguments, so what is read does not change. No
/// error is reported here: a file or index that cannot be read is found, and reported, by the
/// reader as before. Nothing is done for "-". A later call replaces an index not yet taken.
void prefetch_vcf_index(const std::string& path);

}  // namespace nbs
