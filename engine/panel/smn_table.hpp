#pragma once
// smn.tsv: the SMN1/SMN2 copy-number caller's panel data (docs/panel-format.md "smn.tsv"). One
// table, one row per item, the `kind` column saying which:
//   site         a paralog-differentiating site: smn1_pos/smn1_base, smn2_pos/smn2_base; value
//                `consensus`, or `c840` for c.840C>T (also a consensus site)
//   gene_region  name SMN1 or SMN2: the exon 7-8 region (chrom, start, end; 1-based inclusive)
//   norm_region  a single-copy normalisation region (chrom, start, end)
//   param        a threshold: name, value
// Every row names its source. Checked here, so `panel validate` and `load_panel` agree: GRCh38
// bounds, each site inside its paralog's region with differing bases, one c840 site, enough
// normalisation regions, known parameters in range.
#include <vector>

#include "engine/panel/panel.hpp"
#include "engine/panel/panel_files.hpp"
#include "engine/panel/panel_parser.hpp"

namespace nbs {

/// Sets panel.smn when `files` holds smn.tsv; appends every problem found.
void parse_smn_table(const PanelFiles& files, Panel& panel, std::vector<PanelProblem>& problems);

}  // namespace nbs
