// nbscreen screen: one baby (--vcf) or a batch (--manifest) against a panel (directory or bundle).

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "cli/commands.hpp"
#include "cli/output_options.hpp"
#include "engine/batch/batch_runner.hpp"
#include "engine/core/input_error.hpp"
#include "engine/core/sample_id.hpp"
#include "engine/core/utf8.hpp"
#include "engine/io/index_prefetch.hpp"
#include "engine/panel/panel_parser.hpp"

namespace nbs::cli {
namespace {

struct ScreenArgs {
    std::string panel;
    std::vector<std::string> vcfs;             // --vcf (repeatable), then the positional VCFs
    std::vector<std::string> positional_vcfs;  // merged into vcfs before run()
    std::string manifest;
    std::string sample;
    std::string sample_id;
    std::string sex;
    std::string cram;
    std::string reference;
    std::string out;
    int threads = 1;
    int io_threads = 0;
    bool no_index = false;
    bool force = false;
    bool ignore_sm = false;
    OutputArgs output;
};

std::string default_sample_id(const std::string& vcf) {
    std::string name = std::filesystem::path(vcf).filename().string();
    for (const char* ext : {".gz", ".bgz", ".vcf", ".bcf", ".g"}) {
        const std::string e(ext);
        if (name.size() > e.size() && name.compare(name.size() - e.size(), e.size(), e) == 0)
            name.resize(name.size() - e.size());
    }
    return name.empty() || vcf == "-" ? "stdin" : name;
}

constexpr const char* kSexValues =
    "XX (or F, female), XY (M, male), X0 (XO, 45X, 45,X), XXY (47,XXY) or unknown; any case";

// One row per VCF given on the command line. Per-baby options name one baby, so they need exactly
// one VCF. Returns nullopt after printing a usage error.
std::optional<std::vector<ManifestRow>> babies_from_vcfs(const ScreenArgs& a) {
    const bool per_baby =
        !a.sample.empty() || !a.sample_id.empty() || !a.sex.empty() || !a.cram.empty();
    if (per_baby && a.vcfs.size() > 1) {
        std::cerr << "[nbscreen] error: --sample, --sample-id, --sex and --cram name one baby, "
                     "but "
                  << a.vcfs.size() << " VCFs were given: use a manifest (--manifest)\n";
        return std::nullopt;
    }
    std::vector<ManifestRow> babies;
    std::set<std::string> ids;
    for (const auto& vcf : a.vcfs) {
        ManifestRow row;
        row.input.vcf = vcf;
        row.input.sample_id = a.sample_id.empty()
                                  ? (a.sample.empty() ? default_sample_id(vcf) : a.sample)
                                  : a.sample_id;
        // The id names OUT/<id>.json: whatever it came from, it must not name a path.
        check_sample_id(row.input.sample_id, !a.sample_id.empty() ? "--sample-id"
                                             : !a.sample.empty()  ? "--sample (the VCF column)"
                                                                  : "the VCF's file name");
        if (!ids.insert(row.input.sample_id).second) {
            std::cerr << "[nbscreen] error: two VCFs would both be sample '"
                      << printable(row.input.sample_id)
                      << "' (the name comes from the file name): use a manifest to name them\n";
            return std::nullopt;
        }
        if (!a.sample.empty()) row.input.vcf_sample = a.sample;
        if (!a.sex.empty()) {
            const auto k = parse_karyotype(a.sex);
            if (!k) {
                std::cerr << "[nbscreen] error: --sex '" << printable(a.sex) << "' is not one of "
                          << kSexValues << "\n";
                return std::nullopt;
            }
            row.input.reported_sex = *k;
        }
        row.input.cram = a.cram;
        row.input.reference = a.reference;
        babies.push_back(std::move(row));
    }
    return babies;
}

// The table on stdout: columns as wide as the longest id, and at most kMaxRows rows (a batch of
// thousands is read in batch_summary.tsv; the table ends with counts per status).
void print_table(const BatchOutcome& outcome) {
    constexpr std::size_t kMaxRows = 50;
    int width = 16;
    for (const auto& r : outcome.rows)
        width = std::max(width, static_cast<int>(r.sample_id.size()));
    std::printf("%-*s %-24s %-9s %s\n", width, "sample_id", "status", "findings", "conditions");
    std::map<std::string, std::size_t> per_status;
    for (std::size_t i = 0; i < outcome.rows.size(); ++i) {
        const auto& r = outcome.rows[i];
        ++per_status[r.status];
        if (i < kMaxRows)
            std::printf("%-*s %-24s %-9zu %s\n", width, r.sample_id.c_str(), r.status.c_str(),
                        r.n_findings,
                        r.status == "error" ? "(see batch_summary.tsv)" : r.condition_ids.c_str());
    }
    if (outcome.rows.size() > kMaxRows) {
        std::printf("... and %zu more babies (all in batch_summary.tsv):",
                    outcome.rows.size() - kMaxRows);
        for (const auto& [status, n] : per_status)
            std::printf(" %s %zu;", status.c_str(), n);
        std::printf("\n");
    }
}

int run(ScreenArgs& a) {
    if (a.vcfs.empty() == a.manifest.empty()) {
        std::cerr << "[nbscreen] error: give VCFs (--vcf FILE, or FILE... as arguments) or "
                     "--manifest FILE, not both\n";
        return kUsage;
    }
    if (!a.manifest.empty() &&
        (!a.sample.empty() || !a.sample_id.empty() || !a.sex.empty() || !a.cram.empty())) {
        std::cerr << "[nbscreen] error: --sample, --sample-id, --sex and --cram are per baby; with "
                     "--manifest use its sample_id, vcf_sample, reported_sex and cram columns\n";
        return kUsage;
    }
    if (a.threads < 1 || a.io_threads < 0) {
        std::cerr << "[nbscreen] error: --threads must be >= 1 and --io-threads >= 0\n";
        return kUsage;
    }
    if (!check_output_args(a.output)) return kUsage;
    std::error_code ec;
    if (a.out == "-" ||
        (std::filesystem::exists(a.out, ec) && !std::filesystem::is_directory(a.out, ec))) {
        std::cerr << "[nbscreen] error: --out '" << printable(a.out)
                  << "' must be a folder (it holds one result per baby and batch_summary.tsv)\n";
        return kUsage;
    }
    // Every path is written into the results (UTF-8 JSON).
    for (const auto& [value, what] : {std::pair{&a.panel, "the --panel path"},
                                      {&a.manifest, "the --manifest path"},
                                      {&a.cram, "the --cram path"},
                                      {&a.reference, "the --reference path"},
                                      {&a.out, "the --out path"},
                                      {&a.sample, "the --sample name"}})
        check_utf8(*value, what);
    for (const auto& vcf : a.vcfs)
        check_utf8(vcf, "the --vcf path");
    // One indexed baby: its index loads on another core while the panel loads and the plan is
    // built (neither needs the other; issue 12 item 2).
    if (a.manifest.empty() && a.vcfs.size() == 1 && !a.no_index) prefetch_vcf_index(a.vcfs[0]);
    const Panel panel = load_panel(a.panel);
    const ScreenPlan plan(panel);

    std::vector<ManifestRow> babies;
    if (!a.manifest.empty()) {
        babies = read_manifest(a.manifest);
        if (babies.empty()) {
            std::cerr << "[nbscreen] error: the manifest " << printable(a.manifest)
                      << " has a header but no babies: add one row per baby\n";
            return kUsage;
        }
    } else {
        auto rows = babies_from_vcfs(a);
        if (!rows) return kUsage;
        babies = std::move(*rows);
    }

    BatchOptions opts;
    opts.out_dir = a.out;
    opts.threads = a.threads;
    // One baby has nothing to run in parallel but decompression: give it the threads.
    opts.screen.hts_threads = a.io_threads > 0 || babies.size() > 1 ? a.io_threads : a.threads - 1;
    opts.screen.use_index = !a.no_index;
    // One baby alone also reads its indexed regions in two halves on two threads, whatever
    // --threads says, as its index loads on another thread (docs/performance.md, "Issue 12
    // status"); several babies fill the threads with babies instead.
    opts.screen.split_indexed_read = babies.size() == 1;
    opts.force = a.force;
    opts.screen.ignore_sm = a.ignore_sm;
    opts.output.wait_for_lock = a.output.wait_lock;
    opts.output.file_mode = a.output.mode;
    opts.provenance = run_provenance(a.output, panel);
    opts.on_progress = progress_line(a.output);
    BatchOutcome outcome;
    try {
        outcome = run_batch(plan, babies, opts);
    } catch (const OutputDirLocked& e) {
        std::cerr << "[nbscreen] error: " << terminal_safe(e.what(), true) << '\n';
        return kUsage;
    }

    if (!a.output.quiet) {
        print_table(outcome);
        std::printf("panel %s %s sha256:%s; %zu screened, %zu reused, %zu failed; results in %s\n",
                    panel.manifest.id.c_str(), panel.manifest.version.c_str(),
                    panel.sha256.substr(0, 12).c_str(), outcome.screened, outcome.skipped,
                    outcome.input_errors + outcome.io_errors, a.out.c_str());
        if (outcome.from_earlier_runs > 0)
            std::printf("batch_summary.tsv also lists %zu earlier %s of %s\n",
                        outcome.from_earlier_runs,
                        outcome.from_earlier_runs == 1 ? "baby" : "babies", a.out.c_str());
        if (outcome.cohort_reads > 0)
            std::printf("%zu %s read from %zu multi-sample %s, one read per file\n",
                        outcome.cohort_babies, outcome.cohort_babies == 1 ? "baby" : "babies",
                        outcome.cohort_reads, outcome.cohort_reads == 1 ? "file" : "files");
        if (outcome.cohort_fallbacks > 0)
            std::printf(
                "%zu multi-sample %s could not be read in one pass; %s babies were read "
                "one at a time\n",
                outcome.cohort_fallbacks, outcome.cohort_fallbacks == 1 ? "file" : "files",
                outcome.cohort_fallbacks == 1 ? "its" : "their");
    }
    for (const auto& r : outcome.rows)
        if (r.status == "error")
            std::cerr << "[nbscreen] error: " << r.sample_id << ": "
                      << terminal_safe(r.message, true) << '\n';
    if (!outcome.summary_error.empty()) {
        // The summary is lost, so stderr is the only list of what was not written.
        std::cerr << "[nbscreen] failure: batch_summary.tsv was not written: "
                  << terminal_safe(outcome.summary_error, true) << '\n';
        return kFailure;
    }
    if (outcome.io_errors > 0) return kFailure;
    if (outcome.input_errors > 0) return kBadInput;
    return kOk;
}

}  // namespace

Runner add_screen_command(CLI::App& app) {
    auto args = std::make_shared<ScreenArgs>();
    CLI::App* cmd = app.add_subcommand(
        "screen", "Screen one baby (--vcf) or a batch (--manifest) against a panel");
    cmd->add_option("--panel", args->panel, "Panel directory or compiled .nbpanel bundle")
        ->required();
    cmd->add_option("--vcf", args->vcfs,
                    "A baby's VCF, VCF.gz or BCF ('-' reads stdin); repeat it, or give the files "
                    "as arguments, for several babies named after their files");
    cmd->add_option("vcfs", args->positional_vcfs,
                    "VCFs to screen, as if each were given with --vcf");
    cmd->add_option(
        "--manifest", args->manifest,
        "Batch TSV: sample_id, vcf[, vcf_sample, reported_sex, cram, reference]; relative paths "
        "are resolved against the manifest's folder");
    cmd->add_option("--sample", args->sample,
                    "Sample column to read from a multi-sample VCF (with --vcf)");
    cmd->add_option("--sample-id", args->sample_id,
                    "Result name for --vcf [default: --sample, else the file name]");
    cmd->add_option("--sex", args->sex, std::string("Reported sex (with one VCF): ") + kSexValues);
    cmd->add_option("--cram", args->cram, "Alignments for coverage (CRAM or BAM) (with --vcf)");
    cmd->add_option("--reference", args->reference, "Reference FASTA for CRAM decoding");
    cmd->add_option("-o,--out", args->out,
                    "Output folder: <sample_id>.json per baby and batch_summary.tsv")
        ->required();
    cmd->add_option("--threads", args->threads,
                    "Babies screened in parallel (with one --vcf: decompression threads, when it "
                    "is streamed)")
        ->capture_default_str();
    cmd->add_option("--io-threads", args->io_threads,
                    "Extra htslib decompression threads per streamed file (an indexed read does "
                    "not use them)")
        ->capture_default_str();
    cmd->add_flag("--no-index", args->no_index, "Stream every file even when it has an index");
    cmd->add_flag("--force", args->force, "Redo babies whose result already exists");
    cmd->add_flag("--ignore-sm", args->ignore_sm,
                  "Accept alignments whose @RG SM is not the VCF sample (recorded in the result)");
    add_output_options(cmd, args->output,
                       "If another nbscreen is writing to --out, wait for it instead of exiting 2",
                       "No progress line and no summary table");
    return [args] {
        args->vcfs.insert(args->vcfs.end(), args->positional_vcfs.begin(),
                          args->positional_vcfs.end());
        return run(*args);
    };
}

}  // namespace nbs::cli
