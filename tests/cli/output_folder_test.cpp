// What nbscreen writes and trusts, from the command line (issue 10 items 2, 7, 8): the file mode
// option, --out that is not a folder, paths and sample names that are not UTF-8, and alignments
// that belong to another sample. The lock and full-disk cases are shell tests
// (tests/scripts/output_lock_test.sh, write_failure_test.sh).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "support/cli_runner.hpp"

namespace nbs::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kPanel = (source_dir() / "panels/starter").string();
const fs::path kBaby01 = source_dir() / "sample_data/baby01.vcf.gz";
const fs::path kBaby03 = source_dir() / "sample_data/baby03.vcf";
// Simulated reads whose @RG says SM:baby01 (tests/data/SOURCES.md).
const fs::path kBam = test_data() / "coverage/starter_xx_pah_low.bam";

unsigned mode_of(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
    return st.st_mode & 07777;
}

CliResult screen(const fs::path& vcf, const fs::path& out, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"screen",     "--panel", kPanel,       "--vcf",
                                     vcf.string(), "--out",   out.string(), "--quiet"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_nbscreen(args);
}

TEST(OutputFolder, FileModeIsTheDefault0640OrWhatTheOptionSays) {
    const fs::path dir = scratch_dir("out_mode");
    ASSERT_EQ(screen(kBaby03, dir / "default").exit_code, 0);
    EXPECT_EQ(mode_of(dir / "default/baby03.json"), 0640U);
    EXPECT_EQ(mode_of(dir / "default/batch_summary.tsv"), 0640U);
    const CliResult r = screen(kBaby03, dir / "private", {"--file-mode", "0600"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(mode_of(dir / "private/baby03.json"), 0600U);
    EXPECT_EQ(mode_of(dir / "private/batch_summary.tsv"), 0600U);
    for (const char* bad : {"0755", "0400", "u=rw", "64"}) {
        const CliResult b = screen(kBaby03, dir / "bad", {"--file-mode", bad});
        EXPECT_EQ(b.exit_code, 2) << bad << ": " << b.err;
        EXPECT_NE(b.err.find("--file-mode"), std::string::npos) << b.err;
    }
    EXPECT_FALSE(fs::exists(dir / "bad"));
}

TEST(OutputFolder, OutMustBeAFolder) {
    const fs::path dir = scratch_dir("out_not_folder");
    std::ofstream(dir / "a_file") << "the user's file";
    for (const fs::path& out : {dir / "a_file", fs::path("-")}) {
        const CliResult r = screen(kBaby03, out);
        EXPECT_EQ(r.exit_code, 2) << out << ": " << r.err;
        EXPECT_NE(r.err.find("must be a folder"), std::string::npos) << r.err;
    }
    EXPECT_EQ(slurp(dir / "a_file"), "the user's file");
}

TEST(OutputFolder, PathsThatAreNotUtf8AreBadInputNotAFailure) {
    const fs::path dir = scratch_dir("out_utf8");
    const fs::path latin1 = dir / "b\xe9\x62\xe9.vcf";  // "bébé" in Latin-1
    fs::copy_file(kBaby03, latin1);
    CliResult r = screen(latin1, dir / "out", {"--sample-id", "bebe"});
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_NE(r.err.find("--vcf path"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("not valid UTF-8"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("\\xe9"), std::string::npos) << "printed escaped: " << r.err;
    EXPECT_EQ(r.err.find('\xe9'), std::string::npos) << "never raw";

    // In a manifest: that baby fails alone, the others are screened.
    std::ofstream(dir / "batch.tsv")
        << "sample_id\tvcf\nbad\t" << latin1.string() << "\ngood\t" << kBaby03.string() << "\n";
    r = run_nbscreen({"screen", "--panel", kPanel, "--manifest", (dir / "batch.tsv").string(),
                      "--out", (dir / "batch").string(), "--quiet"});
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_NE(r.err.find("the vcf cell"), std::string::npos) << r.err;
    EXPECT_TRUE(fs::exists(dir / "batch/good.json"));
    EXPECT_FALSE(fs::exists(dir / "batch/bad.json"));
}

TEST(OutputFolder, AVcfSampleNameThatIsNotUtf8IsBadInput) {
    const fs::path dir = scratch_dir("out_utf8_sample");
    std::string vcf = slurp(kBaby03);
    const auto at = vcf.find("\tbaby03\n");
    ASSERT_NE(at, std::string::npos);
    vcf.replace(at, 8, "\tb\xe9\x62\xe9\n");
    std::ofstream(dir / "x.vcf", std::ios::binary) << vcf;
    const CliResult r = screen(dir / "x.vcf", dir / "out");
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_NE(r.err.find("VCF sample name"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir / "out/x.json"));
}

// A message that quotes a file's content (here a CHROM holding an ANSI escape sequence) reaches
// the terminal and the summary escaped, never raw.
TEST(OutputFolder, ControlCharactersFromFilesNeverReachTheTerminalRaw) {
    const fs::path dir = scratch_dir("out_escape");
    std::ofstream(dir / "esc.vcf")
        << "##fileformat=VCFv4.2\n##contig=<ID=chr1,length=248956422>\n"
           "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tbaby\n"
           "chr1\x1b[2J\x1b[31m\t100\t.\tA\tG\t.\tPASS\t.\tGT\t0/1\n";
    const CliResult r = screen(dir / "esc.vcf", dir / "out");
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_EQ(r.err.find('\x1b'), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("chr1\\x1b[2J"), std::string::npos) << r.err;
    const std::string tsv = slurp(dir / "out/batch_summary.tsv");
    EXPECT_EQ(tsv.find('\x1b'), std::string::npos) << tsv;
    EXPECT_NE(tsv.find("esc\terror\t"), std::string::npos) << tsv;
}

// samtools writes a copy of the simulated BAM with the given @RG lines (none: no read group).
fs::path bam_with_read_groups(const fs::path& dir, const std::string& name,
                              const std::vector<std::string>& samples) {
    const fs::path header = dir / (name + ".sam");
    const std::string view =
        "samtools view -H " + kBam.string() + " | grep -v '^@RG' > " + header.string();
    EXPECT_EQ(std::system(view.c_str()), 0);
    {
        std::ofstream h(header, std::ios::app);
        for (std::size_t i = 0; i < samples.size(); ++i)
            h << "@RG\tID:rg" << i << "\tSM:" << samples[i] << "\n";
    }
    const fs::path out = dir / (name + ".bam");
    const std::string cmd = "samtools reheader " + header.string() + " " + kBam.string() + " > " +
                            out.string() + " && samtools index -c " + out.string();
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    return out;
}

TEST(OutputFolder, AlignmentsOfAnotherSampleFailTheBabyUnlessIgnoredAndRecorded) {
    const fs::path dir = scratch_dir("out_sm");
    struct Case {
        std::string name;
        std::vector<std::string> samples;
        std::string message;
    };
    for (const Case& c :
         {Case{"other", {"baby02"}, "belong to another sample"}, Case{"none", {}, "name no sample"},
          Case{"merged", {"baby01", "baby02"}, "several samples"}}) {
        SCOPED_TRACE(c.name);
        const fs::path bam = bam_with_read_groups(dir, c.name, c.samples);
        const CliResult r =
            screen(kBaby01, dir / ("out_" + c.name), {"--cram", bam.string(), "--sample-id", "b"});
        EXPECT_EQ(r.exit_code, 3) << r.err;
        EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("--ignore-sm"), std::string::npos) << r.err;
        EXPECT_FALSE(fs::exists(dir / ("out_" + c.name) / "b.json"));
    }
    // --ignore-sm screens the baby and says so in the result.
    const fs::path bam = bam_with_read_groups(dir, "ignored", {"baby02"});
    const CliResult r = screen(kBaby01, dir / "out_ignored",
                               {"--cram", bam.string(), "--sample-id", "b", "--ignore-sm"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json j = json::parse(slurp(dir / "out_ignored/b.json"));
    EXPECT_EQ(j["coverage"]["alignment_sample_check"], "ignored");
    EXPECT_EQ(j["coverage"]["alignment_samples"], json::array({"baby02"}));
    bool flagged = false;
    for (const auto& f : j["qc"]["flags"])
        flagged |= f.get<std::string>().find("--ignore-sm") != std::string::npos;
    EXPECT_TRUE(flagged) << j["qc"]["flags"];
    // The matching BAM is checked and says so.
    const CliResult ok = screen(kBaby01, dir / "out_match", {"--cram", kBam.string()});
    ASSERT_EQ(ok.exit_code, 0) << ok.err;
    const json m = json::parse(slurp(dir / "out_match/baby01.json"));
    EXPECT_EQ(m["coverage"]["alignment_sample_check"], "matched");
}

}  // namespace
}  // namespace nbs::test
