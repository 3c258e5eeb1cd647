#pragma once
// The coverage gate: a screen negative is only as good as the coverage behind it. For one baby,
// measure each panel gene's coverage from the best source given (CRAM/BAM, else the VCF itself when
// it is a gVCF), turn genes below the panel's callability threshold into "not assessable"
// conditions, and combine sex from depth with sex from the VCF.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/coverage/sex_from_depth.hpp"
#include "engine/coverage/smn_reads.hpp"
#include "engine/io/gvcf_blocks.hpp"
#include "engine/panel/panel.hpp"
#include "engine/rules/sex_inference.hpp"
#include "engine/screen/baby_result.hpp"
#include "engine/screen/screen_baby.hpp"
#include "engine/screen/screen_plan.hpp"

namespace nbs {

struct CoverageOutcome {
    CoverageSummary summary;
    std::optional<DepthSex> depth_sex;           // alignments only
    std::vector<std::string> alignment_samples;  // the alignments' @RG SM values
    std::string alignment_sample_check;          // "" (no alignments) | "matched" | "ignored"
    std::optional<SmnObservation> smn;           // alignments and a panel with smn.tsv
    /// The figures per ScreenPlan::coverage_intervals() (empty when not assessed), kept in the
    /// evidence snapshot so another panel's gene figures can be made from them.
    std::vector<IntervalCoverage> per_interval;
};

/// Gene figures, low targets and uncallable known sites of `summary` from per-interval figures
/// over plan.coverage_intervals() (measure_coverage, and a rescreen from a snapshot).
void summarize_intervals(const ScreenPlan& plan, const std::vector<IntervalCoverage>& per,
                         CoverageSummary& summary);

/// Every target of each gene named by a finding or a not-assessable condition of `r` (once the
/// result is otherwise decided), from the per-interval figures over plan.coverage_intervals(),
/// into r.coverage.gene_targets: what a reviewer's coverage plot needs, passing targets included.
/// Worked example: CFTR with a finding and 27 targets, 2 of them below the fraction: the result
/// lists all 27 (low_targets still lists the 2). No-op when coverage was not assessed.
void list_gene_targets(BabyResult& r, const ScreenPlan& plan,
                       const std::vector<IntervalCoverage>& per);

/// Alignments must be the baby's: every @RG SM equals the VCF sample. Worked example: VCF column
/// "baby01", CRAM with SM:baby01 passes; SM:baby02, no SM at all, or SM:baby01 plus SM:baby02
/// (merged reads) fail the baby, unless `ignore` (--ignore-sm), which the result records.
/// \throws InputError naming both names.
void check_alignment_sample(const std::string& path, const std::vector<std::string>& samples,
                            const std::string& vcf_sample, bool ignore);

/// Coverage for one baby. Alignments (input.cram, CRAM or BAM) win over a gVCF; a VCF that is not a
/// gVCF (detect_gvcf) and no alignments give summary.assessed == false with a note saying so.
/// `vcf_sample` is the VCF column being screened (for a multi-sample gVCF).
/// \throws InputError for alignments of another sample (check_alignment_sample), unreadable
/// alignments, a CRAM whose reference cannot be found, or a
/// non-GRCh38 alignment header.
/// `gvcf`: detect_gvcf(input.vcf) when the caller already has it (a cohort looks once per file).
[[nodiscard]] CoverageOutcome measure_coverage(
    const ScreenPlan& plan, const BabyInput& input, const ScreenOptions& options,
    const std::string& vcf_sample, const std::optional<GvcfDetection>& gvcf = std::nullopt,
    ReadFootprint* footprint = nullptr);

/// Sex from the VCF and from depth, combined: either alone when the other is unknown; the shared
/// answer when they agree; unknown when they disagree (with a QC flag), because a wrong karyotype
/// silently changes every X-linked decision.
[[nodiscard]] SexInference combine_sex(const SexInference& from_vcf,
                                       const std::optional<DepthSex>& from_depth,
                                       std::vector<std::string>& qc_flags);

/// Adds a not_assessable entry (with the numbers) for each gene-condition whose gene is below the
/// callability threshold, unless that condition was found in that gene. No-op when coverage was
/// not assessed.
///
/// `assessed_by_evidence`: kinds of required evidence (conditions.tsv requires_evidence) that the
/// screen had. A condition that requires one of them is decided by that evidence, not by target
/// coverage at `min_mapq`: SMA is decided by the SMN1 copy-number caller, which counts the MAPQ 0
/// reads the paralogs get and has its own read minimum (docs/rules.md rule 8). Its genes' target
/// coverage is still measured and reported.
void apply_coverage_gate(BabyResult& result, const Panel& panel,
                         const std::set<std::string>& assessed_by_evidence = {});

}  // namespace nbs
