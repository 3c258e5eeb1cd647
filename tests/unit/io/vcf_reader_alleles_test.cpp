// Alleles as written (issue 9.3, reader side): VCF bases are case-insensitive, so a file whose
// REF/ALT are lower-case (some callers and hand-edited files write them so) is read exactly like
// the upper-case original, on every format, access path and decoding path, and screens the same.
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "io_test_files.hpp"

namespace nbs {
namespace {

namespace fs = std::filesystem;

// baby03.vcf with REF and ALT lower-cased on every record (symbolic ALTs kept as written).
std::string lower_case_copy(const fs::path& vcf, std::size_t* changed) {
    std::ifstream in(vcf);
    std::string out;
    *changed = 0;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line[0] != '#') {
            std::vector<std::string> cols;
            std::stringstream ss(line);
            for (std::string c; std::getline(ss, c, '\t');)
                cols.push_back(c);
            for (std::size_t i : {3U, 4U}) {
                if (cols[i].find('<') != std::string::npos) continue;
                for (char& ch : cols[i])
                    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            }
            ++*changed;
            line.clear();
            for (std::size_t i = 0; i < cols.size(); ++i)
                line += (i ? "\t" : "") + cols[i];
        }
        out += line + '\n';
    }
    return out;
}

TEST(VcfReaderAlleles, LowerCaseRefAndAltReadAsUpperCaseOnEveryPath) {
    const fs::path original = fs::path(NBS_SOURCE_DIR) / "sample_data/baby03.vcf";
    const auto dir = test::test_scratch();
    std::size_t changed = 0;
    const std::string lower = lower_case_copy(original, &changed);
    ASSERT_GT(changed, 1000U);
    ASSERT_NE(lower.find("\ta\tg\t"), std::string::npos) << "the copy should have lower-case SNVs";
    const auto lower_f = test::write_formats(dir, "lower", lower);
    ASSERT_TRUE(lower_f);
    // Records on chr1 below 10 Mb are decoded in full, the rest for the genotype only.
    const RegionSet in_full({{"chr1", 1, 10000000}});
    const auto want = test::describe_all(
        test::read_records(original, false, std::nullopt, test::whole_genome(), in_full));
    ASSERT_GT(want.size(), 1000U);
    std::size_t genotype_only = 0;
    for (const auto& w : want)
        genotype_only += w.find("(genotype only)") != std::string::npos ? 1 : 0;
    ASSERT_GT(genotype_only, 100U);
    ASSERT_LT(genotype_only, want.size());
    for (const auto& path : test::access_paths(*lower_f)) {
        const auto got = test::describe_all(test::read_records(
            path.file, path.use_index, std::nullopt, test::whole_genome(), in_full));
        EXPECT_EQ(got, want) << path.label;
    }
}

TEST(VcfReaderAlleles, SymbolicAllelesAndBreakendsAreLeftAsWritten) {
    const auto dir = test::test_scratch();
    const std::string text =
        "##fileformat=VCFv4.2\n"
        "##contig=<ID=chr2,length=242193529>\n"
        "##ALT=<ID=DEL,Description=\"Deletion\">\n"
        "##INFO=<ID=END,Number=1,Type=Integer,Description=\"End\">\n"
        "##INFO=<ID=SVTYPE,Number=1,Type=String,Description=\"SV type\">\n"
        "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tbaby\n"
        "chr2\t1000\t.\tacgt\ta,ag\t50\tPASS\t.\tGT\t1/2\n"
        "chr2\t2000\t.\tn\t<DEL>\t50\tPASS\tSVTYPE=DEL;END=3000\tGT\t0/1\n"
        "chr2\t4000\t.\tg\tg]chr2:5000]\t50\tPASS\tSVTYPE=BND\tGT\t0/1\n";
    const auto f = test::write_formats(dir, "sv", text);
    ASSERT_TRUE(f);
    for (const auto& path : test::access_paths(*f)) {
        const auto recs =
            test::read_records(path.file, path.use_index, std::nullopt, test::whole_genome());
        ASSERT_EQ(recs.size(), 3U) << path.label;
        EXPECT_EQ(recs[0].ref, "ACGT") << path.label;
        EXPECT_EQ(recs[0].alts, (std::vector<std::string>{"A", "AG"})) << path.label;
        EXPECT_EQ(recs[1].ref, "N") << path.label;
        EXPECT_EQ(recs[1].alts, std::vector<std::string>{"<DEL>"}) << path.label;
        EXPECT_EQ(recs[2].ref, "G") << path.label;
        // The breakend's contig name is not a base: it stays as written.
        EXPECT_EQ(recs[2].alts, std::vector<std::string>{"g]chr2:5000]"}) << path.label;
    }
}

// End to end: the lower-case copy of baby03 screens like the original (homozygous ACADM
// c.985A>G, MCAD deficiency) through the real binary.
TEST(VcfReaderAlleles, LowerCaseCopyScreensLikeTheOriginal) {
    const fs::path src = NBS_SOURCE_DIR;
    const auto dir = test::test_scratch();
    std::size_t changed = 0;
    const fs::path lower = dir / "baby03.lower.vcf";
    std::ofstream(lower) << lower_case_copy(src / "sample_data/baby03.vcf", &changed);
    for (const auto& [label, vcf] :
         {std::pair<std::string, fs::path>{"original", src / "sample_data/baby03.vcf"},
          {"lower-case", lower}}) {
        const auto out = dir / label;
        const auto r = test::run_nbscreen({"screen", "--panel", (src / "panels/starter").string(),
                                           "--vcf", vcf.string(), "--sex", "XX", "--sample-id",
                                           "baby03", "--out", out.string(), "--quiet"});
        ASSERT_EQ(r.exit_code, 0) << label << ": " << r.err;
        const std::string json = test::slurp(out / "baby03.json");
        EXPECT_NE(json.find("\"prioritised_for_review\""), std::string::npos) << label;
        EXPECT_NE(json.find("mcad-deficiency"), std::string::npos) << label;
    }
}

}  // namespace
}  // namespace nbs
