// Nothing outside --out (issue 10 item 1): every source of a sample id is validated before a
// path is built from it, and a refused id is exit 3 with nothing written anywhere.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "support/cli_runner.hpp"

namespace nbs::test {
namespace {

namespace fs = std::filesystem;

const std::string kPanel = (source_dir() / "panels/starter").string();
const fs::path kBaby03 = source_dir() / "sample_data/baby03.vcf";

// Every file under `dir`, for "nothing was written" checks.
std::size_t files_under(const fs::path& dir) {
    std::size_t n = 0;
    if (!fs::exists(dir)) return 0;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        n += e.is_regular_file() ? 1 : 0;
    return n;
}

TEST(SampleIdEscape, SampleIdFlagThatNamesAPathIsRefused) {
    const fs::path dir = scratch_dir("sample_id_flag");
    for (const std::string& id : {std::string("../../escaped"), (dir / "abs").string(),
                                  std::string(".hidden"), std::string("a b")}) {
        SCOPED_TRACE(id);
        const CliResult r =
            run_nbscreen({"screen", "--panel", kPanel, "--vcf", kBaby03.string(), "--sample-id", id,
                          "--out", (dir / "out/a").string(), "--quiet"});
        EXPECT_EQ(r.exit_code, 3) << r.err;
        EXPECT_NE(r.err.find("cannot name a result file"), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("--sample-id"), std::string::npos) << r.err;
    }
    EXPECT_EQ(files_under(dir), 0U);  // not out/, not out/../.., not the absolute path
    EXPECT_FALSE(fs::exists(dir / "escaped.json"));
    EXPECT_FALSE(fs::exists(dir / "abs.json"));
}

// A VCF whose sample column is named "../../escaped", chosen with --sample: the column name
// would become the id.
TEST(SampleIdEscape, VcfColumnNameThatNamesAPathIsRefused) {
    const fs::path dir = scratch_dir("sample_id_vcf_column");
    std::string text = slurp(kBaby03);
    const auto at = text.find("\tFORMAT\t");
    ASSERT_NE(at, std::string::npos);
    const auto eol = text.find('\n', at);
    text.replace(at + 8, eol - at - 8, "../../escaped");
    { std::ofstream(dir / "in.vcf") << text; }
    const CliResult r =
        run_nbscreen({"screen", "--panel", kPanel, "--vcf", (dir / "in.vcf").string(), "--sample",
                      "../../escaped", "--out", (dir / "out/a").string(), "--quiet"});
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_NE(r.err.find("--sample"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir / "escaped.json"));
    EXPECT_FALSE(fs::exists(dir / "out"));
}

// A manifest id with a NUL byte or a terminal escape: refused, printed escaped.
TEST(SampleIdEscape, ManifestIdWithNulOrEscapeIsRefusedAndPrintedEscaped) {
    const fs::path dir = scratch_dir("sample_id_manifest");
    for (const std::string& id : {std::string("ok\0../../escaped", 16), std::string("x\x1b[2Jy")}) {
        {
            std::ofstream m(dir / "batch.tsv", std::ios::binary | std::ios::trunc);
            m << "sample_id\tvcf\n" << id << '\t' << kBaby03.string() << '\n';
        }
        const CliResult r =
            run_nbscreen({"screen", "--panel", kPanel, "--manifest", (dir / "batch.tsv").string(),
                          "--out", (dir / "out").string(), "--quiet"});
        EXPECT_EQ(r.exit_code, 3) << r.err;
        EXPECT_NE(r.err.find("cannot name a result file"), std::string::npos) << r.err;
        EXPECT_EQ(r.err.find('\x1b'), std::string::npos) << "raw escape reached stderr";
        EXPECT_NE(r.err.find("\\x"), std::string::npos) << r.err;
    }
    EXPECT_FALSE(fs::exists(dir / "escaped.json"));
    EXPECT_FALSE(fs::exists(dir / "out"));
}

}  // namespace
}  // namespace nbs::test
