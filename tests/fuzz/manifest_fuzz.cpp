// Fuzz target: any bytes as a batch manifest (engine/batch/manifest.cpp) give rows or an
// InputError, never a crash. Every row returned must carry a sample id that passes the one
// sample-id rule (it names the result file OUT/<id>.json, so an id that slipped through could
// write outside --out), and no id may appear twice (two babies, one result file).
#include <cstdint>
#include <set>
#include <string>

#include "engine/batch/manifest.hpp"
#include "engine/core/input_error.hpp"
#include "engine/core/sample_id.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const nbs::fuzz::ScratchFile file("manifest", "batch.tsv", nbs::fuzz::as_text(data, size));
    std::vector<nbs::ManifestRow> rows;
    try {
        rows = nbs::read_manifest(file.path());
    } catch (const nbs::InputError& e) {
        (void)nbs::InputError::render_location(e.where());
        return 0;
    }
    std::set<std::string> ids;
    for (const auto& row : rows) {
        const std::string& id = row.input.sample_id;
        if (const auto why = nbs::sample_id_problem(id))
            nbs::fuzz::fail("manifest row " + std::to_string(row.line) + " accepted sample id '" +
                            nbs::printable(id) + "': " + *why);
        if (!ids.insert(id).second) nbs::fuzz::fail("sample id '" + id + "' returned twice");
        if (row.line == 0) nbs::fuzz::fail("a manifest row without a line number");
        if (!row.problem && row.input.vcf.empty())
            nbs::fuzz::fail("row " + std::to_string(row.line) + " has no vcf and no problem");
    }
    return 0;
}
