// Missing data is not absence of disease (issue 9 item 5): a chromosome of panel genes with no
// record at all in the input makes those genes not assessable, so an empty, header-only or
// one-chromosome file is "incomplete", never "no_condition_suspected". A baby without a Y
// chromosome is not missing chrY data.
#include "engine/screen/assessability.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "engine/screen/screen_baby.hpp"
#include "support/cli_runner.hpp"
#include "support/panel_fixture.hpp"

namespace nbs {
namespace {

namespace fs = std::filesystem;

Panel two_chromosome_panel() {
    Panel p;
    p.conditions = {{"c-auto", "autosomal", "", "", "", "", "", 0},
                    {"c-y", "on chrY", "", "", "", "", "", 0}};
    GeneEntry a;
    a.symbol = "AUTO";
    a.condition_id = "c-auto";
    a.span = {"chr2", 1000, 2000};
    GeneEntry y = a;
    y.symbol = "YGENE";
    y.condition_id = "c-y";
    y.span = {"chrY", 3000000, 3001000};
    p.genes = {a, y};
    return p;
}

TEST(UnseenChromosomes, GenesOnAChromosomeWithoutRecordsAreNotAssessable) {
    const Panel p = two_chromosome_panel();
    BabyResult r;
    r.sex.used = Karyotype::XY;
    mark_unseen_chromosomes(r, p, {"chr1", "chrX"});
    ASSERT_EQ(r.not_assessable.size(), 2U);
    EXPECT_EQ(r.not_assessable[0].gene, "AUTO");
    EXPECT_NE(r.not_assessable[0].reason.find("no calls on chr2"), std::string::npos);
    EXPECT_EQ(r.not_assessable[1].gene, "YGENE");
    EXPECT_EQ(decide_status(r), BabyStatus::incomplete);
    // With records on chr2 and chrY, nothing is added.
    BabyResult seen;
    seen.sex.used = Karyotype::XY;
    mark_unseen_chromosomes(seen, p, {"chr2", "chrY"});
    EXPECT_TRUE(seen.not_assessable.empty());
    EXPECT_EQ(decide_status(seen), BabyStatus::no_condition_suspected);
}

TEST(UnseenChromosomes, ABabyWithoutAYIsNotMissingChrYData) {
    const Panel p = two_chromosome_panel();
    for (const Karyotype k : {Karyotype::XX, Karyotype::X0}) {
        BabyResult r;
        r.sex.used = k;
        mark_unseen_chromosomes(r, p, {"chr2"});
        EXPECT_TRUE(r.not_assessable.empty()) << to_string(k);
    }
    // Unknown sex: chrY genes cannot be vouched for.
    BabyResult unknown;
    mark_unseen_chromosomes(unknown, p, {"chr2"});
    ASSERT_EQ(unknown.not_assessable.size(), 1U);
    EXPECT_EQ(unknown.not_assessable[0].gene, "YGENE");
}

TEST(UnseenChromosomes, AFoundConditionIsNotAlsoListed) {
    const Panel p = two_chromosome_panel();
    BabyResult r;
    r.sex.used = Karyotype::XX;
    Finding f;
    f.condition_id = "c-auto";
    f.gene = "AUTO";
    r.findings.push_back(f);
    mark_unseen_chromosomes(r, p, {});
    EXPECT_TRUE(r.not_assessable.empty());
    EXPECT_EQ(decide_status(r), BabyStatus::prioritised_for_review);
}

// End to end on files: a header-only VCF and a one-chromosome VCF are incomplete, and every
// panel gene on a chromosome without calls is listed.
TEST(UnseenChromosomes, HeaderOnlyAndOneChromosomeFilesAreIncomplete) {
    const fs::path dir = test::scratch_dir("unseen_chromosomes");
    const std::string header =
        "##fileformat=VCFv4.2\n"
        "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
        "##contig=<ID=chr1,length=248956422>\n##contig=<ID=chr7,length=159345973>\n"
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tBABY\n";
    { std::ofstream(dir / "empty.vcf") << header; }
    {
        std::ofstream(dir / "chr7.vcf")
            << header << "chr7\t100101\t.\tA\tG\t50\tPASS\t.\tGT\t0/1\n";
    }
    const ScreenPlan& plan = test::generation_study_plan();
    for (const char* name : {"empty.vcf", "chr7.vcf"}) {
        SCOPED_TRACE(name);
        BabyInput in;
        in.sample_id = "b";
        in.vcf = (dir / name).string();
        const BabyResult r = screen_baby(plan, in, {});
        EXPECT_EQ(r.status, BabyStatus::incomplete);
        std::set<std::string> genes;
        for (const auto& n : r.not_assessable)
            if (n.reason.rfind("no calls on ", 0) == 0) genes.insert(n.gene);
        EXPECT_TRUE(genes.count("ACADM") == 1);  // chr1 has no records in either file
        EXPECT_EQ(genes.count("CFTR"), std::string(name) == "chr7.vcf" ? 0U : 1U);
        EXPECT_EQ(r.sex.inferred.karyotype, Karyotype::unknown);
    }
}

}  // namespace
}  // namespace nbs
