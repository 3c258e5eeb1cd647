#pragma once
// A BCF's CSI index, read into flat arrays for region queries (issue 12 item 2). Not for use
// outside engine/io.
//
// Why not htslib's loader: `bcf_index_load3` builds a hash table per contig and allocates every
// bin's chunk list on its own; on the bench genome's 1.5 MB .csi (5.6 MB inflated) that is 42 ms,
// the longest step of a one-baby screen, and the main thread waits for it (docs/performance.md).
// Here the file is inflated once (its BGZF blocks on up to two threads, bgzf_whole.hpp) and kept;
// each bin is its number and where it lies in those bytes, sorted per contig for binary search,
// and its chunks are read where they lie. Bench .csi: 11 ms to load on two threads.
//
// What must not change is which records a query returns: query() builds the same iterator that
// htslib's hts_itr_query (1.16) builds from its own load of the same file: the same chunks, in the
// same order, for the same (tid, beg, end), which tests/unit/io/csi_index_test.cpp checks against
// htslib on real and synthetic indexes. The iterator is htslib's own struct (public in hts.h),
// read by bcf_itr_next and freed by hts_itr_destroy like any other.
//
// The CSI format (hts-specs CSIv1.pdf): magic "CSI\1", min_shift, depth, l_aux, aux, n_ref;
// per contig n_bin, then per bin: bin, loff (the smallest virtual offset of its records),
// n_chunk and the chunks (virtual offset pairs); a pseudo-bin (number bin_limit + 1) holds the
// contig's record counts. Binning (the spec's reg2bins): level l has 8^l bins, each
// 2^(min_shift + 3 * (depth - l)) bases wide, numbered from (8^l - 1) / 7.
#include <htslib/hts.h>
#include <htslib/vcf.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/io/bgzf_whole.hpp"
#include "engine/io/hts_handles.hpp"

namespace nbs {

class CsiIndex {
  public:
    /// The index in `csi_path` (a BGZF-compressed CSI); null when it cannot be read as one.
    /// `malformed` (when given) is then set for a CSI whose content is cut short or
    /// inconsistent, which htslib would refuse too: 1.16 frees uninitialised pointers on that
    /// path (seen under ThreadSanitizer), so the caller must not hand it the same file. Left
    /// false for what is not a CSI or uses a binning scheme this reader does not take: htslib's
    /// to judge.
    /// `threads` (1 or 2) inflate it (bgzf_whole.hpp).
    [[nodiscard]] static std::unique_ptr<CsiIndex> load(const std::string& csi_path,
                                                        bool* malformed = nullptr,
                                                        unsigned threads = 1);

    /// Contigs in the index (those of the BCF header, by id).
    [[nodiscard]] int n_ref() const { return static_cast<int>(refs_.size()); }

    /// The contig's record counts from its pseudo-bin, as hts_idx_get_stat; false without one.
    [[nodiscard]] bool stat(int tid, std::uint64_t& mapped, std::uint64_t& unmapped) const;

    /// The iterator bcf_itr_queryi(idx, tid, beg, end) gives on htslib's load of the same file
    /// (0-based, half-open [beg, end)); null where it gives null. Free with hts_itr_destroy.
    [[nodiscard]] hts_itr_t* query(int tid, hts_pos_t beg, hts_pos_t end) const;

  private:
    // A bin is its number and where its record starts in data_ (at its loff, after the
    // number): its loff, n_chunk and chunks are read from there when a query needs them.
    struct Bin {
        std::uint32_t number = 0;
        std::uint32_t at = 0;
    };
    struct Ref {
        std::uint32_t first_bin = 0;  // into bins_, sorted by number
        std::uint32_t n_bin = 0;
    };

    [[nodiscard]] const Bin* find(const Ref& ref, std::uint32_t number) const;
    [[nodiscard]] std::uint64_t loff(const Bin& b) const;
    [[nodiscard]] std::uint32_t n_chunk(const Bin& b) const;
    [[nodiscard]] hts_pair64_t chunk(const Bin& b, std::uint32_t j) const;

    int min_shift_ = 0;
    int depth_ = 0;
    int n_bins_ = 0;  // bins of the binning scheme: (8^(depth+1) - 1) / 7
    std::vector<Ref> refs_;
    InflatedFile data_;      // the whole index, inflated
    std::vector<Bin> bins_;  // per contig, sorted by number
};

/// A BCF's index as the reader uses it: a CsiIndex where FILE.csi could be read as one, else
/// htslib's load (another name, an unusual binning scheme); empty when it has none. Every use
/// goes through here, so the two never differ in what they answer.
struct BcfIndex {
    std::unique_ptr<CsiIndex> flat;
    hts::Index hts;

    /// The index of the BCF at `path`, loaded as bcf_index_load3 finds it, silently; empty when
    /// there is none, htslib cannot load it, or FILE.csi is cut short (CsiIndex::load).
    [[nodiscard]] static BcfIndex load(const std::string& path, unsigned threads = 1);

    explicit operator bool() const { return flat != nullptr || hts != nullptr; }
    /// As bcf_itr_queryi (half-open, 0-based [beg, end)). Free with hts_itr_destroy.
    [[nodiscard]] hts_itr_t* query(int tid, hts_pos_t beg, hts_pos_t end) const;
    /// As hts_idx_get_stat: false when the contig has no counts.
    [[nodiscard]] bool stat(int tid, std::uint64_t& mapped, std::uint64_t& unmapped) const;
    /// As bcf_index_seqnames: the index's contigs, named by their header ids.
    [[nodiscard]] std::vector<std::string> contig_names(const bcf_hdr_t* hdr) const;
};

}  // namespace nbs
