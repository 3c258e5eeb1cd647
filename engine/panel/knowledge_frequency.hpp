#pragma once
// The gnomAD sections of a panel's knowledge (docs/panel-format.md, "Knowledge"):
// knowledge/gnomad.tsv.zst holds, per allele and source, the overall and per-population allele
// counts and numbers and the source's grpmax (v4) / popmax (v3.1); knowledge/gnomad_covered.tsv.zst
// holds the stretches each source was queried over (CDS ± 20 bp of the panel's transcripts and
// every ClinVar P/LP position) and holds records around, so that "absent from gnomAD" and "not
// covered by the gnomAD files given" can be told apart.
#include <string>
#include <string_view>
#include <vector>

#include "engine/panel/knowledge.hpp"

namespace nbs {

struct PanelFiles;
struct PanelProblem;

/// knowledge/gnomad.tsv.zst for `records` (sorted by contig, key, source):
/// source chrom pos ref alt left_aligned filter ac an grpmax af_grpmax populations, where
/// populations is "afr:AC/AN,amr:AC/AN,..." in the source header's order.
[[nodiscard]] std::string encode_frequency(std::vector<FrequencyRecord> records);
/// knowledge/gnomad_covered.tsv.zst for `covered`: source chrom start end.
[[nodiscard]] std::string encode_frequency_covered(std::vector<FrequencyCovered> covered);

/// The rows of the two sections back into `k` (problems name the file and line).
void parse_frequency(const PanelFiles& files, Knowledge& k, std::vector<PanelProblem>& problems);

/// "gnomAD v4.0 exomes" for a source of kind "gnomad_exomes" (or "gnomad_exomes_2").
[[nodiscard]] std::string describe_frequency_source(const KnowledgeSource& s);

}  // namespace nbs
