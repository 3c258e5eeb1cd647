#pragma once
// `nbscreen panel targets PANEL --make`: coverage targets for the panel genes that have none,
// from their MANE Select coding exons (docs/panel-format.md, "targets.tsv"). Curated targets are
// never changed: a gene with at least one target row keeps exactly its rows.
#include <string>
#include <vector>

#include "engine/genome/transcript.hpp"
#include "engine/panel/panel.hpp"

namespace nbs {

struct TargetMake {
    /// Every row of the new targets.tsv: the kept rows and the added ones, sorted by contig
    /// (canonical order), start, end, symbol (the order derived panels use).
    std::vector<Target> targets;
    struct Added {
        std::string gene;
        std::string transcript;  // the MANE Select model the exons came from
        std::size_t rows = 0;
    };
    std::vector<Added> added;            // genes given coding_exon targets, genes.tsv order
    std::vector<std::string> gene_span;  // genes without a MANE Select CDS: one gene_span row
    std::size_t kept = 0;                // target rows kept as they were
};

/// Targets for the genes of `panel` without any. `curated` says whether the panel's targets came
/// from a targets.tsv (a panel without one gets gene-span targets on load, which are not
/// curated: every gene is then treated as having none). A gene's targets are the CDS intervals of
/// its MANE Select model in `models` (panel_gene = its symbol, tag MANE_Select), each widened by
/// the panel's `target_padding_bp` on both sides (clipped to the contig), overlapping or abutting
/// intervals merged; a gene without such a model gets its genes.tsv span as a `gene_span` row.
/// Example: AVP (ENST00000380293.3) has CDS chr20:3082630-3082802, 3082977-3083178 and
/// 3084555-3084674 (stop codon included); with 20 bp padding its targets are 3082610-3082822,
/// 3082957-3083198 and 3084535-3084694.
[[nodiscard]] TargetMake make_targets(const Panel& panel, bool curated,
                                      const std::vector<TranscriptModel>& models);

/// targets.tsv for `rows` (already in order): `preamble` (comment lines), the header, the rows.
[[nodiscard]] std::string render_targets_tsv(const std::vector<Target>& rows,
                                             const std::string& preamble = {});

}  // namespace nbs
