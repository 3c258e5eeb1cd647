#pragma once
// The change report of a rescreen (docs/user-guide.md, "Rescreen under a new panel"): for every
// baby x condition of the old or the new panel, how the new panel's answer differs from the old
// one, and the panel-diff line(s) that caused it.
//
//   NEW                    prioritised now, not before
//   NO_LONGER_PRIORITISED  prioritised before, not now
//   EVIDENCE_CHANGED       prioritised both times on other alleles or reasons, or its set-aside
//                          alleles changed
//   ASSESSABILITY_CHANGED  not prioritised either time, and it became (not) assessable or its
//                          reason for not being assessable changed
//   UNCHANGED              the same answer on the same evidence
//   NEEDS_RESCREEN         the snapshot does not hold what the new panel needs: not re-decided
//                          (the baby needs a screen from its VCF), never passed silently
//
// Worked example (tests/cli/rescreen_test.cpp): the demo's baby03 is prioritised for MCAD
// deficiency on the include-list allele ACADM chr1:75761161 A>G, homozygous. A panel version that
// moves that allele to the exclude list makes baby03 x medium-chain-acyl-coa-dehydrogenase-
// deficiency NO_LONGER_PRIORITISED, caused by "variants ~ chr1:75761161:A>G: list include ->
// exclude": that line names an allele of the baby's finding for the condition, so it is picked
// before any line about the condition's genes or the panel as a whole.
#include <string>
#include <vector>

#include "engine/panel/panel.hpp"
#include "engine/panel/panel_diff.hpp"
#include "engine/screen/baby_evidence.hpp"

namespace nbs {

struct ChangeRow {
    std::string sample_id;
    std::string condition_id;
    std::string change;  // NEW | NO_LONGER_PRIORITISED | ... (above)
    std::string before;  // prioritised | not_assessable | not_prioritised | not_on_panel
    std::string after;   // the same, or needs_rescreen
    std::string cause;   // the panel-diff line(s), "; "-separated ("" when UNCHANGED)
    std::string detail;  // what differs, or why the baby needs a re-screen
};

/// Compares results of one baby under the old and the new panel.
class ChangeExplainer {
  public:
    ChangeExplainer(const Panel& old_panel, const Panel& new_panel);

    /// One row per condition of either panel, in condition id order.
    /// \throws std::runtime_error when a JSON text is not a result.
    [[nodiscard]] std::vector<ChangeRow> compare(const std::string& sample_id,
                                                 const std::string& old_json,
                                                 const std::string& new_json) const;

    /// Rows for a baby that could not be re-decided: every condition is NEEDS_RESCREEN; `gaps`
    /// say which genes (or all) lacked evidence.
    [[nodiscard]] std::vector<ChangeRow> needs_rescreen(const std::string& sample_id,
                                                        const std::string& old_json,
                                                        const std::vector<EvidenceGap>& gaps) const;

    /// The diff lines of the two panels, as attributed (for tests and the report).
    [[nodiscard]] const PanelDiff& diff() const { return diff_; }

  private:
    struct Line {
        std::string text;
        std::vector<std::string> conditions;  // the conditions it concerns (empty: panel-wide)
        std::string variant;                  // an allele key it names ("" if none)
    };
    PanelDiff diff_;
    std::vector<Line> lines_;
    std::vector<std::string> conditions_;                               // of either panel, sorted
    std::vector<std::pair<std::string, std::string>> gene_conditions_;  // (gene, condition)
    [[nodiscard]] std::string cause_for(const std::string& condition,
                                        const std::vector<std::string>& variants,
                                        bool changed) const;
};

/// change_report.tsv (header, then rows sorted by sample and condition).
[[nodiscard]] std::string change_report_tsv(const std::vector<ChangeRow>& rows);
/// The same file in pieces, for a report too large to hold (a rescreen of 100,000 babies has
/// ~20 million rows): its header line; one baby's rows, sorted, without the header (written in
/// sample order, the pieces make change_report_tsv of all rows); and how a sample id is written
/// in the first column.
[[nodiscard]] std::string change_report_header();
[[nodiscard]] std::string change_report_rows(const std::vector<ChangeRow>& rows);
[[nodiscard]] std::string change_report_sample_cell(const std::string& sample_id);

}  // namespace nbs
