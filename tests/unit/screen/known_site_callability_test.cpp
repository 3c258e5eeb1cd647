// Callability where it matters (issue 9 item 10): with a coverage source, every include-list
// position in a panel gene must itself be callable. A gene-level fraction can hide one bad exon:
// CFTR at 98% callable still cannot be called negative when F508del's own bases are at depth 3.
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

constexpr std::int64_t kFrom = 117400000, kTo = 117700000;  // all of CFTR, chr7 (GRCh38)

// A GATK-style gVCF of reference blocks over CFTR at depth 30, GQ 60, except [hole_from, hole_to]
// at depth `hole_dp`; plus enough chrX calls to infer sex.
fs::path write_gvcf(const fs::path& dir, std::int64_t hole_from, std::int64_t hole_to,
                    int hole_dp) {
    const fs::path p = dir / "cftr.g.vcf";
    std::ofstream o(p);
    o << "##fileformat=VCFv4.2\n"
         "##ALT=<ID=NON_REF,Description=\"Represents any possible alternative allele\">\n"
         "##INFO=<ID=END,Number=1,Type=Integer,Description=\"Stop position of the interval\">\n"
         "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
         "##FORMAT=<ID=DP,Number=1,Type=Integer,Description=\"Read depth\">\n"
         "##FORMAT=<ID=GQ,Number=1,Type=Integer,Description=\"Genotype quality\">\n"
         "##FORMAT=<ID=MIN_DP,Number=1,Type=Integer,Description=\"Minimum DP in the block\">\n"
         "##contig=<ID=chr7,length=159345973>\n"
         "##contig=<ID=chrX,length=156040895>\n"
         "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tBABY\n";
    auto block = [&](std::int64_t from, std::int64_t to, int dp) {
        o << "chr7\t" << from << "\t.\tA\t<NON_REF>\t.\t.\tEND=" << to
          << "\tGT:DP:GQ:MIN_DP\t0/0:" << dp << ":60:" << dp << "\n";
    };
    if (hole_from > 0) {
        block(kFrom, hole_from - 1, 30);
        block(hole_from, hole_to, hole_dp);
        block(hole_to + 1, kTo, 30);
    } else {
        block(kFrom, kTo, 30);
    }
    for (int i = 0; i < 40; ++i)
        o << "chrX\t" << 5000101 + 1000 * i << "\t.\tA\tG\t50\tPASS\t.\tGT:DP:GQ:MIN_DP\t"
          << (i % 2 ? "0/1" : "1/1") << ":30:60:.\n";
    return p;
}

const NotAssessable* cftr_entry(const BabyResult& r) {
    for (const auto& n : r.not_assessable)
        if (n.gene == "CFTR" && n.condition_id == "cystic-fibrosis") return &n;
    return nullptr;
}

BabyResult screen_gvcf(const fs::path& p) {
    BabyInput in;
    in.sample_id = "b";
    in.vcf = p.string();
    return screen_baby(test::generation_study_plan(), in, {});
}

TEST(KnownSiteCallability, AnUncallableKnownPathogenicPositionMakesItsGeneNotAssessable) {
    const fs::path dir = test::scratch_dir("known_site_hole");
    // 100 bases at depth 3 around F508del (chr7:117559590 ATCT>A).
    const BabyResult r = screen_gvcf(write_gvcf(dir, 117559560, 117559659, 3));
    ASSERT_TRUE(r.coverage.assessed);
    const GeneCoverage* cftr = nullptr;
    for (const auto& g : r.coverage.genes)
        if (g.gene == "CFTR") cftr = &g;
    ASSERT_NE(cftr, nullptr);
    EXPECT_TRUE(cftr->callable) << cftr->callable_fraction;  // the gene figure alone passes
    EXPECT_GT(cftr->callable_fraction, 0.95);

    bool f508del = false;
    for (const auto& s : r.coverage.uncallable_sites) {
        if (s.gene != "CFTR") continue;  // genes elsewhere have no blocks at all
        // Only alleles in the hole are listed for CFTR.
        const auto pos = std::stoll(s.variant.substr(5, s.variant.find(':', 5) - 5));
        EXPECT_GE(pos, 117559560 - 4) << s.variant;
        EXPECT_LE(pos, 117559659) << s.variant;
        if (s.variant == "chr7:117559590:ATCT>A") {
            f508del = true;
            EXPECT_EQ(s.bases, 4);
            EXPECT_EQ(s.callable_bases, 0);
        }
    }
    EXPECT_TRUE(f508del);
    bool exon_listed = false;
    for (const auto& t : r.coverage.low_targets)
        exon_listed = exon_listed || (t.gene == "CFTR" && t.region.start <= 117559590 &&
                                      t.region.end >= 117559593);
    EXPECT_TRUE(exon_listed);

    const NotAssessable* na = cftr_entry(r);
    ASSERT_NE(na, nullptr);
    EXPECT_NE(na->reason.find("known pathogenic position(s) not callable"), std::string::npos)
        << na->reason;
    EXPECT_NE(na->reason.find("chr7:117559590:ATCT>A"), std::string::npos) << na->reason;
    EXPECT_EQ(na->reason.find("low coverage"), std::string::npos) << na->reason;
    EXPECT_NE(r.status, BabyStatus::no_condition_suspected);

    // The reviewer's plot gets every CFTR target, the passing ones too (result schema 1.4.0):
    // together they are the gene's figure.
    std::size_t targets = 0, passing = 0;
    std::int64_t bases = 0, callable = 0;
    for (const auto& t : r.coverage.gene_targets) {
        if (t.gene != "CFTR") continue;
        ++targets;
        bases += t.bases;
        callable += t.callable_bases;
        if (t.callable_bases == t.bases) ++passing;
        ASSERT_TRUE(t.mean_depth.has_value());
    }
    EXPECT_EQ(targets, cftr->intervals);
    EXPECT_EQ(bases, cftr->target_bases);
    EXPECT_EQ(callable, cftr->callable_bases);
    EXPECT_GT(passing, 0u);
    EXPECT_LT(passing, targets);
}

TEST(KnownSiteCallability, TheSameGeneFullyCoveredIsAssessable) {
    const fs::path dir = test::scratch_dir("known_site_no_hole");
    const BabyResult r = screen_gvcf(write_gvcf(dir, 0, 0, 30));
    ASSERT_TRUE(r.coverage.assessed);
    for (const auto& s : r.coverage.uncallable_sites)
        EXPECT_NE(s.gene, "CFTR") << s.variant;
    for (const auto& t : r.coverage.low_targets)
        EXPECT_NE(t.gene, "CFTR") << t.region.to_string();
    EXPECT_EQ(cftr_entry(r), nullptr);
    // Genes elsewhere have no blocks at all: they are not assessable, and listed.
    EXPECT_FALSE(r.coverage.uncallable_sites.empty());
    // Only genes with a finding or a not-assessable condition get their targets listed.
    std::set<std::string> named;
    for (const auto& n : r.not_assessable)
        named.insert(n.gene);
    for (const auto& f : r.findings)
        named.insert(f.gene);
    EXPECT_FALSE(r.coverage.gene_targets.empty());
    for (const auto& t : r.coverage.gene_targets) {
        EXPECT_NE(t.gene, "CFTR") << t.region.to_string();
        EXPECT_EQ(named.count(t.gene), 1u) << t.gene;
    }
}

}  // namespace
}  // namespace nbs
