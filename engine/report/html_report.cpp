#include "engine/report/html_report.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "engine/core/input_error.hpp"
#include "engine/core/sample_id.hpp"
#include "engine/core/version.hpp"
#include "engine/panel/panel_files.hpp"
#include "engine/report/html_pages.hpp"

namespace nbs {
namespace fs = std::filesystem;
using html::Json;

namespace {

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + p.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw std::runtime_error("cannot read " + p.string());
    return ss.str();
}

int major_of(std::string_view version) {
    const auto dot = version.find('.');
    if (dot == 0 || dot == std::string_view::npos) return -1;
    int major = 0;
    for (const char c : version.substr(0, dot)) {
        if (c < '0' || c > '9' || major > 1000) return -1;
        major = major * 10 + (c - '0');
    }
    return major;
}

// The screen's own record (.nbscreen/<id>.key, output_dir.hpp) names the SHA-256 of the result it
// wrote: a file without it, or with other bytes, is shown but marked as not proven.
bool proven_by_record(const fs::path& results_dir, const std::string& id, const std::string& sha) {
    std::ifstream in(results_dir / ".nbscreen" / (id + ".key"), std::ios::binary);
    std::string tag, value;
    while (in >> tag >> value)
        if (tag == "result") return value == sha;
    return false;
}

// Babies whose last attempt failed have no JSON; batch_summary.tsv (docs/result-schema.md) names
// them with status "error" (or, after a rescreen, "needs_rescreen") and the message, so the index
// still lists them.
std::vector<html::IndexEntry> error_rows(const fs::path& summary) {
    std::vector<html::IndexEntry> rows;
    std::ifstream in(summary, std::ios::binary);
    std::string line;
    if (!std::getline(in, line)) return rows;
    std::vector<std::string> header;
    std::istringstream hs(line);
    for (std::string col; std::getline(hs, col, '\t');)
        header.push_back(col);
    const auto col = [&](std::string_view name) {
        return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) -
                                        header.begin());
    };
    const std::size_t id_col = col("sample_id"), status_col = col("status"),
                      msg_col = col("message");
    while (std::getline(in, line)) {
        std::vector<std::string> f;
        std::istringstream ls(line);
        for (std::string v; std::getline(ls, v, '\t');)
            f.push_back(v);
        if (status_col >= f.size() || id_col >= f.size() ||
            (f[status_col] != "error" && f[status_col] != "needs_rescreen"))
            continue;
        html::IndexEntry e;
        e.sample_id = f[id_col];
        e.status = f[status_col];
        e.message = msg_col < f.size() ? f[msg_col] : "";
        rows.push_back(std::move(e));
    }
    return rows;
}

// A rescreen's change_report.tsv, when the folder has one (absent: no section).
html::ChangeSummary change_rows(const fs::path& tsv) {
    html::ChangeSummary rows;
    std::ifstream in(tsv, std::ios::binary);
    std::string line;
    if (!std::getline(in, line)) return rows;
    while (std::getline(in, line)) {
        std::vector<std::string> f;
        std::istringstream ls(line);
        for (std::string v; std::getline(ls, v, '\t');)
            f.push_back(v);
        f.resize(7);
        ++rows.per_class[f[2]];
        if (f[2] != "UNCHANGED") rows.changed.push_back({f[0], f[1], f[2], f[3], f[4], f[5], f[6]});
    }
    return rows;
}

}  // namespace

std::string check_result(std::string_view result_json, const std::string& file,
                         std::string_view expected_id) {
    const InputLocation at(file);
    const std::string fix =
        "the report reads the <sample_id>.json files nbscreen screen writes; move other files "
        "out of the results folder";
    Json r;
    try {
        r = Json::parse(result_json);
    } catch (const Json::parse_error& e) {
        throw InputError(at, std::string("not JSON: ") + e.what(), fix);
    }
    if (!r.is_object() || !r.contains("schema_version") || !r["schema_version"].is_string() ||
        !r.contains("sample_id") || !r["sample_id"].is_string() || !r.contains("status") ||
        !r["status"].is_string())
        throw InputError(at,
                         "not a nbscreen result (a JSON object with schema_version, sample_id "
                         "and status is expected)",
                         fix);
    const std::string version = r["schema_version"].get<std::string>();
    const int major = major_of(version), known = major_of(kResultSchemaVersion);
    if (major != known)
        throw InputError(at,
                         "result schema " + printable(version) +
                             " is not one this nbscreen reads "
                             "(major version " +
                             std::to_string(known) + ", " + kResultSchemaVersion +
                             " or a newer 1.x)",
                         "make the report with the nbscreen version that wrote the result");
    const std::string id = r["sample_id"].get<std::string>();
    if (id != expected_id)
        throw InputError(at,
                         "its sample_id '" + printable(id) + "' is not the file's name '" +
                             printable(expected_id) + "'",
                         "a result is named <sample_id>.json; rename or re-screen it");
    for (const char* list : {"findings", "not_assessable", "set_aside"})
        if (r.contains(list) && !r[list].is_array() && !r[list].is_null())
            throw InputError(at, std::string("'") + list + "' is not an array", fix);
    return id;
}

ReportOutcome write_report(const fs::path& results_dir, const fs::path& out_dir,
                           const ReportOptions& options) {
    std::error_code ec;
    if (!fs::is_directory(results_dir, ec))
        throw InputError(InputLocation(results_dir.string()),
                         "is not a folder of results (nbscreen screen -o writes one)");
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(results_dir)) {
        const fs::path& p = e.path();
        if (p.extension() != ".json" || !e.is_regular_file()) continue;
        if (p.filename().string().front() == '.') continue;  // nbscreen's own temporaries
        files.push_back(p);
    }
    std::sort(files.begin(), files.end());  // by name: the same folder, the same pages

    OutputDir out(out_dir, options.output);
    ReportOutcome outcome;
    std::vector<html::IndexEntry> babies;
    std::map<std::string, bool> have_page;
    for (const auto& p : files) {
        const std::string name = p.filename().string();
        const std::string id = p.stem().string();
        try {
            if (const auto problem = sample_id_problem(id))
                throw InputError(InputLocation(p.string()),
                                 "the file name is not a sample id (" + *problem + ")");
            const std::string bytes = read_file(p);
            check_result(bytes, p.string(), id);
            const std::string sha = sha256_hex(bytes);
            const bool verified = proven_by_record(results_dir, id, sha);
            std::string page;
            html::IndexEntry entry;
            try {
                page = render_baby_page(bytes, sha, verified, options);
                entry = html::index_entry(Json::parse(bytes), verified);
            } catch (const Json::exception& e) {
                // A value of the wrong type somewhere inside (a hand-edited or foreign file).
                throw InputError(InputLocation(p.string()),
                                 std::string("not a nbscreen result: ") + e.what());
            }
            out.write_file(html::page_name(id), page);
            babies.push_back(std::move(entry));
            have_page[id] = true;
            ++outcome.pages;
        } catch (const InputError& e) {
            outcome.problems.push_back({name, e.what()});
        }
    }
    for (auto& e : error_rows(results_dir / "batch_summary.tsv"))
        if (!have_page.count(e.sample_id)) babies.push_back(std::move(e));

    outcome.index = out.dir() / "index.html";
    out.write_file("index.html",
                   html::render_index(babies, outcome.problems, options,
                                      change_rows(results_dir / "change_report.tsv")));
    return outcome;
}

}  // namespace nbs
