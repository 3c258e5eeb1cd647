#pragma once
// Owning handles for htslib objects, shared by every reader in engine/io (the only layer that
// includes htslib). One overloaded deleter frees whichever type it is given.
#include <htslib/hts.h>
#include <htslib/sam.h>
#include <htslib/tbx.h>
#include <htslib/vcf.h>

#include <cstdlib>
#include <memory>
#include <string>

namespace nbs::hts {

struct Free {
    void operator()(htsFile* f) const noexcept { hts_close(f); }
    void operator()(bcf_hdr_t* h) const noexcept { bcf_hdr_destroy(h); }
    void operator()(bcf1_t* r) const noexcept { bcf_destroy(r); }
    void operator()(sam_hdr_t* h) const noexcept { sam_hdr_destroy(h); }
    void operator()(bam1_t* b) const noexcept { bam_destroy1(b); }
    void operator()(tbx_t* t) const noexcept { tbx_destroy(t); }
    void operator()(hts_idx_t* i) const noexcept { hts_idx_destroy(i); }
    void operator()(hts_itr_t* i) const noexcept { hts_itr_destroy(i); }
};

template <typename T>
using Handle = std::unique_ptr<T, Free>;

using File = Handle<htsFile>;
using VcfHeader = Handle<bcf_hdr_t>;
using VcfRecordPtr = Handle<bcf1_t>;
using SamHeader = Handle<sam_hdr_t>;
using BamRecord = Handle<bam1_t>;
using Tabix = Handle<tbx_t>;
using Index = Handle<hts_idx_t>;
using Iterator = Handle<hts_itr_t>;

/// htslib's description of a file format ("VCF version 4.2 BGZF-compressed variant data");
/// hts_format_description() returns memory the caller must free.
inline std::string describe_format(const htsFormat* fmt) {
    char* d = hts_format_description(fmt);
    std::string out = d != nullptr ? d : "an unknown format";
    std::free(d);
    return out;
}

}  // namespace nbs::hts
