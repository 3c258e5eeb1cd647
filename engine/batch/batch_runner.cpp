#include "engine/batch/batch_runner.hpp"

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/core/input_error.hpp"
#include "engine/core/sample_id.hpp"
#include "engine/core/tsan_annotations.hpp"
#include "engine/panel/panel_files.hpp"
#include "engine/report/atomic_file.hpp"

namespace nbs {
namespace {

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string s;
    for (const auto& x : v)
        s += (s.empty() ? "" : sep) + x;
    return s;
}

SummaryRow row_from_result(const BabyResult& r) {
    SummaryRow row;
    row.sample_id = r.sample_id;
    row.status = std::string(to_string(r.status));
    row.n_findings = r.findings.size();
    std::vector<std::string> conds, genes;
    for (const auto& f : r.findings) {
        if (std::find(conds.begin(), conds.end(), f.condition_id) == conds.end())
            conds.push_back(f.condition_id);
        if (std::find(genes.begin(), genes.end(), f.gene) == genes.end()) genes.push_back(f.gene);
    }
    row.condition_ids = join(conds, ",");
    row.genes = join(genes, ",");
    row.sex_inferred = std::string(to_string(r.sex.inferred.karyotype));
    row.sex_reported = r.sex.reported ? std::string(to_string(*r.sex.reported)) : "";
    row.qc_failures = join(r.qc.failures, ",");
    std::vector<std::string> na;
    for (const auto& n : r.not_assessable)
        if (std::find(na.begin(), na.end(), n.condition_id) == na.end())
            na.push_back(n.condition_id);
    row.n_not_assessable = na.size();
    row.n_set_aside = r.set_aside.size();
    row.n_qc_flags = r.qc.flags.size();
    return row;
}

// Rebuilds a summary row from a result already on disk (resume).
std::optional<SummaryRow> row_from_file(const std::filesystem::path& p) {
    std::ifstream in(p);
    if (!in) return std::nullopt;
    try {
        const auto j = nlohmann::json::parse(in);
        SummaryRow row;
        row.sample_id = j.at("sample_id").get<std::string>();
        row.status = j.at("status").get<std::string>();
        std::vector<std::string> conds, genes;
        for (const auto& f : j.at("findings")) {
            const auto c = f.at("condition_id").get<std::string>();
            const auto g = f.at("gene").get<std::string>();
            if (std::find(conds.begin(), conds.end(), c) == conds.end()) conds.push_back(c);
            if (std::find(genes.begin(), genes.end(), g) == genes.end()) genes.push_back(g);
        }
        row.n_findings = j.at("findings").size();
        row.condition_ids = join(conds, ",");
        row.genes = join(genes, ",");
        row.sex_inferred = j.at("sex").at("inferred").get<std::string>();
        const auto& rep = j.at("sex").at("reported");
        row.sex_reported = rep.is_null() ? "" : rep.get<std::string>();
        row.qc_failures = join(j.at("qc").at("failures").get<std::vector<std::string>>(), ",");
        std::vector<std::string> na;
        for (const auto& n : j.at("not_assessable")) {
            const auto c = n.at("condition_id").get<std::string>();
            if (std::find(na.begin(), na.end(), c) == na.end()) na.push_back(c);
        }
        row.n_not_assessable = na.size();
        row.n_set_aside = j.at("set_aside").size();
        row.n_qc_flags = j.at("qc").at("flags").size();
        row.outcome = RowOutcome::skipped_existing;
        return row;
    } catch (const std::exception&) {
        return std::nullopt;  // unreadable: screen again
    }
}

std::string tsv_cell(std::string s) {
    for (char& c : s)
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    return s;
}

}  // namespace

std::string resume_key(const ScreenPlan& plan, const BabyInput& input) {
    // stdin is gone once read: nothing proves the next run's stream is the same baby.
    if (input.vcf == "-") return {};
    std::string k = "panel=" + plan.panel().sha256 + "\n";
    // The VCF by its content: a path, size and time can all be the same for another baby's file
    // (a re-delivered sample, a copy with preserved times).
    std::error_code ec;
    if (!std::filesystem::is_regular_file(input.vcf, ec)) return {};
    k += "vcf=" + input.vcf + " sha256=" + sha256_file_hex(input.vcf) + "\n";
    // Alignments and their reference are tens of gigabytes: identified by size and time.
    for (const auto* p : {&input.cram, &input.reference}) {
        k += "file=" + *p;
        if (!p->empty()) {
            const auto size = std::filesystem::file_size(*p, ec);
            const auto mtime = std::filesystem::last_write_time(*p, ec).time_since_epoch().count();
            k += " size=" + std::to_string(ec ? 0 : size) +
                 " mtime=" + std::to_string(ec ? 0 : mtime);
        }
        k += "\n";
    }
    k += "vcf_sample=" + input.vcf_sample.value_or("") + "\n";
    k += "reported_sex=" + (input.reported_sex ? std::string(to_string(*input.reported_sex)) : "") +
         "\n";
    return sha256_hex(k);
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

BatchOutcome run_batch(const ScreenPlan& plan, const std::vector<ManifestRow>& babies,
                       const BatchOptions& options) {
    std::filesystem::create_directories(options.out_dir);
    const auto keys_dir = options.out_dir / ".nbscreen";
    std::filesystem::create_directories(keys_dir);
    remove_stale_temporaries(options.out_dir);
    remove_stale_temporaries(keys_dir);

    std::vector<SummaryRow> rows(babies.size());
    std::mutex progress_mutex;
    std::size_t done = 0;

    auto screen_one = [&](std::size_t i) {
        const ManifestRow& m = babies[i];
        SummaryRow& row = rows[i];
        row.sample_id = printable(m.input.sample_id);  // never a raw control byte in the summary
        const auto json_path = options.out_dir / (m.input.sample_id + ".json");
        const auto key_path = keys_dir / (m.input.sample_id + ".key");
        try {
            if (m.problem) throw InputError({}, *m.problem, "fix the manifest row");
            // Every caller validates ids; this is the last line before a path is built from one.
            check_sample_id(m.input.sample_id, "the batch");
            const std::string key = resume_key(plan, m.input);
            std::optional<SummaryRow> existing;
            if (!options.force && !key.empty() && std::filesystem::exists(json_path) &&
                std::filesystem::exists(key_path) && read_file_bytes(key_path) == key + "\n")
                existing = row_from_file(json_path);
            if (existing) {
                row = *existing;
            } else {
                const BabyResult result = screen_baby(plan, m.input, options.screen);
                // The key goes last: a result without its key is redone, never trusted.
                std::error_code ec;
                std::filesystem::remove(key_path, ec);
                write_file_atomically(json_path,
                                      result_to_json(result, plan.panel(), options.provenance));
                if (!key.empty()) write_file_atomically(key_path, key + "\n");
                row = row_from_result(result);
            }
        } catch (const InputError& e) {
            row.status = "error";
            row.message = e.what();
            row.outcome = RowOutcome::input_error;
        } catch (const std::exception& e) {
            row.status = "error";
            row.message = std::string("I/O or internal failure: ") + e.what();
            row.outcome = RowOutcome::io_error;
        }
        if (options.on_progress) {
            std::lock_guard lock(progress_mutex);
            options.on_progress(++done, babies.size());
        }
    };

    // TBB sizes its worker pool to the machine; asking for more threads than cores (--threads 8
    // on a 2-core node, as the determinism test does) needs the pool raised for this batch, or
    // TBB ignores the request and prints a warning on stderr.
    const int threads = std::max(1, options.threads);
    tbb::global_control pool(tbb::global_control::max_allowed_parallelism,
                             static_cast<std::size_t>(threads));
    tbb::task_arena arena(threads);
    // The orderings parallel_for guarantees, stated for ThreadSanitizer (tsan_annotations.hpp).
    char tasks_may_start = 0;
    char tasks_done = 0;
    tsan_release(&tasks_may_start);
    arena.execute([&] {
        tbb::parallel_for(
            tbb::blocked_range<std::size_t>(0, babies.size(), 1),
            [&](const tbb::blocked_range<std::size_t>& r) {
                tsan_acquire(&tasks_may_start);
                for (std::size_t i = r.begin(); i != r.end(); ++i)
                    screen_one(i);
                tsan_release(&tasks_done);
            },
            tbb::simple_partitioner());
    });
    tsan_acquire(&tasks_done);

    BatchOutcome out;
    std::sort(rows.begin(), rows.end(),
              [](const SummaryRow& a, const SummaryRow& b) { return a.sample_id < b.sample_id; });
    for (const auto& r : rows) {
        switch (r.outcome) {
            case RowOutcome::screened:
                ++out.screened;
                break;
            case RowOutcome::skipped_existing:
                ++out.skipped;
                break;
            case RowOutcome::input_error:
                ++out.input_errors;
                break;
            case RowOutcome::io_error:
                ++out.io_errors;
                break;
        }
    }
    write_file_atomically(options.out_dir / "batch_summary.tsv", summary_tsv(rows));
    out.rows = std::move(rows);
    return out;
}

}  // namespace nbs
