#pragma once
// Reads one baby's calls from a VCF, VCF.gz or BCF file (or stdin), only where the panel needs
// them. With an index (.tbi/.csi) it jumps to each merged panel region; without one (a pipe, an
// unindexed file) it streams and looks at CHROM/POS before parsing a line in full.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/core/read_footprint.hpp"
#include "engine/core/variant.hpp"
#include "engine/genome/region_set.hpp"
#include "engine/io/record_precheck.hpp"

namespace nbs {

struct VcfOpenOptions {
    std::optional<std::string> sample;   // required when the file has several samples
    std::vector<std::string> info_keys;  // INFO fields to carry into VcfRecord::info
    int threads = 0;                     // extra htslib (BGZF) decompression threads
    bool use_index = true;               // false forces streaming even when an index exists
    /// Several babies of one multi-sample file, read in one pass: every record carries the
    /// FORMAT of each of these samples in VcfRecord::cohort (same order; a name may repeat).
    /// `sample` is ignored. Each name must be in the file (InputError otherwise).
    std::vector<std::string> cohort;
    /// Where to note the bytes of the file this reader reads (core/read_footprint.hpp), or null.
    /// Must outlive the reader.
    ReadFootprint* footprint = nullptr;
    /// An indexed read of regions on several chromosomes reads the later chromosomes' regions on
    /// a second thread, through a second handle, when each half has at least this many bases of
    /// regions (0: never, one thread). The records, their order, the counters and the first
    /// error are those of one pass (engine/io/region_halves.hpp).
    std::int64_t split_min_bases = 0;
    /// Bytes of records the second half holds before it waits for the reader to take them.
    std::size_t split_buffer_bytes = std::size_t{32} << 20;
    /// An indexed read calls this once every byte it will read is read and noted in `footprint`
    /// (both halves' reading done, without an error), maybe before the last records are handed
    /// out, and maybe on the second half's thread: the reader's destruction waits for it. Not
    /// called by a streamed read, nor by one that fails.
    std::function<void()> on_read_complete;
};

/// VcfOpenOptions::split_min_bases for one baby's screen: the panel's regions are ~31 Mb, so
/// both halves are far above it; a small panel's few hundred kb are not worth a thread.
inline constexpr std::int64_t kSplitIndexedReadMinBases = 1'000'000;

/// Thrown by a cohort read (VcfOpenOptions::cohort) for a record whose genotypes it cannot read
/// exactly as a one-sample read of each baby would (a column that only htslib's full parser can
/// judge): the caller screens those babies one at a time instead, so no result depends on how
/// the babies were grouped.
class CohortReadUnsupported : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

enum class ReadStatus : std::uint8_t { ok, end_of_file };

enum class AccessMode : std::uint8_t { indexed, streaming };

/// What the header says about the reference build.
struct BuildCheck {
    int contigs_checked = 0;   // primary chromosomes whose length was compared with GRCh38
    bool has_lengths = false;  // at least one ##contig line carried a length
    std::string naming;        // "chr" or "no-chr" (as the file names chromosomes)
};

/// One ##INFO header line: what annotation tools declare (VEP's CSQ "Format: ...", ClinVar's
/// CLNSIG, ...). annotate/ recognises annotations by these, whatever their key.
struct InfoDeclaration {
    std::string key;
    char number = '.';  // 'A', 'R', 'G', '.', or '1' for fixed counts
    std::string type;   // Integer, Float, Flag, Character, String
    std::string description;
};

class VcfReader {
  public:
    /// \throws InputError if the file is missing, not VCF/BCF, not GRCh38 (contig lengths, another
    /// build's contig accessions, or, without lengths, a ##reference/##assembly naming GRCh37),
    /// or the sample is not in it.
    VcfReader(const std::string& path, VcfOpenOptions options);
    ~VcfReader();
    VcfReader(const VcfReader&) = delete;
    VcfReader& operator=(const VcfReader&) = delete;

    /// All sample names in the file, in column order.
    [[nodiscard]] const std::vector<std::string>& samples_in_file() const;
    /// The sample being read.
    [[nodiscard]] const std::string& sample() const;
    [[nodiscard]] const BuildCheck& build_check() const;
    /// The header's Description for an INFO key (used to learn the CSQ/ANN/BCSQ field layout).
    [[nodiscard]] std::optional<std::string> info_description(const std::string& key) const;
    [[nodiscard]] bool has_info(const std::string& key) const;
    [[nodiscard]] bool has_format(const std::string& key) const;

    /// Reads only records overlapping `regions` from now on; picks indexed or streaming access.
    /// A restricted reader refuses a file none of whose records lie on a GRCh38 chromosome
    /// (InputError naming the contigs it has): an indexed file here, from its index; a streamed
    /// one when next() reaches the end of the file.
    /// With `decode_fully`, records outside it are read for CHROM, POS, REF and GT only
    /// (VcfRecord::genotype_only), which is all sex inference needs.
    void restrict_to(const RegionSet& regions,
                     std::optional<RegionSet> decode_fully = std::nullopt);
    [[nodiscard]] AccessMode access_mode() const;

    /// Next record for the sample. \throws InputError on a record htslib cannot decode, a
    /// truncated or corrupt file, or records out of order.
    [[nodiscard]] ReadStatus next(VcfRecord& out);

    /// The GRCh38 chromosomes (canonical names: chr1..chr22, chrX, chrY, chrM) on which the
    /// input has at least one record, so a screen can tell "no calls on chr2 in this file" from
    /// "no variant in this gene". With an index (.tbi/.csi) the set comes from the index (each
    /// contig's record count, or its first record where the index has no counts) and is final
    /// from the start. When streaming it grows with every line or record the reader looks at,
    /// including those the region pre-check skips, and is final once next() has returned
    /// end_of_file. Contigs that are no GRCh38 chromosome (alts, decoys) are not in it.
    [[nodiscard]] std::set<std::string> contigs_with_records() const;
    /// True when contigs_with_records() is final: indexed input, or the stream has been read to
    /// its end. An empty final set means a file without records (not an error here).
    [[nodiscard]] bool contigs_complete() const;

    /// The first region (index into the restricted regions) read on a second thread, 0 when
    /// the indexed read is not split (VcfOpenOptions::split_min_bases); known once next() ran.
    [[nodiscard]] std::size_t regions_split_at() const;

    /// Records seen (including those skipped by the region pre-check) and records decoded.
    [[nodiscard]] std::uint64_t records_seen() const;
    [[nodiscard]] std::uint64_t records_decoded() const;

    /// Lists the sample names of a VCF/BCF without reading records. \throws InputError.
    [[nodiscard]] static std::vector<std::string> list_samples(const std::string& path);
    /// How many VcfReaders this process has opened (a cohort read opens its file once for all its
    /// babies; tests check that through this count).
    [[nodiscard]] static std::uint64_t files_opened();

    /// Every ##INFO line of the header, in header order.
    [[nodiscard]] std::vector<InfoDeclaration> info_declarations() const;
    /// Also carries these INFO keys into VcfRecord::info from the next record on (keys the header
    /// does not declare are ignored): an annotation's key is only known once the header is read.
    void add_info_keys(const std::vector<std::string>& keys);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace nbs

namespace nbs {
/// htslib logs its own warnings to stderr; nbscreen reports problems itself, with context.
void quiet_htslib_logging();
}  // namespace nbs
