#pragma once
// Many babies of one multi-sample VCF/BCF (a joint-called cohort) screened from one read of the
// file: one reader decodes every baby's column of each record, and each baby keeps its own state
// (BabyScreen), so a baby's result is what screen_baby gives for it, byte for byte, while the file
// is decompressed and parsed once instead of once per baby. Memory is the per-baby state (sex
// counters, qualifying alleles, flags), never records x babies.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/annotate/annotation_schema.hpp"
#include "engine/io/gvcf_blocks.hpp"
#include "engine/screen/baby_screen.hpp"
#include "engine/screen/screen_baby.hpp"
#include "engine/screen/screen_plan.hpp"

namespace nbs {

/// The column a baby is read from in a file with these samples, or nullopt when its own screen
/// would refuse it (its vcf_sample is not in the file, none is named in a multi-sample file, or
/// the name is not UTF-8): such a baby is screened alone, which gives it its own error.
[[nodiscard]] std::optional<std::string> cohort_column(const BabyInput& baby,
                                                       const std::vector<std::string>& samples);

class CohortScreen {
  public:
    /// Reads `vcf` once for all `babies` (each with a cohort_column()).
    /// \throws InputError for a problem with the file itself, CohortReadUnsupported for a record
    /// the cohort reader cannot read as a one-sample read would: either way the caller screens
    /// each baby alone, so each gets exactly its own outcome.
    CohortScreen(const ScreenPlan& plan, const std::string& vcf,
                 const std::vector<const BabyInput*>& babies, const ScreenOptions& options);
    CohortScreen(const CohortScreen&) = delete;
    CohortScreen& operator=(const CohortScreen&) = delete;

    [[nodiscard]] std::size_t size() const { return babies_.size(); }

    /// Baby i's result; measures its coverage (alignments, or the gVCF's blocks) first. Call once
    /// per baby; distinct babies may be finished on different threads.
    /// \throws InputError for this baby alone (e.g. alignments of another sample).
    /// `evidence`: when given, receives the baby's evidence snapshot (baby_evidence.hpp).
    [[nodiscard]] BabyResult finish(std::size_t i, BabyEvidence* evidence = nullptr);

  private:
    const ScreenPlan& plan_;
    ScreenOptions options_;
    std::vector<const BabyInput*> inputs_;
    AnnotationSchema schema_;
    std::vector<BabyScreen> babies_;
    std::set<std::string> contigs_;
    std::uint64_t seen_ = 0, decoded_ = 0;
    std::optional<GvcfDetection> gvcf_;  // looked for once per file
};

}  // namespace nbs
