// An include-list allele in a gene's padding is found by a real screen: the Generation Study
// panel 1.1.0 carries BeginNGS alleles up to gene_padding_bp past the MANE span, e.g. INS
// chr11:2161303 G>C, 94 bp past INS (issue 9 item 12). The baby is sample_data/baby03.vcf with
// that allele added as a clean heterozygous call.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support/cli_runner.hpp"

namespace nbs::test {
namespace {

namespace fs = std::filesystem;

/// baby03.vcf with `record` inserted in coordinate order (the file is sorted chr1..chrX).
fs::path baby03_with(const fs::path& dir, const std::string& chrom, std::int64_t pos,
                     const std::string& record) {
    std::ifstream in(source_dir() / "sample_data" / "baby03.vcf");
    const fs::path out_path = dir / "baby.vcf";
    std::ofstream out(out_path);
    auto rank = [](const std::string& c) {
        const std::string n = c.substr(3);
        if (n == "X") return 23;
        if (n == "Y") return 24;
        if (n == "M") return 25;
        return std::stoi(n);
    };
    std::string line;
    bool written = false;
    while (std::getline(in, line)) {
        if (!written && !line.empty() && line[0] != '#') {
            const auto t1 = line.find('\t');
            const std::string c = line.substr(0, t1);
            const std::int64_t p = std::stoll(line.substr(t1 + 1, line.find('\t', t1 + 1) - t1));
            if (rank(c) > rank(chrom) || (c == chrom && p > pos)) {
                out << record << '\n';
                written = true;
            }
        }
        out << line << '\n';
    }
    if (!written) out << record << '\n';
    return out_path;
}

TEST(PanelPaddingScreen, IncludeAlleleJustPastTheManeSpanIsFound) {
    const fs::path dir = scratch_dir("panel_padding_screen");
    const fs::path vcf =
        baby03_with(dir, "chr11", 2161303,
                    "chr11\t2161303\t.\tG\tC\t500\tPASS\tDP=40\tGT:AD:DP:GQ\t0/1:20,20:40:60");
    const CliResult r =
        run_nbscreen({"screen", "--panel", (source_dir() / "panels/generation-study").string(),
                      "--vcf", vcf.string(), "--sample", "baby03", "--sex", "XX", "--out",
                      (dir / "out").string(), "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(slurp(dir / "out" / "baby03.json"));
    bool found = false;
    for (const auto& f : j.at("findings")) {
        if (f.at("gene") != "INS") continue;
        for (const auto& v : f.at("variants"))
            if (v.at("pos") == 2161303 && v.at("alt") == "C") {
                found = true;
                EXPECT_EQ(v.at("route"), "include_list");
            }
    }
    EXPECT_TRUE(found) << "no INS finding for chr11:2161303 G>C in " << j.at("findings").dump(1);
}

}  // namespace
}  // namespace nbs::test
