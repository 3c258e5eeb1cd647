#include "engine/batch/manifest.hpp"

#include <fstream>
#include <map>
#include <set>

#include "engine/core/input_error.hpp"
#include "engine/core/sample_id.hpp"
#include "engine/core/utf8.hpp"
#include "engine/panel/panel_parser.hpp"

namespace nbs {
std::vector<ManifestRow> read_manifest(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in)
        throw InputError({path.string()}, "cannot open the manifest",
                         "check the path; a manifest is a TSV with columns sample_id, vcf[, "
                         "vcf_sample, reported_sex]");
    const std::filesystem::path base = path.parent_path();
    const std::set<std::string> known = {"sample_id",    "vcf",  "vcf_sample",
                                         "reported_sex", "cram", "reference"};
    std::map<std::string, std::size_t> col;
    std::vector<ManifestRow> rows;
    std::set<std::string> ids;
    std::string line;
    std::uint64_t n = 0;
    auto resolve = [&](const std::string& p) {
        if (p.empty() || p == "-" || std::filesystem::path(p).is_absolute()) return p;
        return (base / p).lexically_normal().string();
    };
    while (std::getline(in, line)) {
        ++n;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        // A byte-order mark, as spreadsheet programs write at the start of "UTF-8 text".
        if (n == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
        if (line.empty() || line[0] == '#') continue;
        const auto cells = split_tabs(line);
        if (col.empty()) {
            for (std::size_t i = 0; i < cells.size(); ++i) {
                if (known.count(cells[i]) == 0)
                    throw InputError({path.string(), n, i + 1},
                                     "unknown manifest column '" + printable(cells[i]) + "'",
                                     "manifest columns are sample_id, vcf, vcf_sample, "
                                     "reported_sex, cram, reference");
                col[cells[i]] = i;
            }
            for (const char* req : {"sample_id", "vcf"})
                if (col.count(req) == 0)
                    throw InputError({path.string(), n},
                                     std::string("the manifest has no '") + req + "' column",
                                     "the header row must name sample_id and vcf");
            continue;
        }
        auto cell = [&](const char* name) -> std::string {
            const auto it = col.find(name);
            return it != col.end() && it->second < cells.size() ? cells[it->second] : std::string();
        };
        ManifestRow row;
        row.line = n;
        row.input.sample_id = cell("sample_id");
        row.input.vcf = resolve(cell("vcf"));
        if (const auto s = cell("vcf_sample"); !s.empty()) row.input.vcf_sample = s;
        row.input.cram = resolve(cell("cram"));
        row.input.reference = resolve(cell("reference"));
        check_sample_id(row.input.sample_id, "the manifest's sample_id column",
                        {path.string(), n, col["sample_id"] + 1});
        if (!ids.insert(row.input.sample_id).second)
            throw InputError({path.string(), n, col["sample_id"] + 1},
                             "duplicate sample_id '" + row.input.sample_id + "'",
                             "each baby appears once per batch");
        // Paths and the column name go into the result (UTF-8 JSON): a baby whose row cannot be
        // recorded faithfully fails alone, with the cell named.
        for (const char* name : {"vcf", "vcf_sample", "cram", "reference"})
            if (const auto v = cell(name); !row.problem && first_invalid_utf8(v))
                row.problem = "manifest line " + std::to_string(n) + ": the " + name + " cell '" +
                              printable(v) + "' is not valid UTF-8";
        if (!row.problem && cells.size() != col.size())
            row.problem = "manifest line " + std::to_string(n) + " has " +
                          std::to_string(cells.size()) + " cells, the header has " +
                          std::to_string(col.size());
        else if (!row.problem && row.input.vcf.empty())
            row.problem = "manifest line " + std::to_string(n) + " has no vcf";
        if (const auto s = cell("reported_sex"); !s.empty()) {
            if (auto k = parse_karyotype(s))
                row.input.reported_sex = *k;
            else if (!row.problem)
                row.problem = "manifest line " + std::to_string(n) + ": reported_sex '" +
                              printable(s) + "' is not XX, XY, X0, XXY or unknown";
        }
        rows.push_back(std::move(row));
    }
    if (col.empty())
        throw InputError({path.string()}, "the manifest is empty",
                         "add a header row: sample_id<TAB>vcf");
    return rows;
}

}  // namespace nbs
