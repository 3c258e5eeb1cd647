// Every file is read or refused, at once (issue 9.2). Each file in tests/data and in the fuzz
// corpus, and a plain-gzip (not BGZF) copy of each text VCF among them, is given to VcfReader in
// a child process with a deadline: it must end in records or an InputError, never a hang (a
// plain-gzip VCF used to spin at 100% CPU forever), a crash or another exception. A plain-gzip
// copy of a real VCF, as a file or on stdin, gives the same records as the original.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "engine/core/input_error.hpp"
#include "io_test_files.hpp"

namespace nbs {
namespace {

namespace fs = std::filesystem;

constexpr int kDeadlineSeconds = 20;  // the largest test file reads in well under a second

struct ChildOutcome {
    int exit_code = -1;  // the child's exit code, or -1 when it was killed
    int signal = 0;
    double seconds = 0;
};

// Runs `body` in a child process that SIGALRM kills after `deadline` seconds.
ChildOutcome run_in_child(const std::function<int()>& body, int deadline) {
    std::fflush(stdout);
    std::fflush(stderr);
    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::alarm(static_cast<unsigned>(deadline));
        int rc = 5;
        try {
            rc = body();
        } catch (...) {
            rc = 6;
        }
        std::fflush(stdout);
        std::_Exit(rc);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    ChildOutcome out;
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (WIFEXITED(status)) out.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) out.signal = WTERMSIG(status);
    return out;
}

// Child body: read `path` every way a screen can (indexed or streamed, restricted to the whole
// genome or not, with and without genotype-only decoding). 0 = read, 3 = refused with an
// InputError, 4 = another exception.
int read_every_way(const std::string& path) {
    quiet_htslib_logging();
    try {
        std::optional<std::string> sample;
        const auto samples = VcfReader::list_samples(path);
        if (!samples.empty()) sample = samples.front();
        for (const bool use_index : {true, false}) {
            for (int restriction = 0; restriction < 3; ++restriction) {
                VcfOpenOptions o;
                o.sample = sample;
                o.use_index = use_index;
                o.info_keys = {"CSQ", "ANN", "BCSQ", "CLNSIG", "END", "DP"};
                VcfReader reader(path, o);
                if (restriction == 1) reader.restrict_to(test::whole_genome());
                if (restriction == 2)
                    reader.restrict_to(test::whole_genome(), RegionSet({{"chr1", 1, 1000000}}));
                VcfRecord rec;
                while (reader.next(rec) == ReadStatus::ok) {
                }
                (void)reader.contigs_with_records();
            }
        }
        return 0;
    } catch (const InputError&) {
        return 3;
    } catch (...) {
        return 4;
    }
}

// Child body for stdin: the file becomes this process's stdin and is read as "-".
int read_stdin_to(const std::string& input, const std::string& out_path) {
    quiet_htslib_logging();
    if (std::freopen(input.c_str(), "rb", stdin) == nullptr) return 7;
    try {
        VcfOpenOptions o;
        std::ofstream out(out_path);
        for (const auto& r :
             test::describe_all(test::read_records("-", false, o.sample, test::whole_genome())))
            out << r << '\n';
        return 0;
    } catch (const InputError&) {
        return 3;
    }
}

std::vector<fs::path> files_under(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

bool is_text_vcf(const fs::path& p) {
    const std::string name = p.filename().string();
    return name.size() > 4 && name.compare(name.size() - 4, 4, ".vcf") == 0;
}

bool expect_read_or_refused(const fs::path& file, const std::string& label) {
    const ChildOutcome o =
        run_in_child([&] { return read_every_way(file.string()); }, kDeadlineSeconds);
    EXPECT_NE(o.signal, SIGALRM) << label << ": still reading after " << kDeadlineSeconds
                                 << " s (a read loop that makes no progress?)";
    EXPECT_TRUE(o.exit_code == 0 || o.exit_code == 3)
        << label << ": neither read nor refused with an InputError (exit " << o.exit_code
        << ", signal " << o.signal << ")";
    return o.signal != SIGALRM;
}

TEST(VcfReaderEveryFile, EveryTestDataAndFuzzCorpusFileIsReadOrRefusedInTime) {
    const fs::path src = NBS_SOURCE_DIR;
    std::vector<fs::path> files = files_under(src / "tests/data");
    const auto corpus = files_under(src / "tests/fuzz/corpus/vcf_reader");
    files.insert(files.end(), corpus.begin(), corpus.end());
    ASSERT_GT(files.size(), 80U) << "tests/data should hold the real test files";
    const fs::path dir = test::test_scratch();
    std::size_t plain_gzip_copies = 0;
    for (const auto& f : files) {
        SCOPED_TRACE(f.string());
        ASSERT_TRUE(expect_read_or_refused(f, f.lexically_relative(src).string()));
        if (!is_text_vcf(f)) continue;
        // The same bytes as plain gzip, the container that used to hang the reader.
        const fs::path gz =
            dir / (std::to_string(plain_gzip_copies++) + "_" + f.filename().string() + ".gz");
        ASSERT_EQ(test::sh("gzip -c " + test::quoted(f) + " > " + test::quoted(gz)), 0);
        ASSERT_TRUE(
            expect_read_or_refused(gz, "plain-gzip copy of " + f.lexically_relative(src).string()));
    }
    EXPECT_GT(plain_gzip_copies, 50U);
}

// A plain-gzip copy of a real VCF gives exactly the records of the original, whether it is a
// file or arrives on stdin; so does a plain-gzip copy of a BGZF file.
TEST(VcfReaderEveryFile, PlainGzipGivesTheSameRecordsAsTheOriginal) {
    const fs::path samples = fs::path(NBS_SOURCE_DIR) / "sample_data";
    const fs::path dir = test::test_scratch();
    for (const char* name : {"baby03.vcf", "baby04.vcf.gz"}) {
        SCOPED_TRACE(name);
        const fs::path original = samples / name;
        const fs::path gz = dir / (std::string(name) + ".plain.gz");
        ASSERT_EQ(
            test::sh("gzip -dc -f " + test::quoted(original) + " | gzip -c > " + test::quoted(gz)),
            0);
        // Really plain gzip, not BGZF, as htslib itself sees it.
        ASSERT_EQ(test::sh("htsfile " + test::quoted(gz) + " | grep -q ' gzip-compressed'"), 0);
        const auto want = test::describe_all(
            test::read_records(original, false, std::nullopt, test::whole_genome()));
        ASSERT_GT(want.size(), 1000U);

        std::vector<std::string> from_file;
        const ChildOutcome o = run_in_child(
            [&] {
                std::ofstream out(dir / "from_file.txt");
                for (const auto& r : test::describe_all(
                         test::read_records(gz, false, std::nullopt, test::whole_genome())))
                    out << r << '\n';
                return 0;
            },
            kDeadlineSeconds);
        ASSERT_EQ(o.exit_code, 0) << "signal " << o.signal;
        std::ifstream in(dir / "from_file.txt");
        for (std::string l; std::getline(in, l);)
            from_file.push_back(l);
        EXPECT_EQ(from_file, want);

        const ChildOutcome s = run_in_child(
            [&] { return read_stdin_to(gz.string(), (dir / "from_stdin.txt").string()); },
            kDeadlineSeconds);
        ASSERT_EQ(s.exit_code, 0) << "signal " << s.signal;
        std::vector<std::string> from_stdin;
        std::ifstream in2(dir / "from_stdin.txt");
        for (std::string l; std::getline(in2, l);)
            from_stdin.push_back(l);
        EXPECT_EQ(from_stdin, want);
    }
}

// The same through the real binary: `nbscreen screen` on a plain-gzip VCF, as a file and on
// stdin, finishes with the original's result (baby03: MCAD deficiency).
TEST(VcfReaderEveryFile, ScreenReadsPlainGzipFromAFileAndFromStdin) {
    const fs::path src = NBS_SOURCE_DIR;
    const fs::path dir = test::test_scratch();
    const fs::path gz = dir / "baby03.vcf.gz";
    ASSERT_EQ(test::sh("gzip -c " + test::quoted(src / "sample_data/baby03.vcf") + " > " +
                       test::quoted(gz)),
              0);
    const std::string bin = test::quoted(test::nbscreen_binary());
    const std::string common = " screen --panel " + test::quoted(src / "panels/starter") +
                               " --sex XX --quiet --no-provenance --sample-id baby03";
    struct Run {
        std::string label, args;
        fs::path out;
    };
    const std::vector<Run> runs = {
        {"original", " --vcf " + test::quoted(src / "sample_data/baby03.vcf"), dir / "orig"},
        {"plain gzip file", " --vcf " + test::quoted(gz), dir / "file"},
        {"plain gzip on stdin", " --vcf - < " + test::quoted(gz), dir / "stdin"}};
    std::vector<std::string> results;
    for (const auto& r : runs) {
        const std::string cmd = "timeout " + std::to_string(kDeadlineSeconds) + " " + bin + common +
                                " --out " + test::quoted(r.out) + r.args + " > /dev/null 2>&1";
        const int rc = test::sh(cmd);
        ASSERT_TRUE(WIFEXITED(rc)) << r.label;
        ASSERT_NE(WEXITSTATUS(rc), 124) << r.label << ": timed out";
        ASSERT_EQ(WEXITSTATUS(rc), 0) << r.label;
        results.push_back(test::slurp(r.out / "baby03.json"));
        EXPECT_NE(results.back().find("mcad-deficiency"), std::string::npos) << r.label;
    }
    // Only the input description (path, size, access) may differ between the runs.
    auto status_of = [](const std::string& json) {
        const auto p = json.find("\"status\"");
        return p == std::string::npos ? std::string() : json.substr(p, 40);
    };
    EXPECT_FALSE(status_of(results[0]).empty());
    EXPECT_EQ(status_of(results[1]), status_of(results[0]));
    EXPECT_EQ(status_of(results[2]), status_of(results[0]));
}

}  // namespace
}  // namespace nbs
