#pragma once
// The batch manifest: a TSV with a header row. Columns: sample_id and vcf (required); vcf_sample,
// reported_sex, cram, reference (optional). Relative paths are resolved against the manifest's
// own folder, so a manifest travels with its data.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/screen/screen_baby.hpp"

namespace nbs {

struct ManifestRow {
    BabyInput input;
    std::uint64_t line = 0;
    std::optional<std::string> problem;  // a row-level problem fails only this baby
};

/// \throws InputError for problems with the manifest as a whole (missing file, unknown or missing
/// column, duplicate sample_id). Row-level problems are returned in ManifestRow::problem.
[[nodiscard]] std::vector<ManifestRow> read_manifest(const std::filesystem::path& path);

}  // namespace nbs
