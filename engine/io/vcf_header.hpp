#pragma once
// Reading a VCF/BCF header without htslib's hidden index load (engine/io only).
#include "engine/io/hts_handles.hpp"

namespace nbs::hts {

/// The header of `fp`, positioned at its first record, like bcf_hdr_read(). For a text VCF,
/// htslib's reader also loads the file's tabix/CSI index on every open, only to declare contigs
/// that the index names and the header does not: for the 4.8 M-record bench genome that is a
/// 1.6 MB index read and inflated once more per open (17% of an indexed screen's CPU, which
/// opened the file twice). Here those contigs come from `index` when the caller has loaded it
/// (the same declarations, in the same order); with none, they are left out: a record on an
/// undeclared contig is still read (htslib declares its contig when it meets it), so only a
/// reader that lists the header's contigs before reading records needs the index given.
/// BCF headers are read by bcf_hdr_read() (no index is loaded there). Null on failure.
[[nodiscard]] bcf_hdr_t* read_header(htsFile* fp, const tbx_t* index);

}  // namespace nbs::hts
