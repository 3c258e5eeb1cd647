#pragma once
// Per-base read depth over a set of intervals, from an indexed CRAM or BAM. Only the intervals are
// read (one multi-region index query), and for CRAM only the fields depth needs are decoded (flag,
// position, mapping quality, CIGAR and the mate fields; no sequence, qualities or tags). htslib
// stays inside this file's .cpp: callers see regions in and depth arrays out.
//
// Which reads count, and how, follows mosdepth so its output can serve as an oracle:
//   - unmapped, secondary, supplementary, QC-fail and duplicate reads are skipped
//     (mosdepth -F 3844; note mosdepth's default -F 1796 keeps supplementary alignments);
//   - reads with MAPQ below min_mapq are skipped (mosdepth -Q);
//   - only CIGAR M/=/X bases count: a deletion (D) or skip (N) is not depth;
//   - where the two reads of a proper pair overlap, the overlap counts once (mosdepth's default;
//     its --fast-mode counts it twice).
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/region.hpp"

namespace nbs {

struct AlignmentOpenOptions {
    std::string reference;       // FASTA for CRAM decoding; empty for BAM
    int threads = 0;             // extra htslib decompression threads
    bool require_grch38 = true;  // refuse a header whose primary contigs are not GRCh38-sized
};

struct DepthFilter {
    int min_mapq = 10;
    bool count_overlapping_mates_once = true;
};

struct DepthStats {
    std::uint64_t reads_seen = 0;         // returned by the index query
    std::uint64_t reads_used = 0;         // passed the flag and MAPQ filters
    std::uint64_t reads_failed_flag = 0;  // unmapped, secondary, supplementary, QC-fail, duplicate
    std::uint64_t reads_failed_mapq = 0;
    std::uint64_t mate_overlap_bases = 0;  // bases where a pair overlapped and was counted once
};

/// Bases read at one reference position (a paralog site). `deletion`: reads whose alignment
/// deletes the base; `other`: N or an IUPAC code.
struct BaseCounts {
    std::uint32_t a = 0, c = 0, g = 0, t = 0, other = 0, deletion = 0;
    [[nodiscard]] std::uint32_t of(char base) const {
        switch (base) {
            case 'A':
                return a;
            case 'C':
                return c;
            case 'G':
                return g;
            case 'T':
                return t;
            default:
                return other;
        }
    }
    [[nodiscard]] std::uint32_t bases() const { return a + c + g + t + other; }
};

/// depth[i] is the depth at region.start + i (1-based region, so depth[0] is region.start).
using DepthTrack = std::vector<std::uint32_t>;

class AlignmentReader {
  public:
    /// Opens the file and its index (.bai, .crai or .csi).
    /// \throws InputError if the file is missing, not BAM/CRAM, has no index, has no header, names
    /// a
    /// --reference that does not exist, or (with require_grch38) has non-GRCh38 contig lengths.
    AlignmentReader(const std::string& path, AlignmentOpenOptions options);
    ~AlignmentReader();
    AlignmentReader(const AlignmentReader&) = delete;
    AlignmentReader& operator=(const AlignmentReader&) = delete;

    [[nodiscard]] bool is_cram() const;
    /// "cram" or "bam".
    [[nodiscard]] std::string_view format_name() const;
    /// True if the header has this contig (canonical name; the file may name it chr20 or 20).
    [[nodiscard]] bool has_contig(std::string_view canonical) const;
    /// The distinct SM values of the header's @RG lines, sorted (empty: no read group names one).
    [[nodiscard]] std::vector<std::string> read_group_samples() const;

    /// Depth at every base of each region (canonical names, 1-based inclusive). Regions may overlap
    /// and come in any order; the result has one track per region, in the same order. A region on
    /// a contig the file does not have gets zeros.
    /// \throws InputError if htslib cannot decode a record (for CRAM, usually a missing reference).
    [[nodiscard]] std::vector<DepthTrack> depth(const std::vector<Region>& regions,
                                                const DepthFilter& filter,
                                                DepthStats* stats = nullptr);

    /// The bases reads carry at each position (canonical chrom, 1-based), one entry per position
    /// in the same order. Reads are filtered as for depth (unmapped, secondary, supplementary,
    /// QC-fail and duplicate reads skipped; MAPQ below `min_mapq` skipped, so 0 keeps the MAPQ-0
    /// reads of paralogs); each read counts once per position (overlapping mates both count, as
    /// in SMNCopyNumberCaller and sma-finder); a base below `min_base_quality` is not counted.
    /// Decodes sequence, so a CRAM needs its reference.
    /// \throws InputError if htslib cannot decode a record.
    [[nodiscard]] std::vector<BaseCounts> base_counts(const std::string& chrom,
                                                      const std::vector<std::int64_t>& positions,
                                                      int min_mapq, int min_base_quality = 0,
                                                      DepthStats* stats = nullptr);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// REF_PATH with its URL entries removed ("https://host/%s" is split by htslib's ':' separator into
/// "https" and "//host/%s"), or a local, non-existent folder if nothing local is left.
[[nodiscard]] std::string local_ref_path(const char* current);

/// nbscreen never fetches a reference over the network. htslib falls back to the EBI CRAM
/// reference server when REF_PATH is unset (and honours URLs in REF_PATH); this removes URL entries
/// from REF_PATH, or sets it to a local, non-existent folder when unset. Called once, before the
/// first CRAM is opened; safe to call again.
void disable_reference_download();

}  // namespace nbs
