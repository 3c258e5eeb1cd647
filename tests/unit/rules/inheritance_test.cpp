// Inheritance (issue item 4): MONOALLELIC, BIALLELIC (hom; or two alleles not known to be cis;
// phase trans / unknown / cis), carriers never reported, X-linked by karyotype with the PARs
// autosomal, male `1` and `1/1` both hemizygous; tables plus real phased files.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/genome/contig.hpp"
#include "engine/rules/genotype_qc.hpp"
#include "engine/rules/inheritance.hpp"
#include "unit/rules/rules_test_util.hpp"

namespace nbs {
namespace {

using test::data_path;
using test::RecordSpec;

GeneEntry entry(Moi moi, Region span) {
    GeneEntry g;
    g.symbol = "G";
    g.condition_id = "c";
    g.moi = moi;
    g.span = std::move(span);
    return g;
}
const Region kAuto{"chr1", 1000000, 1100000};
const Region kXNonPar{"chrX", 40000000, 40100000};
const Region kXPar1{"chrX", 1000000, 1100000};

struct InhCase {
    const char* name;
    Moi moi;
    Region span;
    Karyotype k;
    std::vector<RecordSpec> recs;  // one ALT each, unless a 1/2 record
    bool reported;
    Phase phase;
    const char* zygosity;
};

RecordSpec at(const Region& r, std::int64_t off, const char* gt,
              std::optional<std::int64_t> ps = std::nullopt) {
    return RecordSpec().chrom(r.chrom).pos(r.start + off).gt(gt).ps(ps).ad({15, 15});
}

TEST(Inheritance, Table) {
    const auto XX = Karyotype::XX, XY = Karyotype::XY, X0 = Karyotype::X0, XXY = Karyotype::XXY,
               UNK = Karyotype::unknown;
    const auto MONO = Moi::monoallelic, BI = Moi::biallelic, XLM = Moi::xlinked_monoallelic,
               XLB = Moi::xlinked_biallelic;
    const auto NA = Phase::not_applicable, TR = Phase::trans, CIS = Phase::cis, UN = Phase::unknown;
    const std::vector<InhCase> cases = {
        {"mono het", MONO, kAuto, XX, {at(kAuto, 10, "0/1")}, true, NA, "heterozygous"},
        {"mono hom", MONO, kAuto, XY, {at(kAuto, 10, "1/1")}, true, NA, "homozygous"},
        {"bi hom", BI, kAuto, XX, {at(kAuto, 10, "1/1")}, true, NA, "homozygous"},
        {"bi single het: carrier", BI, kAuto, XX, {at(kAuto, 10, "0/1")}, false, NA, ""},
        {"bi het+het unphased",
         BI,
         kAuto,
         XX,
         {at(kAuto, 10, "0/1"), at(kAuto, 20, "0/1")},
         true,
         UN,
         "compound_heterozygous"},
        {"bi het+het trans",
         BI,
         kAuto,
         XX,
         {at(kAuto, 10, "0|1", 7), at(kAuto, 20, "1|0", 7)},
         true,
         TR,
         "compound_heterozygous"},
        {"bi het+het cis",
         BI,
         kAuto,
         XX,
         {at(kAuto, 10, "0|1", 7), at(kAuto, 20, "0|1", 7)},
         false,
         CIS,
         ""},
        {"bi het+het cis on haplotype 0",
         BI,
         kAuto,
         XX,
         {at(kAuto, 10, "1|0", 7), at(kAuto, 20, "1|0", 7)},
         false,
         CIS,
         ""},
        {"bi phased in different PS",
         BI,
         kAuto,
         XX,
         {at(kAuto, 10, "0|1", 7), at(kAuto, 20, "0|1", 8)},
         true,
         UN,
         "compound_heterozygous"},
        {"bi one phased one not",
         BI,
         kAuto,
         XX,
         {at(kAuto, 10, "0|1", 7), at(kAuto, 20, "0/1")},
         true,
         UN,
         "compound_heterozygous"},
        {"bi phased without PS: one set per chromosome",
         BI,
         kAuto,
         XX,
         {at(kAuto, 10, "0|1"), at(kAuto, 20, "0|1")},
         false,
         CIS,
         ""},
        {"bi het + hom counted",
         BI,
         kAuto,
         XX,
         {at(kAuto, 10, "0/1"), at(kAuto, 20, "1/1")},
         true,
         NA,
         "homozygous"},
        {"bi 1/2 record: two ALTs in trans",
         BI,
         kAuto,
         XX,
         {at(kAuto, 10, "1/2").alts({"G", "T"}).ad({0, 15, 15})},
         true,
         TR,
         "compound_heterozygous"},
        {"bi three alleles, two cis + one trans",
         BI,
         kAuto,
         XX,
         {at(kAuto, 10, "0|1", 7), at(kAuto, 20, "0|1", 7), at(kAuto, 30, "1|0", 7)},
         true,
         TR,
         "compound_heterozygous"},
        {"xlm het XX", XLM, kXNonPar, XX, {at(kXNonPar, 10, "0/1")}, true, NA, "heterozygous"},
        {"xlm haploid XY", XLM, kXNonPar, XY, {at(kXNonPar, 10, "1")}, true, NA, "hemizygous"},
        {"xlm 1/1 XY", XLM, kXNonPar, XY, {at(kXNonPar, 10, "1/1")}, true, NA, "hemizygous"},
        {"xlb haploid XY", XLB, kXNonPar, XY, {at(kXNonPar, 10, "1")}, true, NA, "hemizygous"},
        {"xlb 1/1 XY", XLB, kXNonPar, XY, {at(kXNonPar, 10, "1/1")}, true, NA, "hemizygous"},
        {"xlb het XY (QC flags it)",
         XLB,
         kXNonPar,
         XY,
         {at(kXNonPar, 10, "0/1")},
         true,
         NA,
         "hemizygous"},
        {"xlb haploid X0", XLB, kXNonPar, X0, {at(kXNonPar, 10, "1")}, true, NA, "hemizygous"},
        {"xlb het XX: carrier", XLB, kXNonPar, XX, {at(kXNonPar, 10, "0/1")}, false, NA, ""},
        {"xlb het XXY: carrier", XLB, kXNonPar, XXY, {at(kXNonPar, 10, "0/1")}, false, NA, ""},
        {"xlb het unknown sex: biallelic rule",
         XLB,
         kXNonPar,
         UNK,
         {at(kXNonPar, 10, "0/1")},
         false,
         NA,
         ""},
        {"xlb hom XX", XLB, kXNonPar, XX, {at(kXNonPar, 10, "1/1")}, true, NA, "homozygous"},
        {"xlb two het XX unphased",
         XLB,
         kXNonPar,
         XX,
         {at(kXNonPar, 10, "0/1"), at(kXNonPar, 20, "0/1")},
         true,
         UN,
         "compound_heterozygous"},
        {"xlb two het XXY cis",
         XLB,
         kXNonPar,
         XXY,
         {at(kXNonPar, 10, "0|1", 3), at(kXNonPar, 20, "0|1", 3)},
         false,
         CIS,
         ""},
        // PAR1: autosomal, whatever the karyotype.
        {"xlb in PAR1, het XY: carrier", XLB, kXPar1, XY, {at(kXPar1, 10, "0/1")}, false, NA, ""},
        {"bi in PAR1, het XY: carrier", BI, kXPar1, XY, {at(kXPar1, 10, "0/1")}, false, NA, ""},
        {"bi in PAR1, hom XY", BI, kXPar1, XY, {at(kXPar1, 10, "1/1")}, true, NA, "homozygous"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        std::vector<AlleleCall> calls;
        for (const auto& r : c.recs)
            for (auto& a : split_alleles(test::make_record(r)))
                calls.push_back(std::move(a));
        std::vector<const AlleleCall*> ptrs;
        for (const auto& a : calls)
            ptrs.push_back(&a);
        const InheritanceOutcome out = evaluate_inheritance(entry(c.moi, c.span), ptrs, c.k);
        EXPECT_EQ(out.reported, c.reported) << out.reason;
        EXPECT_EQ(out.phase, c.phase) << to_string(out.phase);
        if (c.reported) {
            EXPECT_EQ(out.zygosity, c.zygosity);
        }
        EXPECT_FALSE(out.reason.empty());
    }
}

TEST(Inheritance, NoAllelesNothingReported) {
    EXPECT_FALSE(evaluate_inheritance(entry(Moi::monoallelic, kAuto), {}, Karyotype::XX).reported);
}

// Several qualifying alleles in a monoallelic gene: the strongest names the finding, whatever the
// file order (a het first, then a hom; in an XY boy a PAR-spanning gene's non-PAR 1/1 is
// hemizygous).
TEST(Inheritance, MonoallelicZygosityIsTheStrongestAllele) {
    const auto het = test::one_call(at(kAuto, 10, "0/1"));
    const auto hom = test::one_call(at(kAuto, 20, "1/1").ad({0, 30}));
    const auto out =
        evaluate_inheritance(entry(Moi::monoallelic, kAuto), {&het, &hom}, Karyotype::XX);
    ASSERT_TRUE(out.reported);
    EXPECT_EQ(out.zygosity, "homozygous");
    EXPECT_EQ(evaluate_inheritance(entry(Moi::monoallelic, kAuto), {&het}, Karyotype::XX).zygosity,
              "heterozygous");
    const Region spanning{"chrX", 2700000, 2900000};  // across the PAR1 end (2,781,479)
    const auto par_het = test::one_call(at(spanning, 10, "0/1"));
    const auto nonpar_hom = test::one_call(at(spanning, 150000, "1/1").ad({0, 30}));
    EXPECT_EQ(evaluate_inheritance(entry(Moi::xlinked_monoallelic, spanning),
                                   {&par_het, &nonpar_hom}, Karyotype::XY)
                  .zygosity,
              "hemizygous");
}

// ---- real phased files ---------------------------------------------------------------------

std::vector<AlleleCall> calls_of(const std::filesystem::path& p, const std::string& sample) {
    VcfOpenOptions o;
    o.sample = sample;
    std::vector<AlleleCall> out;
    for (const auto& r : test::read_all(p, o))
        for (auto& c : split_alleles(r))
            out.push_back(std::move(c));
    return out;
}

const AlleleCall& at_pos(const std::vector<AlleleCall>& calls, std::int64_t pos) {
    for (const auto& c : calls)
        if (c.as_written.pos == pos) return c;
    throw std::runtime_error("no call at " + std::to_string(pos));
}

TEST(InheritanceRealPhased, WhatshapPhasedViaPs) {
    // sample2: chrA 100 0|1 PS100, 150 1|0 PS100, 300 0|1 PS300, 350 0|1 PS300.
    const auto s2 = calls_of(data_path("vcf/whatshap/phased-via-PS.vcf"), "sample2");
    EXPECT_EQ(pair_phase(at_pos(s2, 100), at_pos(s2, 150)), Phase::trans);
    EXPECT_EQ(pair_phase(at_pos(s2, 300), at_pos(s2, 350)), Phase::cis);
    EXPECT_EQ(pair_phase(at_pos(s2, 100), at_pos(s2, 350)), Phase::unknown);  // different PS
    // sample1: 100 0/1 (unphased), 300 1|0 PS300, 350 0|1 PS300.
    const auto s1 = calls_of(data_path("vcf/whatshap/phased-via-PS.vcf"), "sample1");
    EXPECT_EQ(pair_phase(at_pos(s1, 100), at_pos(s1, 300)), Phase::unknown);
    EXPECT_EQ(pair_phase(at_pos(s1, 300), at_pos(s1, 350)), Phase::trans);
    // As a BIALLELIC gene: the cis pair alone is not reported; the trans pair is.
    const GeneEntry g = entry(Moi::biallelic, {"chrA", 1, 1000});
    EXPECT_FALSE(
        evaluate_inheritance(g, {&at_pos(s2, 300), &at_pos(s2, 350)}, Karyotype::XX).reported);
    const auto tr = evaluate_inheritance(g, {&at_pos(s2, 100), &at_pos(s2, 150)}, Karyotype::XX);
    EXPECT_TRUE(tr.reported);
    EXPECT_EQ(tr.phase, Phase::trans);
}

TEST(InheritanceRealPhased, WhatshapOverlappingPhaseBlocks) {
    // PS 1 spans 100..350 and again 500..700, PS 2 sits inside it (410..470).
    const auto c = calls_of(data_path("vcf/whatshap/phased_overlapping.vcf"), "sample1");
    EXPECT_EQ(pair_phase(at_pos(c, 100), at_pos(c, 150)), Phase::trans);    // 0|1 vs 1|0, PS 1
    EXPECT_EQ(pair_phase(at_pos(c, 100), at_pos(c, 500)), Phase::cis);      // 0|1 vs 0|1, PS 1
    EXPECT_EQ(pair_phase(at_pos(c, 410), at_pos(c, 460)), Phase::cis);      // PS 2
    EXPECT_EQ(pair_phase(at_pos(c, 150), at_pos(c, 410)), Phase::unknown);  // PS 1 vs PS 2
}

TEST(InheritanceRealPhased, Hg002PhaseSets) {
    // HG002 GRCh38 (whatshap test, integer PS 16849384): 17986892 1|0, 17987489 0|1,
    // 17988127 0|1; 17986350 1/1 (no PS); 17989199 TAAAA>T,TAA 1/2 with GQ 3.
    const auto c = calls_of(
        data_path("phased/HG002.grch38.whatshap_supplementary_strategy_test.phased_PS.vcf.gz"),
        "HG002");
    const auto& a = at_pos(c, 17986892);
    const auto& b = at_pos(c, 17987489);
    const auto& d = at_pos(c, 17988127);
    EXPECT_EQ(a.phase_set, 16849384);
    EXPECT_EQ(pair_phase(a, b), Phase::trans);
    EXPECT_EQ(pair_phase(b, d), Phase::cis);
    const GeneEntry g = entry(Moi::biallelic, {"chr1", 17900000, 18100000});
    EXPECT_FALSE(evaluate_inheritance(g, {&b, &d}, Karyotype::XX).reported);
    EXPECT_EQ(evaluate_inheritance(g, {&a, &b, &d}, Karyotype::XX).phase, Phase::trans);
    const auto& hom = at_pos(c, 17986350);
    EXPECT_TRUE(is_homozygous_call(hom));
    EXPECT_EQ(evaluate_inheritance(g, {&hom}, Karyotype::XX).zygosity, "homozygous");
    // The 1/2 record: two ALTs, each heterozygous, together trans; but GQ 3 fails QC.
    std::vector<const AlleleCall*> multi;
    for (const auto& x : c)
        if (x.as_written.pos == 17989199) multi.push_back(&x);
    ASSERT_EQ(multi.size(), 2U);
    EXPECT_EQ(pair_phase(*multi[0], *multi[1]), Phase::trans);
    EXPECT_FALSE(check_genotype(*multi[0], Thresholds{}).pass);
    EXPECT_FALSE(check_genotype(*multi[1], Thresholds{}).pass);
}

}  // namespace
}  // namespace nbs
