#pragma once
// Reading gnomAD sites VCFs for `nbscreen panel knowledge --gnomad`: through the files' tabix
// index, only the panel's query regions (the CDS ± 20 bp of its transcripts and every ClinVar P/LP
// position) are read, so a whole-genome release costs seconds per panel. Both schemas are read:
// v4 (grpmax, AF_grpmax) and v3.1 / v2.1 (popmax, AF_popmax); per-population AC_<pop>/AN_<pop>
// are taken for every population the header defines.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/region.hpp"
#include "engine/genome/reference.hpp"
#include "engine/panel/knowledge.hpp"

namespace nbs {

/// Bases read either side of each CDS interval for the frequency table.
inline constexpr std::int64_t kFrequencyCdsFlank = 20;

struct GnomadImport {
    std::vector<KnowledgeSource> sources;   // one per file, kind gnomad_<dataset>[_n]
    std::vector<FrequencyRecord> records;   // sorted by (key, source)
    std::vector<FrequencyCovered> covered;  // sorted by (source, region)
    std::uint64_t sites_read = 0;
    std::size_t not_sequence = 0;  // ALTs that are not ACGT (symbolic, *): left out
};

/// The populations a gnomAD header defines per-population counts for: every `AC_<pop>` with an
/// `AN_<pop>` where <pop> is lower-case letters only, leaving out "raw" (before genotype QC),
/// "joint" (v4's exome+genome sum) and the grpmax/popmax summaries. Header order.
[[nodiscard]] std::vector<std::string> gnomad_populations(const std::vector<std::string>& info_ids);

/// The release named in a gnomAD file name ("gnomad.exomes.v4.1.sites.chr20.vcf.bgz" -> "v4.1"),
/// else "" .
[[nodiscard]] std::string gnomad_release_from_name(const std::string& path);

/// Reads `paths` over `query` (merged here), keying each allele like ClinVar's (trimmed, then
/// left-aligned on `ref` where it covers it). \throws InputError for a file that is missing, has
/// no index, or has no AC/AN counts.
[[nodiscard]] GnomadImport import_gnomad(const std::vector<std::string>& paths,
                                         const std::string& release, std::vector<Region> query,
                                         const ReferenceSlices& ref);

}  // namespace nbs
