// Contig names through the real binary (issue 9.4): `nbscreen screen` refuses with exit 3, naming
// what it saw, a VCF none of whose records lie on a GRCh38 chromosome (streamed or indexed), one
// whose header names GRCh37 accessions, and one without contig lengths whose ##reference names a
// GRCh37 reference; a VCF naming chromosomes by GRCh38 RefSeq accession screens like the original.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <regex>
#include <string>

#include "support/cli_runner.hpp"
#include "unit/io/io_test_files.hpp"

namespace nbs::test {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

const fs::path kBaby03 = source_dir() / "sample_data/baby03.vcf";

CliResult screen(const fs::path& vcf, const fs::path& out) {
    return run_nbscreen({"screen", "--panel", (source_dir() / "panels/starter").string(), "--vcf",
                         vcf.string(), "--sex", "XX", "--sample-id", "baby", "--out", out.string(),
                         "--quiet"});
}

// baby03.vcf's lines, with `edit` applied to each (return false to drop the line).
std::string edited_baby03(const std::function<bool(std::string&)>& edit) {
    std::ifstream in(kBaby03);
    std::string text;
    for (std::string l; std::getline(in, l);)
        if (edit(l)) text += l + '\n';
    return text;
}

TEST(CliVcfContigs, RecordsOnlyOnUnknownContigsAreRefusedStreamedAndIndexed) {
    const auto dir = test_scratch();
    // The whatshap test files name their contigs chrA and chrB: no GRCh38 chromosome.
    const std::string text =
        "##fileformat=VCFv4.2\n"
        "##contig=<ID=chrA,length=1000>\n"
        "##contig=<ID=chrB,length=1000>\n"
        "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tbaby\n"
        "chrA\t2\t.\tA\tT\t500\tPASS\t.\tGT\t0/1\n"
        "chrA\t5\t.\tG\tT\t500\tPASS\t.\tGT\t1/1\n"
        "chrB\t7\t.\tC\tT\t500\tPASS\t.\tGT\t0/1\n";
    const auto f = write_formats(dir, "chrA_chrB", text);
    ASSERT_TRUE(f);
    for (const auto& [label, file] : {std::pair<std::string, fs::path>{"streamed VCF", f->vcf},
                                      {"indexed VCF.gz", f->vcf_gz},
                                      {"indexed BCF", f->bcf}}) {
        SCOPED_TRACE(label);
        const auto r = screen(file, dir / ("out_" + file.extension().string()));
        EXPECT_EQ(r.exit_code, 3) << r.err;
        EXPECT_THAT(r.err, HasSubstr(file.string()));
        EXPECT_THAT(r.err, HasSubstr("no record lies on a GRCh38 chromosome"));
        EXPECT_THAT(r.err, HasSubstr("chrA, chrB"));
        EXPECT_THAT(r.err, HasSubstr("hint:"));
    }
}

TEST(CliVcfContigs, Grch37AccessionsAreRefused) {
    const auto dir = test_scratch();
    // GRCh37's RefSeq name for chr1 in the header and on the records.
    const fs::path vcf = dir / "grch37_refseq.vcf";
    std::ofstream(vcf) << edited_baby03([](std::string& l) {
        if (l.rfind("##contig=<ID=chr1,", 0) == 0) l = "##contig=<ID=NC_000001.10>";
        if (l.rfind("chr1\t", 0) == 0) l = "NC_000001.10" + l.substr(4);
        return true;
    });
    const auto r = screen(vcf, dir / "out");
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_THAT(r.err, HasSubstr("NC_000001.10"));
    EXPECT_THAT(r.err, HasSubstr("another build than GRCh38"));
    EXPECT_THAT(r.err, HasSubstr("GRCh38's chr1 is NC_000001.11"));
}

TEST(CliVcfContigs, Grch37ReferenceWithoutContigLengthsIsRefused) {
    const auto dir = test_scratch();
    for (const char* reference : {"file:///ref/hs37d5.fa", "GRCh37", "hg19"}) {
        SCOPED_TRACE(reference);
        const fs::path vcf = dir / "no_lengths.vcf";
        std::ofstream(vcf) << edited_baby03([&](std::string& l) {
            if (l.rfind("##reference=", 0) == 0) l = std::string("##reference=") + reference;
            // ##contig=<ID=chr1,length=...,assembly=GRCh38> -> ##contig=<ID=chr1>
            if (l.rfind("##contig=<ID=", 0) == 0) l = l.substr(0, l.find(',')) + ">";
            return true;
        });
        ASSERT_THAT(slurp(vcf), HasSubstr(std::string("##reference=") + reference));
        const auto r = screen(vcf, dir / "out");
        EXPECT_EQ(r.exit_code, 3) << r.err;
        EXPECT_THAT(r.err, HasSubstr("GRCh37"));
        EXPECT_THAT(r.err, HasSubstr("no contig lengths"));
    }
}

TEST(CliVcfContigs, RefseqNamedVcfScreensLikeTheChrNamedOriginal) {
    const auto dir = test_scratch();
    const std::pair<std::string, std::string> names[] = {{"chr1", "NC_000001.11"},
                                                         {"chr21", "NC_000021.9"},
                                                         {"chr22", "NC_000022.11"},
                                                         {"chrX", "NC_000023.11"}};
    const fs::path vcf = dir / "refseq.vcf";
    std::ofstream(vcf) << edited_baby03([&](std::string& l) {
        for (const auto& [chr, acc] : names) {
            if (l.rfind("##contig=<ID=" + chr + ",", 0) == 0)
                l = "##contig=<ID=" + acc + l.substr(13 + chr.size());
            if (l.rfind(chr + "\t", 0) == 0) l = acc + l.substr(chr.size());
        }
        // The other chromosomes' ##contig lines go: the file names only the four it uses.
        return !(l.rfind("##contig=<ID=chr", 0) == 0);
    });
    const auto orig = screen(kBaby03, dir / "orig");
    const auto acc = screen(vcf, dir / "refseq");
    ASSERT_EQ(orig.exit_code, 0) << orig.err;
    ASSERT_EQ(acc.exit_code, 0) << acc.err;
    const std::string a = slurp(dir / "refseq/baby.json"), o = slurp(dir / "orig/baby.json");
    EXPECT_THAT(a, HasSubstr("\"contig_naming\": \"accession\""));
    EXPECT_THAT(a, HasSubstr("mcad-deficiency"));
    EXPECT_THAT(a, HasSubstr("\"chrom\": \"chr1\""));  // reported with canonical names
    // The findings block is the same as the chr-named original's, but for the record's line in
    // the file (the copy has fewer ##contig lines).
    auto findings = [](const std::string& json) {
        const auto p = json.find("\"findings\"");
        const auto q = json.find("\"set_aside\"");
        if (p == std::string::npos || q == std::string::npos) return std::string();
        return std::regex_replace(json.substr(p, q - p), std::regex("\"vcf_line\": [0-9]+"),
                                  "\"vcf_line\": N");
    };
    EXPECT_FALSE(findings(o).empty());
    EXPECT_EQ(findings(a), findings(o));
}

}  // namespace
}  // namespace nbs::test
