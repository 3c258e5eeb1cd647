#include "engine/batch/batch_summary.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "engine/core/utf8.hpp"

namespace nbs {
namespace {

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string s;
    for (const auto& x : v)
        s += (s.empty() ? "" : sep) + x;
    return s;
}

void add_once(std::vector<std::string>& v, const std::string& x) {
    if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}

// One cell: tabs and line breaks become spaces, and other control bytes are escaped, so that a
// message quoting a file's content cannot break the table or drive a terminal that shows it.
std::string tsv_cell(std::string s) {
    for (char& c : s)
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    return terminal_safe(s);
}

}  // namespace

SummaryRow row_from_result(const BabyResult& r) {
    SummaryRow row;
    row.sample_id = r.sample_id;
    row.status = std::string(to_string(r.status));
    row.n_findings = r.findings.size();
    std::vector<std::string> conds, genes, na;
    for (const auto& f : r.findings) {
        add_once(conds, f.condition_id);
        add_once(genes, f.gene);
    }
    row.condition_ids = join(conds, ",");
    row.genes = join(genes, ",");
    row.sex_inferred = std::string(to_string(r.sex.inferred.karyotype));
    row.sex_reported = r.sex.reported ? std::string(to_string(*r.sex.reported)) : "";
    row.qc_failures = join(r.qc.failures, ",");
    for (const auto& n : r.not_assessable)
        add_once(na, n.condition_id);
    row.n_not_assessable = na.size();
    row.n_set_aside = r.set_aside.size();
    row.n_qc_flags = r.qc.flags.size();
    return row;
}

SummaryRow row_from_json(std::string_view text, std::string_view panel_sha256) {
    try {
        const auto j = nlohmann::json::parse(text);
        SummaryRow row;
        row.sample_id = j.at("sample_id").get<std::string>();
        row.status = j.at("status").get<std::string>();
        std::vector<std::string> conds, genes, na;
        for (const auto& f : j.at("findings")) {
            add_once(conds, f.at("condition_id").get<std::string>());
            add_once(genes, f.at("gene").get<std::string>());
        }
        row.n_findings = j.at("findings").size();
        row.condition_ids = join(conds, ",");
        row.genes = join(genes, ",");
        row.sex_inferred = j.at("sex").at("inferred").get<std::string>();
        const auto& rep = j.at("sex").at("reported");
        row.sex_reported = rep.is_null() ? "" : rep.get<std::string>();
        row.qc_failures = join(j.at("qc").at("failures").get<std::vector<std::string>>(), ",");
        for (const auto& n : j.at("not_assessable"))
            add_once(na, n.at("condition_id").get<std::string>());
        row.n_not_assessable = na.size();
        row.n_set_aside = j.at("set_aside").size();
        row.n_qc_flags = j.at("qc").at("flags").size();
        const auto& panel = j.at("panel");
        const auto sha = panel.at("sha256").get<std::string>();
        if (sha != panel_sha256)
            row.message = "screened with panel " + panel.at("id").get<std::string>() + " " +
                          panel.at("version").get<std::string>() + " (sha256 " + sha.substr(0, 12) +
                          "), not this run's panel";
        row.outcome = RowOutcome::skipped_existing;
        return row;
    } catch (const nlohmann::json::exception& e) {
        throw std::runtime_error(std::string("not an nbscreen result: ") + e.what());
    }
}

std::string summary_tsv(const std::vector<SummaryRow>& rows) {
    std::string out =
        "sample_id\tstatus\tn_findings\tcondition_ids\tgenes\tsex_inferred\tsex_reported\tqc_"
        "failures\tn_not_assessable\tn_set_aside\tn_qc_flags\tmessage\n";
    for (const auto& r : rows) {
        out += tsv_cell(r.sample_id) + '\t' + r.status + '\t' + std::to_string(r.n_findings) +
               '\t' + r.condition_ids + '\t' + r.genes + '\t' + r.sex_inferred + '\t' +
               r.sex_reported + '\t' + r.qc_failures + '\t' + std::to_string(r.n_not_assessable) +
               '\t' + std::to_string(r.n_set_aside) + '\t' + std::to_string(r.n_qc_flags) + '\t' +
               tsv_cell(r.message) + '\n';
    }
    return out;
}

}  // namespace nbs
