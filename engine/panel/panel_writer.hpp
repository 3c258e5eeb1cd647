#pragma once
// Writing panel content back out: the curated-variant table, one [sources] key of panel.toml,
// and the targets as BED. Importers and `panel targets` use these so that every writer follows
// the sort orders and cell rules of docs/panel-format.md.
#include <string>
#include <string_view>
#include <vector>

#include "engine/panel/panel.hpp"

namespace nbs {

/// The column names of variants.tsv, in order. The last two were added by schema 1.1.
inline constexpr std::string_view kVariantColumns[] = {
    "chrom", "pos",    "ref",   "alt",      "gene",         "list",
    "why",   "source", "stars", "added_in", "condition_id", "null_allele"};
/// The columns a schema 1.0 variants.tsv has (the first ten).
inline constexpr std::size_t kVariantColumnsV10 = 10;

/// A TSV cell: tabs, line ends and other control characters become spaces (a cell must never
/// split a row), surrounding spaces are trimmed.
[[nodiscard]] std::string tsv_cell(std::string_view s);

/// A TOML basic string, quoted and escaped.
[[nodiscard]] std::string toml_string(std::string_view s);

/// Sorts curated variants in the documented order: chrom (chr1..chr22, chrX, chrY, chrM), pos,
/// ref, alt, list (include before exclude).
void sort_variants(std::vector<CuratedVariant>& rows);

/// variants.tsv for `rows` (sorted first): `preamble` (comment lines, each ending in '\n'), the
/// header row, then one row per variant, with the first `columns` of kVariantColumns (all of
/// them by default; kVariantColumnsV10 keeps a schema 1.0 file in its layout).
[[nodiscard]] std::string render_variants_tsv(std::vector<CuratedVariant> rows,
                                              const std::string& preamble = {},
                                              std::size_t columns = std::size(kVariantColumns));

/// How many columns the header row of a TSV file has (0 without a header), so a rewrite keeps
/// the layout of the file it replaces.
[[nodiscard]] std::size_t tsv_header_columns(const std::string& text);

/// The comment lines before the header of a TSV file, so a rewrite keeps them.
[[nodiscard]] std::string tsv_preamble(const std::string& text);

/// panel.toml with `[sources] key = "value"` set: the existing line is replaced in place, or the
/// key is added at the end of [sources] (creating the table when absent). Every other byte is
/// kept, so a curator's comments and layout survive.
[[nodiscard]] std::string set_toml_source(const std::string& toml_text, const std::string& key,
                                          const std::string& value);

/// The panel's targets as BED: 0-based half-open, "chrom\tstart\tend\tsymbol", sorted by contig
/// (canonical order), start, end, symbol.
[[nodiscard]] std::string render_targets_bed(const Panel& panel);

}  // namespace nbs
