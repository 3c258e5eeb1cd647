#include "engine/batch/rescreen.hpp"

#include "engine/batch/vcf_identity.hpp"

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "engine/batch/batch_runner.hpp"
#include "engine/core/input_error.hpp"
#include "engine/core/sample_id.hpp"
#include "engine/core/tsan_annotations.hpp"
#include "engine/report/evidence_codec.hpp"
#include "engine/screen/baby_evidence.hpp"

namespace nbs {
namespace {

namespace fs = std::filesystem;

std::string gaps_text(const std::vector<EvidenceGap>& gaps) {
    std::string text;
    for (const auto& g : gaps)
        text += (text.empty() ? "" : "; ") + (g.gene.empty() ? "" : g.gene + ": ") + g.reason;
    return text;
}

// A re-read is this baby's only if its VCF is the file the snapshot was made from.
void check_same_vcf(const BabyEvidence& ev) {
    const std::string& vcf = ev.input.vcf;
    const std::string fix = "screen this baby from its VCF with 'nbscreen screen'";
    if (vcf == "-" || ev.vcf_sha256.empty())
        throw InputError({vcf},
                         "needs re-screen from the VCF, and its VCF was read from a stream "
                         "that cannot be read again",
                         fix);
    std::error_code ec;
    if (!fs::is_regular_file(vcf, ec))
        throw InputError({vcf}, "needs re-screen from the VCF, which is no longer there", fix);
    if (vcf_identity_like(vcf, ev.vcf_sha256) != ev.vcf_sha256)
        throw InputError({vcf},
                         "needs re-screen from the VCF, but the file changed since the screen "
                         "(the SHA-256 of what the screen read is not the one the snapshot "
                         "records): it is not provably this baby's evidence",
                         fix);
}

// The checksum of the panel that decided a stored result (its "panel" block): after a rescreen
// that is the new panel, while the snapshot still names the panel that read the VCF.
std::string result_panel_sha256(const std::string& json) {
    const auto j = nlohmann::json::parse(json, nullptr, false);
    if (!j.is_object() || !j.contains("panel") || !j["panel"].is_object()) return {};
    return j["panel"].value("sha256", "");
}

}  // namespace

std::string previous_panel_source(const fs::path& previous) {
    OutputDir dir(previous, {});
    std::string source, sha;
    for (const StoredBaby& b : dir.contents()) {
        if (!b.result_json) continue;
        const auto bytes = dir.stored_evidence(b.sample_id);
        if (!bytes) continue;
        try {
            const BabyEvidence ev = decode_evidence(*bytes, b.sample_id);
            // Known only when the panel that read the VCF also decided the result.
            if (ev.panel_sha256 != result_panel_sha256(*b.result_json)) return {};
            if (sha.empty()) {
                sha = ev.panel_sha256;
                source = ev.panel_source;
            } else if (sha != ev.panel_sha256 || source != ev.panel_source) {
                return {};
            }
        } catch (const InputError&) {
            continue;
        }
    }
    return source;
}

RescreenOutcome run_rescreen(const ScreenPlan& plan, const Panel& old_panel,
                             const RescreenOptions& options) {
    std::error_code ec;
    if (!fs::is_directory(options.previous / ".nbscreen", ec))
        throw InputError({options.previous.string()},
                         "not an nbscreen results folder (no .nbscreen/ inside)",
                         "give the folder 'nbscreen screen --out' wrote");
    OutputDir previous(options.previous, options.output);
    OutputDir out(options.out_dir, options.output);
    const std::vector<StoredBaby> babies = previous.contents();
    const ChangeExplainer explainer(old_panel, plan.panel());

    std::vector<SummaryRow> rows(babies.size());
    std::vector<char> how(babies.size(), 0);  // 'd' decided, 'r' re-read, 'n' needs re-screen
    std::mutex progress_mutex;
    std::size_t done = 0;

    // change_report.tsv is written while babies are decided, in sample order (`babies` is
    // sorted): a baby's rows wait only until every baby before it is written. Held whole it was
    // ~100 bytes x conditions x babies: gigabytes for a programme's folder.
    std::mutex report_mutex;
    std::unique_ptr<AtomicFileWriter> report;
    std::string report_error;
    try {
        report = out.file_writer("change_report.tsv");
        report->append(change_report_header());
    } catch (const std::exception& e) {
        report_error = e.what();
    }
    std::vector<std::string> waiting(babies.size());  // rendered rows not yet written
    std::vector<char> decided(babies.size(), 0);
    std::vector<std::map<std::string, std::size_t>> counts(babies.size());
    std::size_t next_to_write = 0;
    auto report_baby = [&](std::size_t i, const std::vector<ChangeRow>& changes) {
        std::string text = change_report_rows(changes);
        std::lock_guard lock(report_mutex);
        for (const auto& c : changes)
            ++counts[i][c.change];
        waiting[i] = std::move(text);
        decided[i] = 1;
        for (; next_to_write < babies.size() && decided[next_to_write]; ++next_to_write) {
            std::string& t = waiting[next_to_write];
            if (report && report_error.empty()) {
                try {
                    report->append(t);
                } catch (const std::exception& e) {
                    report_error = e.what();
                }
            }
            std::string().swap(t);
        }
    };

    auto one = [&](std::size_t i) -> std::vector<ChangeRow> {
        std::vector<ChangeRow> changes;
        const StoredBaby& b = babies[i];
        SummaryRow& row = rows[i];
        row.sample_id = printable(b.sample_id);
        if (!b.result_json) {
            row.status = "error";
            row.message = "the previous screen failed: " + b.failure;
            row.outcome = RowOutcome::earlier_run;
            return changes;
        }
        try {
            const fs::path path = previous.evidence_path(b.sample_id);
            const auto bytes = previous.stored_evidence(b.sample_id);
            if (!bytes)
                throw InputError({path.string()},
                                 "no evidence snapshot that the folder's record proves belongs to "
                                 "this result (screened by an nbscreen without snapshots, or the "
                                 "file was replaced)",
                                 "screen this baby from its VCF with 'nbscreen screen'");
            const BabyEvidence ev = decode_evidence(*bytes, path.string());
            if (ev.input.sample_id != b.sample_id)
                throw InputError({path.string()}, "the snapshot is of sample '" +
                                                      printable(ev.input.sample_id) + "'");
            if (const std::string decided = result_panel_sha256(*b.result_json);
                decided != old_panel.sha256)
                throw InputError({previous.result_path(b.sample_id).string()},
                                 "decided with another panel (sha256 " + decided.substr(0, 12) +
                                     ") than the previous panel given (sha256 " +
                                     old_panel.sha256.substr(0, 12) + ")",
                                 "give that panel as --previous-panel");
            const std::vector<EvidenceGap> gaps = evidence_gaps(plan, ev);
            std::string json;
            if (gaps.empty()) {
                const BabyResult result = decide_from_evidence(plan, ev);
                json = result_to_json(result, plan.panel(), options.provenance);
                // The same evidence, so the same snapshot bytes; no resume key: a later screen
                // into this folder reads the VCF.
                out.commit(b.sample_id, json, "", {{path.filename().string(), *bytes}});
                row = row_from_result(result);
                how[i] = 'd';
            } else if (options.reread) {
                check_same_vcf(ev);
                BabyEvidence fresh;
                ReadFootprint footprint;
                const BabyResult result =
                    screen_baby(plan, ev.input, options.screen, &fresh, &footprint);
                // The new panel may read other regions: the snapshot names what this read used
                // (a whole-file checksum, just verified, still proves it as it is).
                fresh.vcf_sha256 = is_footprint_identity(ev.vcf_sha256)
                                       ? vcf_identity(ev.input.vcf, footprint)
                                       : ev.vcf_sha256;
                if (!options.provenance) fresh.panel_source.clear();
                json = result_to_json(result, plan.panel(), options.provenance);
                const std::string snapshot = encode_evidence(fresh);
                out.commit(b.sample_id, json, "", {{path.filename().string(), snapshot}});
                row = row_from_result(result);
                how[i] = 'r';
            } else {
                const std::string why = "needs re-screen from the VCF: " + gaps_text(gaps);
                out.record_failure(b.sample_id, why);
                row.status = "needs_rescreen";
                row.message = why;
                row.outcome = RowOutcome::input_error;
                changes = explainer.needs_rescreen(b.sample_id, *b.result_json, gaps);
                how[i] = 'n';
                return changes;
            }
            changes = explainer.compare(b.sample_id, *b.result_json, json);
        } catch (const InputError& e) {
            row = SummaryRow{};
            row.sample_id = printable(b.sample_id);
            row.status = "error";
            row.message = e.what();
            row.outcome = RowOutcome::input_error;
        } catch (const std::exception& e) {
            row = SummaryRow{};
            row.sample_id = printable(b.sample_id);
            row.status = "error";
            row.message = std::string("I/O or internal failure: ") + e.what();
            row.outcome = RowOutcome::io_error;
        }
        if (row.status == "error") {
            changes.clear();
            try {
                out.record_failure(b.sample_id, row.message);
            } catch (const std::exception&) {
            }
        }
        return changes;
    };

    const int threads = std::max(1, options.threads);
    tbb::global_control pool(tbb::global_control::max_allowed_parallelism,
                             static_cast<std::size_t>(threads));
    tbb::task_arena arena(threads);
    char may_start = 0, finished = 0;
    tsan_release(&may_start);
    arena.execute([&] {
        const auto body = [&](const tbb::blocked_range<std::size_t>& r) {
            tsan_acquire(&may_start);
            for (std::size_t i = r.begin(); i != r.end(); ++i) {
                report_baby(i, one(i));
                if (options.on_progress) {
                    std::lock_guard lock(progress_mutex);
                    options.on_progress(++done, babies.size());
                }
            }
            tsan_release(&finished);
        };
        tbb::parallel_for(tbb::blocked_range<std::size_t>(0, babies.size(), 1),
                          TsanVisibleBody(body), tbb::simple_partitioner());
    });
    tsan_acquire(&finished);
    {
        std::vector<std::string> ids;
        for (const auto& b : babies)
            ids.push_back(b.sample_id);
        // A baby whose result did not become durable was not re-decided after all: its rows,
        // already written, are taken back.
        std::set<std::string> lost;
        for (std::size_t i : flush_results(out, ids, rows)) {
            how[i] = 0;
            counts[i].clear();
            lost.insert(change_report_sample_cell(babies[i].sample_id));
        }
        if (!lost.empty() && report && report_error.empty()) {
            try {
                bool header = true;
                report->keep_lines([&](std::string_view line) {
                    if (std::exchange(header, false)) return true;
                    return lost.count(std::string(line.substr(0, line.find('\t')))) == 0;
                });
            } catch (const std::exception& e) {
                report_error = e.what();
            }
        }
    }

    RescreenOutcome outcome;
    for (std::size_t i = 0; i < babies.size(); ++i) {
        const SummaryRow& r = rows[i];
        if (how[i] == 'd') ++outcome.redecided;
        if (how[i] == 'r') ++outcome.reread;
        if (how[i] == 'n') ++outcome.needs_rescreen;
        if (r.outcome == RowOutcome::earlier_run) ++outcome.previous_failures;
        if (r.status == "error" && r.outcome == RowOutcome::input_error) ++outcome.input_errors;
        if (r.outcome == RowOutcome::io_error) ++outcome.io_errors;
        for (const auto& [change, n] : counts[i])
            outcome.change_counts[change] += n;
    }
    std::sort(rows.begin(), rows.end(),
              [](const SummaryRow& a, const SummaryRow& b) { return a.sample_id < b.sample_id; });
    try {
        out.write_file("batch_summary.tsv", summary_tsv(rows));
        if (!report_error.empty()) throw std::runtime_error(report_error);
        report->commit();
    } catch (const std::exception& e) {
        outcome.summary_error = e.what();
    }
    outcome.rows = std::move(rows);
    return outcome;
}

}  // namespace nbs
