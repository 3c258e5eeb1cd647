// Babies of one multi-sample file are screened from one read of it (screen/screen_cohort.hpp),
// and every baby's result is byte for byte the result of screening it from its own single-sample
// file. The cohort is joined with bcftools: sample_data's babies 01, 02, 04-08 and four rules
// fixtures merged into one 11-sample VCF (`bcftools merge`; haploid and diploid chrX, a BCF among
// the inputs, sites that only some babies have), then split back with `bcftools view -s` for the
// comparison.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/batch/batch_runner.hpp"
#include "engine/io/vcf_reader.hpp"
#include "support/cli_runner.hpp"
#include "support/panel_fixture.hpp"

namespace nbs {
namespace {

namespace fs = std::filesystem;

const fs::path kSample = fs::path(NBS_SOURCE_DIR) / "sample_data";
// sample_data's babies and four rules fixtures (tests/data/rules/make_fixtures.py) whose sex
// background lies in the sex windows.
const std::vector<std::string> kFixtures = {"xx_trans_pair", "xx_xr_het", "xy_xr_haploid",
                                            "xy_xr_het_flag"};
const std::vector<std::string> kBabies = {
    "baby01", "baby02",        "baby04",    "baby05",        "baby06",        "baby07",
    "baby08", "xx_trans_pair", "xx_xr_het", "xy_xr_haploid", "xy_xr_het_flag"};

void run(const std::string& cmd) {
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
}

// The merged cohort (vcf.gz + .tbi, and the same as BCF + .csi) and each baby split back out.
struct Cohort {
    fs::path dir, vcf, bcf;
};

// Built once per test process, in a folder named after the test (ctest runs each test in its own
// process, several at once).
const Cohort& cohort() {
    static const Cohort c = [] {
        Cohort k;
        k.dir = test::scratch_dir(std::string("cohort_batch_data_") +
                                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
        k.vcf = k.dir / "cohort.vcf.gz";
        k.bcf = k.dir / "cohort.bcf";
        const std::string s = kSample.string() + "/";
        std::string fixtures;
        for (const auto& f : kFixtures) {
            // Each fixture's one column is named BABY: renamed after the file, bgzipped, indexed.
            const std::string in = (fs::path(NBS_TEST_DATA) / "rules" / (f + ".vcf")).string();
            const std::string out = (k.dir / (f + ".in.vcf.gz")).string();
            run("echo " + f + " > " + (k.dir / "name.txt").string() + " && bcftools reheader -s " +
                (k.dir / "name.txt").string() + " " + in + " | bgzip -c > " + out +
                " && bcftools index -t " + out);
            fixtures += " " + out;
        }
        run("bcftools merge --no-version " + s + "baby01.vcf.gz " + s + "baby02.bcf " + s +
            "baby04.vcf.gz " + s + "baby05.vcf.gz " + s + "baby06.vcf.gz " + s +
            "baby07_baby08.multisample.vcf.gz" + fixtures + " -Oz -o " + k.vcf.string());
        run("bcftools index -t " + k.vcf.string());
        run("bcftools view --no-version -Ob -o " + k.bcf.string() + " " + k.vcf.string());
        run("bcftools index -c " + k.bcf.string());
        for (const auto& b : kBabies) {
            const fs::path one = k.dir / (b + ".vcf.gz");
            run("bcftools view --no-version --no-update -s " + b + " -Oz -o " + one.string() + " " +
                k.vcf.string());
            run("bcftools index -t " + one.string());
        }
        return k;
    }();
    return c;
}

std::optional<Karyotype> reported(const std::string& b) {
    if (b == "baby05") return std::nullopt;  // as sample_data/batch.tsv: left empty
    // xy_xr_haploid is a boy reported XX: a discordant sex fails him, in the cohort as alone.
    if (b == "xy_xr_haploid") return Karyotype::XX;
    return b == "baby01" || b == "baby07" || b.rfind("xx_", 0) == 0 ? Karyotype::XX : Karyotype::XY;
}

std::vector<ManifestRow> rows(const fs::path& vcf, bool own_files,
                              const std::vector<std::string>& babies = kBabies) {
    std::vector<ManifestRow> out;
    for (const auto& b : babies) {
        ManifestRow m;
        m.input.sample_id = b;
        m.input.vcf = own_files ? (cohort().dir / (b + ".vcf.gz")).string() : vcf.string();
        m.input.vcf_sample = b;
        m.input.reported_sex = reported(b);
        out.push_back(m);
    }
    return out;
}

BatchOutcome screen(const std::vector<ManifestRow>& babies, const fs::path& out, int threads = 2,
                    bool use_index = true) {
    BatchOptions o;
    o.out_dir = out;
    o.threads = threads;
    o.screen.use_index = use_index;
    return run_batch(test::generation_study_plan(), babies, o);
}

void expect_same_results(const fs::path& a, const fs::path& b,
                         const std::vector<std::string>& babies = kBabies) {
    for (const auto& baby : babies) {
        SCOPED_TRACE(baby);
        const std::string x = test::slurp(a / (baby + ".json"));
        ASSERT_FALSE(x.empty());
        EXPECT_EQ(x, test::slurp(b / (baby + ".json")));
    }
    EXPECT_EQ(test::slurp(a / "batch_summary.tsv"), test::slurp(b / "batch_summary.tsv"));
}

TEST(CohortBatch, EveryBabyIsItsOwnSingleSampleScreenInOneRead) {
    const fs::path out = test::scratch_dir("cohort_batch_same");
    const BatchOutcome alone = screen(rows({}, true), out / "alone");
    EXPECT_EQ(alone.cohort_reads, 0U);  // seven files, one baby each
    ASSERT_EQ(alone.screened, kBabies.size());

    const std::uint64_t opened = VcfReader::files_opened();
    const BatchOutcome together = screen(rows(cohort().vcf, false), out / "cohort");
    // One VcfReader for the eleven babies: the file was read once.
    EXPECT_EQ(VcfReader::files_opened() - opened, 1U);
    EXPECT_EQ(together.cohort_reads, 1U);
    EXPECT_EQ(together.cohort_babies, kBabies.size());
    EXPECT_EQ(together.cohort_fallbacks, 0U);
    ASSERT_EQ(together.screened, kBabies.size());
    expect_same_results(out / "alone", out / "cohort");

    // The results are not all alike: findings, a QC failure, both sexes.
    const std::string summary = test::slurp(out / "cohort" / "batch_summary.tsv");
    EXPECT_NE(summary.find("prioritised_for_review"), std::string::npos) << summary;
    EXPECT_NE(summary.find("sample_failed_qc"), std::string::npos) << summary;
    EXPECT_NE(test::slurp(out / "cohort" / "xy_xr_het_flag.json").find("\"inferred\": \"XY\""),
              std::string::npos);
    EXPECT_NE(test::slurp(out / "cohort" / "xx_xr_het.json").find("\"inferred\": \"XX\""),
              std::string::npos);
}

// The same through the BCF (bcf_subset_format on every record of an indexed read), streaming
// (the text genotype-only path over every sample column), and a subset of the file's samples
// (htslib keeps only those columns), each against the babies' own files.
TEST(CohortBatch, BcfStreamingAndSubsetsGiveTheSameResults) {
    const fs::path out = test::scratch_dir("cohort_batch_modes");
    const std::vector<std::string> some = {"xy_xr_het_flag", "baby02", "baby05", "xx_xr_het"};
    screen(rows({}, true), out / "alone");
    const BatchOutcome bcf = screen(rows(cohort().bcf, false), out / "bcf");
    EXPECT_EQ(bcf.cohort_reads, 1U);
    expect_same_results(out / "alone", out / "bcf");

    const BatchOutcome streamed = screen(rows(cohort().vcf, false), out / "streamed", 2, false);
    EXPECT_EQ(streamed.cohort_reads, 1U);
    const BatchOutcome alone_streamed = screen(rows({}, true), out / "alone_streamed", 2, false);
    ASSERT_EQ(alone_streamed.screened, kBabies.size());
    expect_same_results(out / "alone_streamed", out / "streamed");

    const BatchOutcome subset = screen(rows(cohort().vcf, false, some), out / "subset");
    EXPECT_EQ(subset.cohort_babies, some.size());
    const BatchOutcome subset_bcf = screen(rows(cohort().bcf, false, some), out / "subset_bcf");
    EXPECT_EQ(subset_bcf.cohort_babies, some.size());
    for (const auto& b : some) {
        SCOPED_TRACE(b);
        EXPECT_EQ(test::slurp(out / "subset" / (b + ".json")),
                  test::slurp(out / "alone" / (b + ".json")));
        EXPECT_EQ(test::slurp(out / "subset_bcf" / (b + ".json")),
                  test::slurp(out / "alone" / (b + ".json")));
    }
}

// One bad row fails that baby alone; the others are still read together. Any thread count gives
// the same bytes.
TEST(CohortBatch, ABadBabyFailsAloneAndThreadsDoNotMatter) {
    const fs::path out = test::scratch_dir("cohort_batch_bad");
    std::vector<ManifestRow> babies = rows(cohort().vcf, false);
    ManifestRow missing = babies.front();
    missing.input.sample_id = "baby99";
    missing.input.vcf_sample = "baby99";  // not a column of the file
    babies.push_back(missing);
    ManifestRow unnamed = babies.front();
    unnamed.input.sample_id = "unnamed";
    unnamed.input.vcf_sample.reset();  // an 11-sample file needs the column named
    babies.push_back(unnamed);

    const BatchOutcome one = screen(babies, out / "t1", 1);
    EXPECT_EQ(one.cohort_reads, 1U);
    EXPECT_EQ(one.cohort_babies, kBabies.size());
    EXPECT_EQ(one.screened, kBabies.size());
    EXPECT_EQ(one.input_errors, 2U);
    for (const auto& r : one.rows) {
        if (r.sample_id == "baby99") {
            EXPECT_EQ(r.status, "error");
            EXPECT_NE(r.message.find("sample 'baby99' is not in the VCF"), std::string::npos)
                << r.message;
        } else if (r.sample_id == "unnamed") {
            EXPECT_NE(r.message.find("none was chosen"), std::string::npos) << r.message;
        } else {
            EXPECT_NE(r.status, "error") << r.sample_id << ": " << r.message;
        }
    }
    const BatchOutcome four = screen(babies, out / "t4", 4);
    EXPECT_EQ(four.cohort_reads, 1U);
    expect_same_results(out / "t1", out / "t4");
}

// A re-run reuses every baby's result by its own key (the file's checksum is computed once for
// all of them); a baby whose result is gone is screened again alone.
TEST(CohortBatch, ResumeIsPerBaby) {
    const fs::path out = test::scratch_dir("cohort_batch_resume");
    const std::vector<ManifestRow> babies = rows(cohort().vcf, false);
    const BatchOutcome first = screen(babies, out);
    ASSERT_EQ(first.screened, kBabies.size());
    const BatchOutcome again = screen(babies, out);
    EXPECT_EQ(again.screened, 0U);
    EXPECT_EQ(again.skipped, kBabies.size());
    EXPECT_EQ(again.cohort_reads, 0U);
    fs::remove(out / "baby04.json");
    const std::uint64_t opened = VcfReader::files_opened();
    const BatchOutcome third = screen(babies, out);
    EXPECT_EQ(third.screened, 1U);
    EXPECT_EQ(third.skipped, kBabies.size() - 1);
    EXPECT_EQ(VcfReader::files_opened() - opened, 1U);
}

}  // namespace
}  // namespace nbs

namespace nbs {
namespace {

// The command line says which babies were read together: sample_data's baby07 and baby08 share
// one file.
TEST(CohortBatch, TheCommandLineSaysWhichBabiesWereReadTogether) {
    const fs::path out = test::scratch_dir("cohort_batch_cli");
    const test::CliResult r = test::run_nbscreen(
        {"screen", "--panel", (fs::path(NBS_SOURCE_DIR) / "panels/generation-study").string(),
         "--manifest", (kSample / "batch.tsv").string(), "--out", out.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("2 babies read from 1 multi-sample file, one read per file"),
              std::string::npos)
        << r.out;
}

}  // namespace
}  // namespace nbs
