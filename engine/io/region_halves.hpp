#pragma once
// The records of an indexed file's regions, in region order, as one pass over them gives them,
// optionally read in two halves on two threads (issue 12 item 2). Not for use outside engine/io.
//
// Why two halves: reading and inflating the regions' records was 36% of an indexed BCF screen's
// CPU, more than bcftools' whole `view -R`; one core cannot close that, the second one can. The
// regions are cut at a chromosome boundary, so no record is in both halves (a record belongs to
// one contig) and the "already returned" rule at the joins of a chromosome's regions
// (VcfReader::Impl::prev_region_*) only ever compares regions of one half. The second half is
// read on its own thread through its own file handle and buffered; the caller is handed its
// steps only after the first half's, so the records, their order, the counters the caller keeps
// and the first error are those of a single pass. Worked example: regions chr1:a, chr1:b, chr2:c,
// chrX:d split as [chr1:a, chr1:b] | [chr2:c, chrX:d]. The caller reads chr1 itself while the
// second thread reads chr2 and chrX into the buffer; a corrupt block in chrX:d is buffered as a
// read_error step after chr2's records and chr2:c's region_end, so the caller returns every
// record of chr1 and chr2 first and raises the error where a single pass would have; a corrupt
// block in chr1:b is raised by the caller before it looks at the buffer at all.
//
// What both threads share, read-only: the index (hts_itr_query takes a const hts_idx_t and only
// looks things up, as CsiIndex::query does; tabix's record reader reads its conf and contig
// dictionary without adding to it). Each half has its own htsFile and iterator; the header is the
// reader's alone (the sample subset is applied as records are handed out).
#include <htslib/hts.h>
#include <htslib/kstring.h>
#include <htslib/tbx.h>
#include <htslib/vcf.h>

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/core/read_footprint.hpp"
#include "engine/core/region.hpp"
#include "engine/io/csi_index.hpp"
#include "engine/io/footprint_notes.hpp"
#include "engine/io/hts_handles.hpp"

namespace nbs {

/// The one place the reader asks the index for one region's records (half-open, 0-based [beg,
/// end)), for both halves: whatever must see every region iterator (e.g. which byte ranges a
/// read used) hooks in here. Called from the second half's thread too. Null when htslib has no
/// iterator for it (the contig is not in the index).
/// The iterator notes what it read into the source's `footprint` (io/footprint_notes.hpp) when
/// freed.
struct IndexedSource;
[[nodiscard]] hts::NotedIterator query_region(const IndexedSource& src, int tid, std::int64_t beg,
                                              std::int64_t end);

/// What one step of the read gives, in the order one pass gives them.
enum class RegionStep : std::uint8_t {
    record,        // a record of region `region`: in `rec` (BCF) or `line` (VCF.gz)
    region_end,    // region `region` has no more records
    read_error,    // htslib could not read region `region` (corrupt or truncated data)
    subset_error,  // BCF: bcf_subset_format failed on a record of region `region`
    done,          // no more regions
};

/// Where the regions' records come from.
struct IndexedSource {
    std::string path;
    bool is_bcf = false;
    const BcfIndex* bcf = nullptr;       // BCF
    tbx_t* tbx = nullptr;                // VCF.gz (not const only because tbx_itr_next takes it so)
    const bcf_hdr_t* hdr = nullptr;      // BCF: the sample subset to keep in each record (caller's
                                         // thread only)
    htsFile* fp = nullptr;               // the caller's handle, for the first half
    ReadFootprint* footprint = nullptr;  // where both halves note what they read (thread-safe)
    std::function<void()> on_read_complete;  // VcfOpenOptions::on_read_complete
};

struct SplitOptions {
    /// Split only when each half has at least this many bases of regions on contigs the file
    /// has; 0: never split.
    std::int64_t min_bases = 0;
    /// The second half's buffer stops growing at about this many bytes (records held in
    /// memory) until the caller starts taking them: memory stays bounded for any file (a
    /// 1,000-sample VCF.gz line is ~20 KB); the read is then only partly parallel.
    std::size_t buffer_bytes = 32u << 20;
    /// The first half's share of the regions' bases. The reader's half is the smaller: besides
    /// reading it, the reader decodes and screens every record of both halves, and takes the
    /// second half's out of the buffer. Thread CPU clocks on the bench BCF (no checksum, 3 runs
    /// each): one pass 71 ms; with the cut at 0.5 / 0.45 / 0.4 / 0.35 / 0.3 of the bases the
    /// reader spent 46 / 43 / 41 / 38 / 36 ms, the second thread 33 / 36 / 38 / 41 / 44 ms:
    /// the longer of the two is shortest at 0.35-0.4.
    double first_share = 0.4;
};

/// The index of the first region of the second half, or 0 for no split: the chromosome boundary
/// nearest to `first_share` of the bases before it (regions on contigs the file lacks, tid < 0,
/// weigh nothing), when each side has at least `min_bases`. `regions` are in contig order;
/// `tids[i]` is the file's contig id of regions[i].
[[nodiscard]] std::size_t choose_split(const std::vector<Region>& regions,
                                       const std::vector<int>& tids, std::int64_t min_bases,
                                       double first_share = 0.5);

/// Reads regions [begin, end) through one file handle, one step at a time, as htslib's region
/// iterators give them (for BCF: every sample still in the record).
class HalfReader {
  public:
    HalfReader(const IndexedSource& src, htsFile* fp, const std::vector<Region>& regions,
               const std::vector<int>& tids, std::size_t begin, std::size_t end);
    /// One step. `rec` (BCF) or `line` (VCF.gz) receives the record; `region` is set for every
    /// step but done. Never subset_error (RegionRecords applies the subset).
    RegionStep next(bcf1_t* rec, kstring_t* line, std::size_t& region);

  private:
    const IndexedSource* src_;
    htsFile* fp_;
    const std::vector<Region>* regions_;
    const std::vector<int>* tids_;
    std::size_t next_, end_;
    std::size_t current_ = 0;
    hts::NotedIterator itr_;
};

/// Every region's records in region order; the second half read ahead on a thread of its own
/// when choose_split() says so (and a second handle opens).
class RegionRecords {
  public:
    RegionRecords(IndexedSource src, std::vector<Region> regions, std::vector<int> tids,
                  const SplitOptions& split);
    ~RegionRecords();
    RegionRecords(const RegionRecords&) = delete;
    RegionRecords& operator=(const RegionRecords&) = delete;

    /// The next step of the one-pass order, into the caller's record (BCF, with the header's
    /// sample subset applied) or line (VCF.gz). Rethrows, at its place in the order, anything
    /// the second thread failed with that a single pass would not have (bad_alloc).
    RegionStep next(bcf1_t* rec, kstring_t& line, std::size_t& region);

    /// The first region of the second half (0: not split).
    [[nodiscard]] std::size_t split_at() const { return split_; }

  private:
    // The second half is buffered as its records' bytes, not as htslib records: a BCF record
    // is its fixed fields and its two byte strings (what bcf_read1_core reads), a VCF.gz record
    // its line. The reader rebuilds each into its own record as htslib would have read it,
    // so the record it decodes is in the same state either way; and the buffer costs the
    // records' size, without three allocations a record.
    struct Step {
        RegionStep kind = RegionStep::done;
        std::size_t region = 0;
        std::size_t len1 = 0, len2 = 0;  // BCF: shared and indiv bytes; VCF.gz: the line
        hts_pos_t pos = 0, rlen = 0;
        std::int32_t rid = 0;
        float qual = 0;
        std::uint32_t n_info = 0, n_allele = 0, n_fmt = 0, n_sample = 0;
    };
    struct Batch {
        std::vector<Step> steps;
        std::string bytes;
        std::exception_ptr failure;  // after the steps: what stopped the second thread
        [[nodiscard]] std::size_t held() const {
            return bytes.capacity() + steps.capacity() * sizeof(Step);
        }
    };

    RegionStep next_buffered(bcf1_t* rec, kstring_t& line, std::size_t& region);
    void read_second_half();
    void hand_over(Batch& batch);
    bool take_batch();
    void half_read(bool ok);

    IndexedSource src_;
    std::vector<Region> regions_;
    std::vector<int> tids_;
    std::size_t split_ = 0;
    std::size_t buffer_bytes_ = 0;
    HalfReader first_;
    bool first_done_ = false;
    // Halves still reading; the one that ends last, without an error, calls on_read_complete.
    std::atomic<int> halves_reading_{1};
    std::atomic<bool> half_failed_{false};

    // The second half: its handle and reader belong to its thread until it ends.
    hts::File second_fp_;
    std::unique_ptr<HalfReader> second_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Batch> ready_;  // in order
    std::size_t ready_bytes_ = 0;
    bool finished_ = false;          // the thread has handed over its last batch
    std::atomic<bool> stop_{false};  // the caller is gone: stop reading (set under mutex_)
    Batch taking_;                   // the caller's current batch
    std::size_t step_ = 0;           // steps of taking_ already handed out
    std::size_t offset_ = 0;         // bytes of taking_ already handed out
    std::thread thread_;
};

}  // namespace nbs
