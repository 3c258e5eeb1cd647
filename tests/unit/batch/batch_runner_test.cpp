// run_batch: resume (skip a baby whose result and key match; redo on --force, a changed input,
// a result without its key or an unreadable result), progress reported once per baby in order,
// one failing baby does not stop the others, and the summary is sorted by sample_id.
#include "engine/batch/batch_runner.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine/panel/panel_parser.hpp"
#include "support/cli_runner.hpp"
#include "support/panel_fixture.hpp"

namespace nbs {
namespace {

namespace fs = std::filesystem;

const fs::path kSample = fs::path(NBS_SOURCE_DIR) / "sample_data";

class BatchRunner : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { plan_ = &test::generation_study_plan(); }
    static ManifestRow baby(const std::string& id, const fs::path& vcf) {
        ManifestRow m;
        m.input.sample_id = id;
        m.input.vcf = vcf.string();
        return m;
    }
    static const ScreenPlan* plan_;
};
const ScreenPlan* BatchRunner::plan_ = nullptr;

TEST_F(BatchRunner, ReRunReusesResultsAndForceRedoesThem) {
    const fs::path dir = test::scratch_dir("batch_runner_resume");
    fs::copy_file(kSample / "baby03.vcf", dir / "b.vcf");
    const std::vector<ManifestRow> babies = {baby("b2", kSample / "baby04.vcf.gz"),
                                             baby("b1", dir / "b.vcf")};
    BatchOptions o;
    o.out_dir = dir / "out";
    o.threads = 2;
    const BatchOutcome first = run_batch(*plan_, babies, o);
    EXPECT_EQ(first.screened, 2U);
    ASSERT_EQ(first.rows.size(), 2U);
    EXPECT_EQ(first.rows[0].sample_id, "b1");  // sorted, whatever the manifest order
    const std::string json_b1 = test::slurp(o.out_dir / "b1.json");

    const BatchOutcome again = run_batch(*plan_, babies, o);
    EXPECT_EQ(again.screened, 0U);
    EXPECT_EQ(again.skipped, 2U);
    EXPECT_EQ(summary_tsv(again.rows), summary_tsv(first.rows));  // rebuilt from the files on disk

    o.force = true;
    const BatchOutcome forced = run_batch(*plan_, babies, o);
    EXPECT_EQ(forced.screened, 2U);
    EXPECT_EQ(forced.skipped, 0U);
    o.force = false;

    // A changed input (size and time) is screened again; the other baby is reused.
    fs::copy_file(kSample / "baby05.vcf.gz", dir / "b.vcf", fs::copy_options::overwrite_existing);
    const BatchOutcome changed = run_batch(*plan_, babies, o);
    EXPECT_EQ(changed.screened, 1U);
    EXPECT_EQ(changed.skipped, 1U);
    EXPECT_NE(test::slurp(o.out_dir / "b1.json"), json_b1);  // another baby's calls now
}

// Another baby's file with the same path, size and modification time (a re-delivery, a copy
// that kept its times) is screened again: the key holds the VCF's content checksum.
TEST_F(BatchRunner, SameSizeAndTimeButOtherContentIsRedone) {
    const fs::path dir = test::scratch_dir("batch_runner_same_size");
    const std::string a = test::slurp(kSample / "baby03.vcf");
    // The same bytes but the ACADM genotype changed from 1/1 to 0/1: same size, a carrier now.
    std::string b = a;
    const auto at = b.find("\t1/1", b.find("\t75761161\t"));
    ASSERT_NE(at, std::string::npos);
    b.replace(at, 4, "\t0/1");
    ASSERT_EQ(a.size(), b.size());
    { std::ofstream(dir / "x.vcf", std::ios::binary) << a; }
    const auto mtime = fs::last_write_time(dir / "x.vcf");
    const std::vector<ManifestRow> babies = {baby("x", dir / "x.vcf")};
    BatchOptions o;
    o.out_dir = dir / "out";
    EXPECT_EQ(run_batch(*plan_, babies, o).screened, 1U);
    const std::string first = test::slurp(o.out_dir / "x.json");
    { std::ofstream(dir / "x.vcf", std::ios::binary | std::ios::trunc) << b; }
    fs::last_write_time(dir / "x.vcf", mtime);
    ASSERT_EQ(fs::file_size(dir / "x.vcf"), a.size());
    const BatchOutcome again = run_batch(*plan_, babies, o);
    EXPECT_EQ(again.screened, 1U);
    EXPECT_EQ(again.skipped, 0U);
    EXPECT_NE(test::slurp(o.out_dir / "x.json"), first);
}

// The executable is named in every key by the build id its linker wrote (readelf shows the same).
TEST_F(BatchRunner, TheEngineIsNamedByItsLinkerBuildId) {
    const fs::path out = test::scratch_dir("batch_runner_build_id") / "notes.txt";
    ASSERT_EQ(
        std::system(
            ("readelf -n /proc/" + std::to_string(::getpid()) + "/exe > " + out.string()).c_str()),
        0);
    const std::string notes = test::slurp(out);
    const auto at = notes.find("Build ID: ");
    ASSERT_NE(at, std::string::npos) << "this test binary has no build id note";
    const std::string hex = notes.substr(at + 10, notes.find('\n', at) - at - 10);
    EXPECT_EQ(engine_build_id(), "gnu-build-id:" + hex);
}

TEST_F(BatchRunner, StdinHasNoResumeKey) {
    BabyInput in;
    in.sample_id = "s";
    in.vcf = "-";
    EXPECT_EQ(resume_key(*plan_, in), "");
}

TEST_F(BatchRunner, AResultWithoutItsKeyOrUnreadableIsRedone) {
    const fs::path dir = test::scratch_dir("batch_runner_partial");
    const std::vector<ManifestRow> babies = {baby("a", kSample / "baby04.vcf.gz"),
                                             baby("b", kSample / "baby06.vcf.gz")};
    BatchOptions o;
    o.out_dir = dir;
    const BatchOutcome first = run_batch(*plan_, babies, o);
    ASSERT_EQ(first.screened, 2U);
    const std::string a_json = test::slurp(dir / "a.json");
    fs::remove(dir / ".nbscreen" / "a.key");  // killed between result and key
    { std::ofstream(dir / "b.json", std::ios::trunc) << "{\"sample_id\": "; }  // not a result
    {
        std::ofstream(dir / ".a.json.nbscreen-tmp.12345") << "half a result";
    }  // an interrupted write
    const BatchOutcome second = run_batch(*plan_, babies, o);
    EXPECT_EQ(second.screened, 2U);
    EXPECT_EQ(second.skipped, 0U);
    EXPECT_EQ(test::slurp(dir / "a.json"), a_json);
    EXPECT_FALSE(fs::exists(dir / ".a.json.nbscreen-tmp.12345"));
    EXPECT_EQ(summary_tsv(second.rows), summary_tsv(first.rows));
}

TEST_F(BatchRunner, ProgressIsReportedOncePerBabyInOrder) {
    const fs::path dir = test::scratch_dir("batch_runner_progress");
    std::vector<ManifestRow> babies;
    for (int i = 0; i < 12; ++i)
        babies.push_back(baby("p" + std::to_string(i), kSample / "baby01.vcf.gz"));
    std::vector<std::size_t> seen;
    BatchOptions o;
    o.out_dir = dir;
    o.threads = 4;
    o.on_progress = [&](std::size_t done, std::size_t total) {
        EXPECT_EQ(total, 12U);
        seen.push_back(done);
    };
    (void)run_batch(*plan_, babies, o);
    ASSERT_EQ(seen.size(), 12U);
    for (std::size_t i = 0; i < seen.size(); ++i)
        EXPECT_EQ(seen[i], i + 1);
}

TEST_F(BatchRunner, OneBadBabyFailsAloneAndIsNamedInTheSummary) {
    const fs::path dir = test::scratch_dir("batch_runner_bad");
    const std::vector<ManifestRow> babies = {
        baby("good", kSample / "baby04.vcf.gz"), baby("missing", dir / "no_such.vcf.gz"),
        baby("truncated", fs::path(NBS_TEST_DATA) / "bad/truncated.vcf.gz")};
    BatchOptions o;
    o.out_dir = dir / "out";
    o.threads = 3;
    const BatchOutcome r = run_batch(*plan_, babies, o);
    EXPECT_EQ(r.screened, 1U);
    EXPECT_EQ(r.input_errors, 2U);
    EXPECT_TRUE(fs::exists(o.out_dir / "good.json"));
    EXPECT_FALSE(fs::exists(o.out_dir / "missing.json"));
    const std::string tsv = test::slurp(o.out_dir / "batch_summary.tsv");
    EXPECT_NE(tsv.find("missing\terror"), std::string::npos) << tsv;
    EXPECT_NE(tsv.find("truncated\terror"), std::string::npos) << tsv;
}

TEST_F(BatchRunner, ResumeKeyDependsOnPanelInputAndOptions) {
    const fs::path dir = test::scratch_dir("batch_runner_key");
    fs::copy_file(kSample / "baby03.vcf", dir / "k.vcf");
    BabyInput in;
    in.sample_id = "k";
    in.vcf = (dir / "k.vcf").string();
    const std::string k1 = resume_key(*plan_, in);
    EXPECT_EQ(resume_key(*plan_, in), k1);
    BabyInput sexed = in;
    sexed.reported_sex = Karyotype::XY;
    EXPECT_NE(resume_key(*plan_, sexed), k1);
    BabyInput column = in;
    column.vcf_sample = "baby03";
    EXPECT_NE(resume_key(*plan_, column), k1);
    { std::ofstream(dir / "k.vcf", std::ios::app) << "\n"; }
    EXPECT_NE(resume_key(*plan_, in), k1);
}

// Babies screened one at a time into one folder: the summary lists all of them (each baby's
// verified result, or its last failure), not only the last run's.
TEST_F(BatchRunner, TheSummaryListsEveryBabyOfTheFolder) {
    const fs::path dir = test::scratch_dir("batch_runner_folder_summary");
    BatchOptions o;
    o.out_dir = dir;
    EXPECT_EQ(run_batch(*plan_, {baby("b04", kSample / "baby04.vcf.gz")}, o).screened, 1U);
    const BatchOutcome missing = run_batch(*plan_, {baby("gone", dir / "no_such.vcf")}, o);
    EXPECT_EQ(missing.input_errors, 1U);
    EXPECT_EQ(missing.from_earlier_runs, 1U);
    const BatchOutcome last = run_batch(*plan_, {baby("b03", kSample / "baby03.vcf")}, o);
    EXPECT_EQ(last.rows.size(), 1U) << "the run's own rows";
    EXPECT_EQ(last.from_earlier_runs, 2U);
    const std::string tsv = test::slurp(dir / "batch_summary.tsv");
    EXPECT_NE(tsv.find("\nb03\tprioritised_for_review\t"), std::string::npos) << tsv;
    EXPECT_NE(tsv.find("\nb04\tprioritised_for_review\t"), std::string::npos) << tsv;
    EXPECT_NE(tsv.find("\ngone\terror\t"), std::string::npos) << tsv;
    EXPECT_NE(tsv.find("an earlier run: "), std::string::npos) << tsv;
    EXPECT_LT(tsv.find("\nb03\t"), tsv.find("\nb04\t")) << "sorted by id";

    // The same babies in one batch give the same summary, apart from the earlier failure's note.
    const fs::path one = test::scratch_dir("batch_runner_folder_summary_one");
    o.out_dir = one;
    (void)run_batch(
        *plan_, {baby("b03", kSample / "baby03.vcf"), baby("b04", kSample / "baby04.vcf.gz")}, o);
    const std::string together = test::slurp(one / "batch_summary.tsv");
    EXPECT_EQ(tsv.substr(0, tsv.find("\ngone\t")), together.substr(0, together.size() - 1));

    // Fixed and screened again, the failure is gone from the summary.
    fs::copy_file(kSample / "baby05.vcf.gz", dir / "no_such.vcf");
    o.out_dir = dir;
    EXPECT_EQ(run_batch(*plan_, {baby("gone", dir / "no_such.vcf")}, o).screened, 1U);
    EXPECT_EQ(test::slurp(dir / "batch_summary.tsv").find("\terror\t"), std::string::npos);
}

// A result file replaced by another baby's, or edited by hand, is not this baby's proven result:
// it is screened again and the original bytes come back.
TEST_F(BatchRunner, AResultReplacedOrEditedIsRedone) {
    const fs::path dir = test::scratch_dir("batch_runner_replaced");
    const std::vector<ManifestRow> babies = {baby("a", kSample / "baby04.vcf.gz"),
                                             baby("b", kSample / "baby06.vcf.gz")};
    BatchOptions o;
    o.out_dir = dir;
    ASSERT_EQ(run_batch(*plan_, babies, o).screened, 2U);
    const std::string a = test::slurp(dir / "a.json");
    fs::copy_file(dir / "b.json", dir / "a.json", fs::copy_options::overwrite_existing);
    BatchOutcome again = run_batch(*plan_, babies, o);
    EXPECT_EQ(again.screened, 1U);
    EXPECT_EQ(again.skipped, 1U);
    EXPECT_EQ(test::slurp(dir / "a.json"), a);

    std::string edited = a;
    const auto at = edited.find("prioritised_for_review");
    ASSERT_NE(at, std::string::npos);
    edited.replace(at, 22, "no_condition_suspected");
    std::ofstream(dir / "a.json", std::ios::trunc) << edited;
    again = run_batch(*plan_, babies, o);
    EXPECT_EQ(again.screened, 1U);
    EXPECT_EQ(test::slurp(dir / "a.json"), a);
}

TEST_F(BatchRunner, OptionsThatChangeAResultAreInTheKey) {
    const fs::path dir = test::scratch_dir("batch_runner_key_options");
    fs::copy_file(kSample / "baby03.vcf", dir / "k.vcf");
    BabyInput in;
    in.sample_id = "k";
    in.vcf = (dir / "k.vcf").string();
    const BatchOptions base;
    const std::string k = resume_key(*plan_, in, base);
    BatchOptions o = base;
    o.screen.use_index = false;
    EXPECT_NE(resume_key(*plan_, in, o), k);
    o = base;
    o.screen.ignore_sm = true;
    EXPECT_NE(resume_key(*plan_, in, o), k);
    o = base;
    o.provenance = RunProvenance{};
    EXPECT_NE(resume_key(*plan_, in, o), k);
    // Neither threads nor the file mode change a result.
    o = base;
    o.threads = 8;
    o.screen.hts_threads = 3;
    o.output.file_mode = 0600;
    EXPECT_EQ(resume_key(*plan_, in, o), k);
}

// A write that fails (here: a folder where the result should go) fails that baby alone, as an I/O
// failure named in the summary; nothing partial is left.
TEST_F(BatchRunner, AFailedWriteFailsThatBabyAloneAndIsListed) {
    const fs::path dir = test::scratch_dir("batch_runner_write_failure");
    fs::create_directories(dir / "blocked.json");
    const std::vector<ManifestRow> babies = {baby("ok", kSample / "baby04.vcf.gz"),
                                             baby("blocked", kSample / "baby06.vcf.gz")};
    BatchOptions o;
    o.out_dir = dir;
    o.threads = 2;
    const BatchOutcome r = run_batch(*plan_, babies, o);
    EXPECT_EQ(r.screened, 1U);
    EXPECT_EQ(r.io_errors, 1U);
    EXPECT_TRUE(r.summary_error.empty());
    EXPECT_TRUE(fs::exists(dir / "ok.json"));
    const std::string tsv = test::slurp(dir / "batch_summary.tsv");
    EXPECT_NE(tsv.find("blocked\terror\t"), std::string::npos) << tsv;
    EXPECT_NE(tsv.find("cannot rename"), std::string::npos) << tsv;
    for (const auto& e : fs::directory_iterator(dir))
        EXPECT_EQ(e.path().filename().string().find("nbscreen-tmp"), std::string::npos) << e.path();
}

}  // namespace
}  // namespace nbs
