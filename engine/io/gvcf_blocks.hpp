#pragma once
// Callability from a gVCF: the records (variant calls and reference blocks) that cover a set of
// regions, with the depth and genotype quality each one vouches for. The three reference-block
// styles in use are all read:
//   GATK        ALT <NON_REF>, END=..., FORMAT MIN_DP (and DP, GQ)
//   DeepVariant ALT <*> (the VCF 4.3 spec form), END=..., FORMAT MIN_DP, GQ
//   Illumina    ALT . with END=... (Isaac/Strelka "genome VCF"), FORMAT DP, GQX
// The coverage layer decides what passes; this file only reads.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/read_footprint.hpp"
#include "engine/core/region.hpp"

namespace nbs {

enum class GvcfStyle : std::uint8_t { none, gatk_non_ref, spec_star, illumina_dot };
[[nodiscard]] std::string_view to_string(GvcfStyle s);

struct GvcfDetection {
    bool is_gvcf = false;
    GvcfStyle style = GvcfStyle::none;
    std::string evidence;  // e.g. "record chr7:104000001 is a <NON_REF> reference block"
};

/// How many records detect_gvcf() looks at before deciding a file has no reference blocks.
inline constexpr int kGvcfDetectRecords = 1000;

/// A file is a gVCF when one of its first kGvcfDetectRecords records is a reference block: ALT
/// only <NON_REF> or <*>, or ALT '.' with INFO/END. Needs a path (not stdin).
/// \throws InputError if the file cannot be read as VCF/BCF.
/// `footprint`: where to note the bytes read (core/read_footprint.hpp), or null.
[[nodiscard]] GvcfDetection detect_gvcf(const std::string& path,
                                        ReadFootprint* footprint = nullptr);

/// One record's footprint, 1-based inclusive on the canonical contig.
struct GvcfSpan {
    std::string chrom;
    std::int64_t start = 0;
    std::int64_t end = 0;
    bool ref_block = false;
    int depth = -1;  // reference blocks: MIN_DP, else DP; variant records: DP; -1 = absent
    int gq = -1;     // GQ, else GQX (Illumina); -1 = absent
};

struct GvcfScanOptions {
    std::optional<std::string> sample;  // required when the file has several samples
    bool use_index = true;              // false streams even when a .tbi/.csi exists
    int threads = 0;
    ReadFootprint* footprint = nullptr;  // where to note the bytes read, or null
};

struct GvcfScan {
    std::vector<GvcfSpan> spans;  // records overlapping the regions, in file order per region
    std::uint64_t records = 0;
    std::uint64_t ref_blocks = 0;
    bool indexed = false;
};

/// Records overlapping `regions` (canonical names, 1-based inclusive). With an index each merged
/// region is a jump; without one the file is streamed.
/// \throws InputError for unreadable files or a sample not in the file.
[[nodiscard]] GvcfScan scan_gvcf(const std::string& path, const std::vector<Region>& regions,
                                 const GvcfScanOptions& options);

}  // namespace nbs
