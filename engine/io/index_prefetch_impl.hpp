#pragma once
// VcfReader's side of prefetch_vcf_index (engine/io only).
#include <optional>
#include <string>

#include "engine/io/csi_index.hpp"
#include "engine/io/hts_handles.hpp"

namespace nbs {

/// An index loaded ahead: `bcf` for a BCF (BcfIndex::load), `tbx` for a VCF.gz
/// (tbx_index_load3); empty when the file has none (or it could not be loaded: the loader is
/// silent then, as the reader's own load). `kind` is what the file was seen to be.
struct PrefetchedIndex {
    enum class Kind { none, bcf, vcf_bgzf } kind = Kind::none;
    BcfIndex bcf;
    hts::Tabix tbx;
};

/// Loads the index of `path` as the reader does: BcfIndex::load for a BCF (a .csi inflated on
/// `threads` threads), tbx_index_load3 for a BGZF VCF, nothing otherwise; silent when there is
/// none (the reader reports what it needs).
[[nodiscard]] PrefetchedIndex load_vcf_index(const std::string& path, bool is_bcf, bool is_bgzf,
                                             unsigned threads = 1);

/// The index prefetched for `path`, waiting for its load to finish; nullopt when none was asked
/// for this path (or it was already taken). Taken once.
[[nodiscard]] std::optional<PrefetchedIndex> take_prefetched_index(const std::string& path);

}  // namespace nbs
