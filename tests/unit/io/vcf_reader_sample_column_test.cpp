// The named baby, always (issue 9.1): whatever column the baby is in, and whichever way the file
// is read (VCF, VCF.gz, BCF; streamed or through the index; decoded in full or for the genotype
// only), the genotype and FORMAT fields are the baby's. The files are a trio written once as
// text, with the mother in column 1 carrying different genotypes, GQ, DP, AD and PS, and converted
// with the real bgzip/tabix/bcftools.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "io_test_files.hpp"

namespace nbs {
namespace {

using test::access_paths;
using test::read_records;

// One sample's FORMAT values for one record, as written in the template.
struct Call {
    std::vector<int> gt;
    bool phased;
    std::optional<int> gq, dp;
    std::vector<int> ad;
    std::optional<std::int64_t> ps;
};

struct Site {
    std::string chrom;
    std::int64_t pos;
    std::string ref, alt;
    Call mother, father, baby;
};

std::string gt_text(const Call& c) {
    std::string s;
    for (std::size_t i = 0; i < c.gt.size(); ++i)
        s += (i ? (c.phased ? "|" : "/") : "") + (c.gt[i] < 0 ? "." : std::to_string(c.gt[i]));
    return s;
}

std::string format_text(const Call& c) {
    auto opt = [](const auto& v) { return v ? std::to_string(*v) : std::string("."); };
    std::string ad;
    for (std::size_t i = 0; i < c.ad.size(); ++i)
        ad += (i ? "," : "") + (c.ad[i] < 0 ? "." : std::to_string(c.ad[i]));
    return gt_text(c) + ':' + opt(c.gq) + ':' + opt(c.dp) + ':' + (ad.empty() ? "." : ad) + ':' +
           opt(c.ps);
}

// Mother in column 1, father in column 2, the baby in column 3: every value differs between
// the mother and the baby, so reading the wrong column cannot pass.
const std::vector<Site>& sites() {
    static const std::vector<Site> s = {
        {"chr1",
         100000,
         "A",
         "G",
         {{1, 1}, false, 11, 21, {0, 21}, std::nullopt},
         {{0, 0}, false, 30, 30, {30, 0}, std::nullopt},
         {{0, 1}, true, 55, 33, {17, 16}, 100000}},
        {"chr1",
         100500,
         "C",
         "T",
         {{0, 0}, false, 12, 22, {22, 0}, std::nullopt},
         {{0, 1}, false, 31, 31, {15, 16}, std::nullopt},
         {{1, 0}, true, 56, 34, {18, 16}, 100000}},
        {"chr1",
         200000,
         "G",
         "A,C",
         {{2, 2}, false, 13, 23, {0, 0, 23}, std::nullopt},
         {{0, 0}, false, 32, 32, {32, 0, 0}, std::nullopt},
         {{1, 2}, false, 40, 30, {2, 14, 14}, std::nullopt}},
        {"chrX",
         5000000,
         "T",
         "C",
         {{0, 1}, false, 14, 24, {12, 12}, std::nullopt},
         {{1}, false, 33, 33, {0, 33}, std::nullopt},
         {{0}, false, 61, 20, {20, 0}, std::nullopt}},
        {"chrX",
         6000000,
         "A",
         "AT",
         {{-1, -1}, false, std::nullopt, std::nullopt, {-1}, std::nullopt},  // AD '.'

         {{0}, false, 34, 34, {34, 0}, std::nullopt},
         {{1}, false, 62, 19, {0, 19}, std::nullopt}},
    };
    return s;
}

std::string trio_vcf() {
    std::string t =
        "##fileformat=VCFv4.2\n"
        "##contig=<ID=chr1,length=248956422>\n"
        "##contig=<ID=chrX,length=156040895>\n"
        "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
        "##FORMAT=<ID=GQ,Number=1,Type=Integer,Description=\"Genotype quality\">\n"
        "##FORMAT=<ID=DP,Number=1,Type=Integer,Description=\"Read depth\">\n"
        "##FORMAT=<ID=AD,Number=R,Type=Integer,Description=\"Allelic depths\">\n"
        "##FORMAT=<ID=PS,Number=1,Type=Integer,Description=\"Phase set\">\n"
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tmother\tfather\tbaby\n";
    for (const auto& s : sites())
        t += s.chrom + '\t' + std::to_string(s.pos) + "\t.\t" + s.ref + '\t' + s.alt +
             "\t50\tPASS\t.\tGT:GQ:DP:AD:PS\t" + format_text(s.mother) + '\t' +
             format_text(s.father) + '\t' + format_text(s.baby) + '\n';
    return t;
}

const RegionSet kEverywhere({{"chr1", 1, 248956422}, {"chrX", 1, 156040895}});

void expect_calls(const std::vector<VcfRecord>& got, const Call Site::*who, bool genotype_only,
                  const std::string& label) {
    ASSERT_EQ(got.size(), sites().size()) << label;
    for (std::size_t i = 0; i < got.size(); ++i) {
        const Site& site = sites()[i];
        const Call& want = site.*who;
        const VcfRecord& r = got[i];
        SCOPED_TRACE(label + " " + site.chrom + ":" + std::to_string(site.pos));
        EXPECT_EQ(r.pos, site.pos);
        EXPECT_EQ(r.sample.alleles, want.gt);
        EXPECT_EQ(r.sample.phased, want.phased && want.gt.size() > 1);
        EXPECT_EQ(r.genotype_only, genotype_only);
        if (genotype_only) continue;  // FORMAT beyond GT is not read on this path
        EXPECT_EQ(r.sample.gq, want.gq);
        EXPECT_EQ(r.sample.dp, want.dp);
        EXPECT_EQ(r.sample.ad, want.ad);
        EXPECT_EQ(r.sample.phase_set, want.ps);
    }
}

TEST(VcfReaderSampleColumn, BabyInColumnThreeOnEveryFormatAndAccessPath) {
    const auto dir = test::test_scratch();
    const auto formats = test::write_formats(dir, "trio", trio_vcf());
    ASSERT_TRUE(formats);
    for (const auto& path : access_paths(*formats)) {
        AccessMode mode{};
        const auto baby =
            read_records(path.file, path.use_index, "baby", kEverywhere, std::nullopt, &mode);
        EXPECT_EQ(mode, path.expected) << path.label;
        expect_calls(baby, &Site::baby, false, path.label + " baby");
        // The same file read for the mother gives hers: the columns really differ.
        const auto mother = read_records(path.file, path.use_index, "mother", kEverywhere);
        expect_calls(mother, &Site::mother, false, path.label + " mother");
        const auto father = read_records(path.file, path.use_index, "father", kEverywhere);
        expect_calls(father, &Site::father, false, path.label + " father");
    }
}

// Outside `decode_fully` records are read for their genotype only (text: straight from the
// line, by column; BCF: GT alone), the path sex inference uses.
TEST(VcfReaderSampleColumn, GenotypeOnlyPathReadsTheBabysColumn) {
    const auto dir = test::test_scratch();
    const auto formats = test::write_formats(dir, "trio", trio_vcf());
    ASSERT_TRUE(formats);
    const RegionSet nothing_in_full({{"chr2", 1, 10}});
    for (const auto& path : access_paths(*formats)) {
        const auto baby =
            read_records(path.file, path.use_index, "baby", kEverywhere, nothing_in_full);
        expect_calls(baby, &Site::baby, true, path.label + " genotype-only baby");
        const auto mother =
            read_records(path.file, path.use_index, "mother", kEverywhere, nothing_in_full);
        expect_calls(mother, &Site::mother, true, path.label + " genotype-only mother");
    }
}

// bcftools itself, asked for the baby's column, agrees with what the reader returned.
TEST(VcfReaderSampleColumn, AgreesWithBcftoolsQueryForTheBaby) {
    const auto dir = test::test_scratch();
    const auto formats = test::write_formats(dir, "trio", trio_vcf());
    ASSERT_TRUE(formats);
    const auto out = dir / "query.txt";
    ASSERT_EQ(test::sh("bcftools query -s baby -f '%CHROM:%POS [%GT %GQ %DP %AD %PS]\\n' " +
                       test::quoted(formats->bcf) + " > " + test::quoted(out)),
              0);
    const std::string oracle = test::slurp(out);
    std::string mine;
    for (const auto& r : read_records(formats->bcf, true, "baby", kEverywhere)) {
        auto opt = [](const auto& v) { return v ? std::to_string(*v) : std::string("."); };
        std::string gt, ad;
        for (std::size_t i = 0; i < r.sample.alleles.size(); ++i)
            gt += (i ? (r.sample.phased ? "|" : "/") : "") +
                  (r.sample.alleles[i] < 0 ? "." : std::to_string(r.sample.alleles[i]));
        for (std::size_t i = 0; i < r.sample.ad.size(); ++i)
            ad += (i ? "," : "") + (r.sample.ad[i] < 0 ? "." : std::to_string(r.sample.ad[i]));
        mine += r.chrom + ':' + std::to_string(r.pos) + ' ' + gt + ' ' + opt(r.sample.gq) + ' ' +
                opt(r.sample.dp) + ' ' + (ad.empty() ? "." : ad) + ' ' + opt(r.sample.phase_set) +
                '\n';
    }
    EXPECT_EQ(mine, oracle);
}

}  // namespace
}  // namespace nbs
