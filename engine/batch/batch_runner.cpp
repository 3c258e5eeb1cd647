#include "engine/batch/batch_runner.hpp"

#include "engine/batch/vcf_identity.hpp"

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <elf.h>
#include <link.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <system_error>
#include <thread>

#include "engine/core/input_error.hpp"
#include "engine/core/sample_id.hpp"
#include "engine/core/tsan_annotations.hpp"
#include "engine/core/version.hpp"
#include "engine/io/vcf_reader.hpp"
#include "engine/panel/panel_files.hpp"
#include "engine/report/evidence_codec.hpp"
#include "engine/screen/baby_evidence.hpp"
#include "engine/screen/screen_cohort.hpp"

namespace nbs {
namespace {

// The linker's build id of the running executable (ELF note NT_GNU_BUILD_ID, a SHA-1 of the
// linked output, so any change of code gives another), read from memory: hashing the 4.7 MB
// executable file had been ~4% of an indexed screen's CPU. Where there is no such note, the
// SHA-256 of /proc/self/exe; "" where neither can be had. Once per process.
std::string gnu_build_id() {
    std::string id;
    dl_iterate_phdr(
        [](dl_phdr_info* info, std::size_t, void* out) -> int {
            // The first object listed is the executable itself.
            for (int i = 0; i < info->dlpi_phnum; ++i) {
                const ElfW(Phdr)& ph = info->dlpi_phdr[i];
                if (ph.p_type != PT_NOTE) continue;
                const auto* p =
                    reinterpret_cast<const unsigned char*>(info->dlpi_addr + ph.p_vaddr);
                const unsigned char* const end = p + ph.p_memsz;
                while (p + sizeof(ElfW(Nhdr)) <= end) {
                    const auto* n = reinterpret_cast<const ElfW(Nhdr)*>(p);
                    const unsigned char* name = p + sizeof(ElfW(Nhdr));
                    const unsigned char* desc = name + ((n->n_namesz + 3) & ~3U);
                    if (n->n_type == NT_GNU_BUILD_ID && n->n_namesz == 4 &&
                        std::memcmp(name, "GNU", 4) == 0 && desc + n->n_descsz <= end) {
                        static constexpr char kHex[] = "0123456789abcdef";
                        auto* s = static_cast<std::string*>(out);
                        for (unsigned k = 0; k < n->n_descsz; ++k) {
                            *s += kHex[desc[k] >> 4];
                            *s += kHex[desc[k] & 0xF];
                        }
                        return 1;
                    }
                    p = desc + ((n->n_descsz + 3) & ~3U);
                }
            }
            return 1;  // only the executable
        },
        &id);
    return id;
}

}  // namespace

const std::string& engine_build_id() {
    static const std::string id = [] {
        if (std::string gnu = gnu_build_id(); !gnu.empty()) return "gnu-build-id:" + gnu;
        try {
            return sha256_file_hex("/proc/self/exe");
        } catch (const std::exception&) {
            return std::string();
        }
    }();
    return id;
}

std::vector<std::size_t> flush_results(OutputDir& out_dir, const std::vector<std::string>& ids,
                                       std::vector<SummaryRow>& rows) {
    std::map<std::string, std::size_t> row_of;
    for (std::size_t i = 0; i < ids.size(); ++i)
        row_of.emplace(ids[i], i);
    std::vector<std::size_t> failed;
    for (const CommitFailure& f : out_dir.flush()) {
        const auto it = row_of.find(f.sample_id);
        if (it == row_of.end()) continue;
        SummaryRow& row = rows[it->second];
        row = SummaryRow{};
        row.sample_id = printable(f.sample_id);
        row.status = "error";
        row.message = "I/O or internal failure: " + f.message;
        row.outcome = RowOutcome::io_error;
        failed.push_back(it->second);
        try {
            out_dir.record_failure(f.sample_id, row.message);
        } catch (const std::exception&) {
        }
    }
    return failed;
}

namespace {
std::string make_resume_key(const ScreenPlan& plan, const BabyInput& input,
                            const BatchOptions& options, const std::string* vcf_sha256);
}  // namespace

std::string resume_key(const ScreenPlan& plan, const BabyInput& input,
                       const BatchOptions& options) {
    return make_resume_key(plan, input, options, nullptr);
}

std::string resume_key(const ScreenPlan& plan, const BabyInput& input, const BatchOptions& options,
                       const std::string& vcf_sha256) {
    return make_resume_key(plan, input, options, &vcf_sha256);
}

namespace {
std::string make_resume_key(const ScreenPlan& plan, const BabyInput& input,
                            const BatchOptions& options, const std::string* vcf_sha256) {
    // stdin is gone once read: nothing proves the next run's stream is the same baby.
    if (input.vcf == "-") return {};
    // A new engine or result schema may decide differently on the same input. The version string
    // alone does not change between development builds, so the running executable's own
    // checksum is part of the key too.
    std::string k = "engine=" + std::string(kVersion) + " build=" + engine_build_id() +
                    " result_schema=" + std::string(kResultSchemaVersion) + "\n";
    k += "panel=" + plan.panel().sha256 + "\n";
    // The VCF by its content: a path, size and time can all be the same for another baby's file
    // (a re-delivered sample, a copy with preserved times).
    std::error_code ec;
    if (!std::filesystem::is_regular_file(input.vcf, ec)) return {};
    // The whole file's SHA-256, or what an indexed screen read of it (batch/vcf_identity.hpp).
    const std::string identity = vcf_sha256 ? *vcf_sha256 : sha256_file_hex(input.vcf);
    k += "vcf=" + input.vcf + (is_footprint_identity(identity) ? " identity=" : " sha256=") +
         identity + "\n";
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
    k += "use_index=" + std::to_string(options.screen.use_index) +
         " ignore_sm=" + std::to_string(options.screen.ignore_sm) +
         " provenance=" + std::to_string(options.provenance.has_value()) + "\n";
    return sha256_hex(k);
}
}  // namespace

namespace {

// A stored result is reused only if its record proves it (OutputDir::reusable) and it reads back
// as this baby's result; anything else is screened again.
std::optional<SummaryRow> reusable_row(const OutputDir& out, const ScreenPlan& plan,
                                       const BabyInput& input, const std::string& key) {
    const auto bytes = out.reusable(input.sample_id, key);
    if (!bytes) return std::nullopt;
    try {
        SummaryRow row = row_from_json(*bytes, plan.panel().sha256);
        if (row.sample_id != input.sample_id) return std::nullopt;
        return row;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

// The summary lists every baby the folder holds: this run's rows, then each other baby's verified
// result or last failure, so babies screened one at a time into one folder are all listed.
std::vector<SummaryRow> folder_summary(const OutputDir& out, const ScreenPlan& plan,
                                       const std::vector<ManifestRow>& babies,
                                       const std::vector<SummaryRow>& rows, std::size_t& earlier) {
    std::set<std::string> this_run;
    for (const auto& m : babies)
        this_run.insert(m.input.sample_id);
    std::vector<SummaryRow> all = rows;
    for (const StoredBaby& b : out.contents(this_run)) {
        // A verified result that does not read as a result is listed as an error, like a failure.
        std::string error = b.failure;
        SummaryRow row;
        if (b.result_json) {
            try {
                row = row_from_json(*b.result_json, plan.panel().sha256);
            } catch (const std::exception& e) {
                error = e.what();
            }
        }
        if (!error.empty()) {
            row = SummaryRow{};
            row.sample_id = b.sample_id;
            row.status = "error";
            row.message = "an earlier run: " + error;
        }
        row.outcome = RowOutcome::earlier_run;
        all.push_back(std::move(row));
        ++earlier;
    }
    std::sort(all.begin(), all.end(),
              [](const SummaryRow& a, const SummaryRow& b) { return a.sample_id < b.sample_id; });
    return all;
}

}  // namespace

BatchOutcome run_batch(const ScreenPlan& plan, const std::vector<ManifestRow>& babies,
                       const BatchOptions& options) {
    OutputDir out_dir(options.out_dir, options.output);
    std::vector<SummaryRow> rows(babies.size());
    std::mutex progress_mutex;
    std::size_t done = 0;
    std::atomic<std::size_t> cohort_reads{0}, cohort_babies{0}, cohort_fallbacks{0};

    // One baby's row: `work` screens it (or reuses its result); every failure becomes its row.
    auto run_row = [&](std::size_t i, const std::function<void(SummaryRow&)>& work) {
        const ManifestRow& m = babies[i];
        const std::string& id = m.input.sample_id;
        SummaryRow& row = rows[i];
        row.sample_id = printable(id);  // never a raw control byte in the summary
        try {
            if (m.problem) throw InputError({}, *m.problem, "fix the manifest row");
            // Every caller validates ids; this is the last line before a path is built from one.
            check_sample_id(id, "the batch");
            work(row);
        } catch (const InputError& e) {
            row.status = "error";
            row.message = e.what();
            row.outcome = RowOutcome::input_error;
        } catch (const std::exception& e) {
            row.status = "error";
            row.message = std::string("I/O or internal failure: ") + e.what();
            row.outcome = RowOutcome::io_error;
        }
        if (row.status == "error" && !sample_id_problem(id)) {
            // Best effort: on a full disk this fails too, and the row still says what happened.
            try {
                out_dir.record_failure(id, row.message);
            } catch (const std::exception&) {
            }
        }
        if (options.on_progress) {
            std::lock_guard lock(progress_mutex);
            options.on_progress(++done, babies.size());
        }
    };
    // Reuses a stored result when its key matches; true when it did.
    auto reuse = [&](const ManifestRow& m, const std::string& key, SummaryRow& row) {
        if (options.force) return false;
        std::optional<SummaryRow> existing = reusable_row(out_dir, plan, m.input, key);
        if (existing) row = *existing;
        return existing.has_value();
    };
    // The result and its evidence snapshot (report/evidence_codec.hpp), then the record, which
    // keeps a footprint identity's byte ranges for the next run to re-hash.
    auto commit = [&](const ManifestRow& m, const std::string& key, const BabyResult& result,
                      BabyEvidence& evidence, const std::string& identity, SummaryRow& row) {
        evidence.vcf_sha256 = identity;
        // The panel's path is provenance: without it, a directory and its bundle (the same
        // checksum) give the same snapshot bytes, and a rescreen is told the previous panel.
        if (!options.provenance) evidence.panel_source.clear();
        const std::string snapshot = encode_evidence(evidence);
        out_dir.commit(m.input.sample_id, result_to_json(result, plan.panel(), options.provenance),
                       key,
                       {{out_dir.evidence_path(m.input.sample_id).filename().string(), snapshot}},
                       is_footprint_identity(identity) ? identity : std::string());
        row = row_from_result(result);
    };
    // A baby alone: its own read of its file. `key` and `sha` when already computed (a cohort's
    // baby, keyed by the whole file's SHA-256 the cohort computed once).
    //
    // Otherwise the VCF is proven by what the screen read (batch/vcf_identity.hpp): an indexed
    // screen of the 168 MB bench genome reads ~3% of it, and hashing the whole file had been 0.17
    // of its 0.41 CPU s. A read that streams the file is keyed by the whole file's SHA-256, which
    // runs on another thread while the screen runs. With a stored record, the identity it names
    // is computed again first, to see whether its result can be reused.
    auto screen_one = [&](std::size_t i, const std::optional<std::string>& known_key,
                          const std::optional<std::string>& known_sha = std::nullopt) {
        run_row(i, [&](SummaryRow& row) {
            const ManifestRow& m = babies[i];
            // A baby screened alone has its second core free when its read is done: the bytes it
            // read are hashed on both (bench BCF genome: ~10 MB). In a batch each core has a baby.
            const unsigned hash_threads = options.screen.split_indexed_read ? 2 : 1;
            if (known_sha) {
                const std::string key =
                    known_key ? *known_key : resume_key(plan, m.input, options, *known_sha);
                if (!known_key && reuse(m, key, row)) return;
                BabyEvidence evidence;
                const BabyResult result = screen_baby(plan, m.input, options.screen, &evidence);
                commit(m, key, result, evidence, *known_sha, row);
                return;
            }
            if (!options.force && out_dir.has_record(m.input.sample_id)) {
                const auto stored = out_dir.stored_input(m.input.sample_id);
                const std::string now = stored
                                            ? vcf_identity_like(m.input.vcf, *stored, hash_threads)
                                            : vcf_sha256(m.input.vcf);
                if (!now.empty() && reuse(m, resume_key(plan, m.input, options, now), row)) return;
            }
            std::future<std::string> whole;
            if (!will_read_through_index(m.input.vcf, options.screen.use_index))
                whole = std::async(std::launch::async, [&] { return vcf_sha256(m.input.vcf); });
            // Beside the whole-file checksum (0.17 CPU s against the screen's ~0.1 s after the
            // panel load), a third thread reading half the regions only takes turns with it on
            // two cores (measured, bench genome: vcf.gz 1.18x the wall time, BCF no faster), so
            // that read stays in one pass (docs/performance.md).
            ScreenOptions screen_options = options.screen;
            if (whole.valid()) screen_options.split_indexed_read = false;
            ReadFootprint footprint;
            BabyEvidence evidence;
            // A baby alone: the bytes its indexed read read are hashed as soon as the read is
            // done, on a thread of their own, while this one screens the records the reader's
            // second thread buffered; this one joins in when it is done (FootprintHash), so
            // both cores hash as soon as both are free (bench BCF: ~10 MB and the .csi). The
            // hook may run on the reader's second thread, which the reader joins before
            // screen_baby returns; the hashing thread is joined when it goes out of scope,
            // before `hash` (declared first) is freed.
            std::unique_ptr<FootprintHash> hash;
            std::jthread hashing;
            std::function<void()> hash_when_read;
            if (screen_options.split_indexed_read && !whole.valid())
                hash_when_read = [&] {
                    try {
                        hash = std::make_unique<FootprintHash>(m.input.vcf, footprint);
                        hashing = std::jthread([h = hash.get()] { h->work(); });
                    } catch (const std::exception&) {  // no thread, no size: hashed below
                    }
                };
            const BabyResult result = screen_baby(plan, m.input, screen_options, &evidence,
                                                  &footprint, std::move(hash_when_read));
            const std::string identity = hash ? hash->identity()
                                         : whole.valid() && footprint.whole_file()
                                             ? whole.get()
                                             : vcf_identity(m.input.vcf, footprint, hash_threads);
            commit(m, resume_key(plan, m.input, options, identity), result, evidence, identity,
                   row);
        });
    };
    // Babies of one file: one read for all that need screening (screen/screen_cohort.hpp).
    // Anything the cohort read cannot do exactly as one read per baby would (a baby whose column
    // is not in the file, a problem with the file or one of its records) goes to screen_one, so
    // no baby's outcome depends on the others in its manifest.
    auto screen_file = [&](const std::vector<std::size_t>& group) {
        const std::string& vcf = babies[group.front()].input.vcf;
        std::vector<std::string> samples;
        std::string sha;
        try {
            samples = VcfReader::list_samples(vcf);
            std::error_code ec;
            if (std::filesystem::is_regular_file(vcf, ec)) sha = sha256_file_hex(vcf);
        } catch (const std::exception&) {
            for (std::size_t i : group)
                screen_one(i, std::nullopt);
            return;
        }
        std::vector<std::size_t> pass;  // babies read in the cohort pass
        std::vector<std::string> keys;
        for (std::size_t i : group) {
            const ManifestRow& m = babies[i];
            std::string key;
            std::optional<SummaryRow> existing;
            try {
                key = resume_key(plan, m.input, options, sha);
                if (!options.force) existing = reusable_row(out_dir, plan, m.input, key);
            } catch (const std::exception&) {
                screen_one(i, std::nullopt);  // reports the failure as its own screen would
                continue;
            }
            if (existing) {
                run_row(i, [&](SummaryRow& row) { row = *existing; });
            } else if (!cohort_column(m.input, samples)) {
                screen_one(i, key, sha);
            } else {
                pass.push_back(i);
                keys.push_back(std::move(key));
            }
        }
        if (pass.empty()) return;
        if (pass.size() == 1) {
            screen_one(pass.front(), keys.front(), sha);
            return;
        }
        std::vector<const BabyInput*> inputs;
        for (std::size_t i : pass)
            inputs.push_back(&babies[i].input);
        std::optional<CohortScreen> cohort;
        try {
            cohort.emplace(plan, vcf, inputs, options.screen);
        } catch (const std::exception&) {
            ++cohort_fallbacks;
            for (std::size_t k = 0; k < pass.size(); ++k)
                screen_one(pass[k], keys[k], sha);
            return;
        }
        ++cohort_reads;
        cohort_babies += pass.size();
        // Coverage, sex, inheritance and the result file per baby, on every thread of the arena.
        // The cohort read happens before the tasks, and the tasks before `cohort` is destroyed
        // (stated for ThreadSanitizer, as for the outer loop below).
        char rows_may_start = 0;
        char rows_done = 0;
        tsan_release(&rows_may_start);
        // (Not wrapped in TsanVisibleBody: nested in the outer loop's task, the wrapped body
        // made TSan report TBB's completion counter on this thread's stack, tests/README.md.)
        tbb::parallel_for(
            tbb::blocked_range<std::size_t>(0, pass.size(), 1),
            [&](const tbb::blocked_range<std::size_t>& r) {
                tsan_acquire(&rows_may_start);
                for (std::size_t k = r.begin(); k != r.end(); ++k)
                    run_row(pass[k], [&](SummaryRow& row) {
                        BabyEvidence evidence;
                        const BabyResult result = cohort->finish(k, &evidence);
                        commit(babies[pass[k]], keys[k], result, evidence, sha, row);
                    });
                tsan_release(&rows_done);
            },
            tbb::simple_partitioner());
        tsan_acquire(&rows_done);
    };

    // Rows naming the same file (not stdin, no manifest problem) are one unit of work; every
    // other row is a unit of its own. Units run in parallel; their order does not matter, as
    // each baby's result and row are its own and the summary is sorted.
    std::vector<std::vector<std::size_t>> units;
    {
        std::map<std::string, std::size_t> unit_of_file;
        for (std::size_t i = 0; i < babies.size(); ++i) {
            const ManifestRow& m = babies[i];
            const bool groupable =
                !m.problem && m.input.vcf != "-" && !sample_id_problem(m.input.sample_id);
            if (!groupable) {
                units.push_back({i});
                continue;
            }
            const auto [it, added] = unit_of_file.emplace(m.input.vcf, units.size());
            if (added) units.emplace_back();
            units[it->second].push_back(i);
        }
    }
    auto run_unit = [&](std::size_t u) {
        const auto& unit = units[u];
        if (unit.size() == 1)
            screen_one(unit.front(), std::nullopt);
        else
            screen_file(unit);
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
        const auto body = [&](const tbb::blocked_range<std::size_t>& r) {
            tsan_acquire(&tasks_may_start);
            for (std::size_t u = r.begin(); u != r.end(); ++u)
                run_unit(u);
            tsan_release(&tasks_done);
        };
        tbb::parallel_for(tbb::blocked_range<std::size_t>(0, units.size(), 1),
                          TsanVisibleBody(body), tbb::simple_partitioner());
    });
    tsan_acquire(&tasks_done);
    {
        std::vector<std::string> ids;
        for (const auto& m : babies)
            ids.push_back(m.input.sample_id);
        flush_results(out_dir, ids, rows);
    }

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
            case RowOutcome::earlier_run:
                break;
        }
    }
    try {
        const auto all = folder_summary(out_dir, plan, babies, rows, out.from_earlier_runs);
        out_dir.write_file("batch_summary.tsv", summary_tsv(all));
    } catch (const std::exception& e) {
        // Every baby's row is still returned: the caller lists what was and was not written.
        out.summary_error = e.what();
    }
    out.rows = std::move(rows);
    out.cohort_reads = cohort_reads.load();
    out.cohort_babies = cohort_babies.load();
    out.cohort_fallbacks = cohort_fallbacks.load();
    return out;
}

}  // namespace nbs
