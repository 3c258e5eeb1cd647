#pragma once
// Reads the sites of a VCF/BCF (CHROM, POS, ID, REF, ALT and chosen INFO values) without needing
// any sample columns: for reference files such as a ClinVar release, which have none. The
// baby-facing reader (vcf_reader.hpp) insists on a sample and decodes genotypes; this one never
// looks at FORMAT.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/genome/region_set.hpp"

namespace nbs {

struct VcfSite {
    std::string chrom;  // canonical (chr-prefixed); the file may write "1"
    std::int64_t pos = 0;
    std::string id;  // the ID column, "." when empty
    std::string ref;
    std::vector<std::string> alts;
    /// The requested INFO keys in request order; nullopt when absent from the record. A present
    /// Flag is "", numbers are written as in the VCF, multiple values comma-separated.
    std::vector<std::optional<std::string>> info;
    /// The FILTER column: "PASS", ";"-joined filter names, or "." when missing.
    std::string filter = ".";
};

class VcfSiteReader {
  public:
    /// \throws InputError if the file is missing or not VCF/BCF.
    VcfSiteReader(const std::string& path, std::vector<std::string> info_keys);
    ~VcfSiteReader();
    VcfSiteReader(const VcfSiteReader&) = delete;
    VcfSiteReader& operator=(const VcfSiteReader&) = delete;

    /// A header line "##KEY=value" (e.g. "fileDate"), when present.
    [[nodiscard]] std::optional<std::string> header_value(const std::string& key) const;

    /// From now on return only sites whose POS lies in `regions` (checked before INFO is
    /// decoded, so the sites outside cost little). Sites on non-primary contigs are skipped.
    void restrict_to(RegionSet regions);

    /// Every INFO ID the header defines, in header order (e.g. to find gnomAD's per-population
    /// AC_<pop>/AN_<pop> keys).
    [[nodiscard]] std::vector<std::string> header_info_ids() const;

    /// Indexed access (a .tbi or .csi next to the file, or a BCF's .csi): from now on next()
    /// returns only the records overlapping `r` (1-based, inclusive), then false. Returns false
    /// when the file's index names no contig for `r.chrom` (written "chr1" or "1"): the file
    /// holds no records there. \throws InputError when the file has no index.
    bool seek(const Region& r);
    /// Does the index hold any record overlapping `r`? (A seek and one read.)
    [[nodiscard]] bool any_record_in(const Region& r);

    /// Reads the next site into `out`; false at the end of the file. \throws InputError on a
    /// record htslib cannot decode or a truncated file.
    [[nodiscard]] bool next(VcfSite& out);

    /// Records read, including those skipped by the region check.
    [[nodiscard]] std::uint64_t records_seen() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace nbs
