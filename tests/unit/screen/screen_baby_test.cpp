// End-to-end rules through nbs::screen_baby (issue items 3-6) on hand-designed fixtures
// (tests/data/rules/make_fixtures.py) and a fictional panel (tests/data/rules/panel/).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/panel/panel_parser.hpp"
#include "engine/screen/screen_baby.hpp"
#include "unit/rules/rules_test_util.hpp"

namespace nbs {
namespace {

using test::data_path;

class ScreenBaby : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        panel_ = new Panel(load_panel(data_path("rules/panel")));
        plan_ = new ScreenPlan(*panel_);
    }
    static void TearDownTestSuite() {
        delete plan_;
        delete panel_;
    }
    static BabyResult screen(const std::string& file,
                             std::optional<Karyotype> reported = std::nullopt) {
        BabyInput in;
        in.sample_id = file;
        in.vcf = data_path("rules/" + file).string();
        in.reported_sex = reported;
        return screen_baby(*plan_, in, ScreenOptions{});
    }
    static const Finding* finding(const BabyResult& r, const std::string& condition) {
        for (const auto& f : r.findings)
            if (f.condition_id == condition) return &f;
        return nullptr;
    }
    static Panel* panel_;
    static ScreenPlan* plan_;
};
Panel* ScreenBaby::panel_ = nullptr;
ScreenPlan* ScreenBaby::plan_ = nullptr;

TEST_F(ScreenBaby, TransPairReportedWithEvidence) {
    const BabyResult r = screen("xx_trans_pair.vcf");
    EXPECT_EQ(r.status, BabyStatus::prioritised_for_review);
    ASSERT_EQ(r.findings.size(), 1U);
    const Finding& f = r.findings[0];
    // Item 6: condition, gene, MOI, phase, and per allele genotype, GQ, DP, AB, route and why.
    EXPECT_EQ(f.condition_id, "cond-ar");
    EXPECT_EQ(f.gene, "ARGENE");
    EXPECT_EQ(f.moi, Moi::biallelic);
    EXPECT_EQ(f.outcome.phase, Phase::trans);
    ASSERT_EQ(f.variants.size(), 2U);
    const auto& a = f.variants[0];
    EXPECT_EQ(a.call.variant, (Variant{"chr1", 1005000, "C", "T"}));
    EXPECT_EQ(a.call.genotype, "0|1");
    EXPECT_EQ(a.call.gq, 60);
    EXPECT_EQ(a.call.dp, 30);
    EXPECT_DOUBLE_EQ(*a.call.allele_balance(), 0.5);
    ASSERT_EQ(a.qualification.routes.size(), 1U);
    EXPECT_EQ(a.qualification.routes[0].route, Route::include_list);
    EXPECT_NE(a.qualification.routes[0].why.find("test allele A"), std::string::npos);
    EXPECT_EQ(f.variants[1].call.genotype, "1|0");
    EXPECT_DOUBLE_EQ(*f.variants[1].call.allele_balance(), 16.0 / 30.0);
}

TEST_F(ScreenBaby, SameFindingWithNoChrContigNames) {
    const BabyResult r = screen("xx_trans_pair.nochr.vcf");
    ASSERT_EQ(r.findings.size(), 1U);
    EXPECT_EQ(r.findings[0].gene, "ARGENE");
    EXPECT_EQ(r.findings[0].outcome.phase, Phase::trans);
    EXPECT_EQ(r.sex.inferred.karyotype, Karyotype::XX);
}

TEST_F(ScreenBaby, CisPairNotReported) {
    const BabyResult r = screen("xx_cis_pair.vcf");
    EXPECT_EQ(r.qc.alleles_in_panel_genes, 2U);  // both alleles were read and qualified
    EXPECT_EQ(r.status, BabyStatus::no_condition_suspected);
    EXPECT_TRUE(r.findings.empty());
}

TEST_F(ScreenBaby, UnphasedAndDifferentPhaseSetPairsReportedPhaseUnknown) {
    for (const char* file : {"xx_unphased_pair.vcf", "xx_diff_ps_pair.vcf"}) {
        SCOPED_TRACE(file);
        const BabyResult r = screen(file);
        ASSERT_EQ(r.findings.size(), 1U);
        EXPECT_EQ(r.findings[0].outcome.phase, Phase::unknown);
    }
}

TEST_F(ScreenBaby, CarrierNeverReported) {
    const BabyResult r = screen("xx_carrier.vcf");
    EXPECT_EQ(r.qc.alleles_in_panel_genes, 1U);  // the allele was read
    EXPECT_EQ(r.status, BabyStatus::no_condition_suspected);
    EXPECT_TRUE(r.findings.empty());
    EXPECT_TRUE(r.set_aside.empty());
}

TEST_F(ScreenBaby, MultiAllelicOneTwoCallIsACompoundHet) {
    // CAG > C,CAGAG GT 1/2: both ALTs are on the include list (C>CAG after trimming).
    const BabyResult r = screen("xx_multiallelic_12.vcf");
    ASSERT_EQ(r.findings.size(), 1U);
    EXPECT_EQ(r.findings[0].outcome.phase, Phase::trans);
    ASSERT_EQ(r.findings[0].variants.size(), 2U);
    EXPECT_EQ(r.findings[0].variants[1].call.variant, (Variant{"chr1", 1007000, "C", "CAG"}));
    EXPECT_EQ(r.findings[0].variants[1].call.genotype, "1/2");
}

// A qualifying allele that fails QC is not a finding, but it is not a negative either: its
// condition is not assessable, with the allele and the reason, and the baby is incomplete.
TEST_F(ScreenBaby, QcFailedAlleleMakesItsConditionNotAssessable) {
    const BabyResult r = screen("xx_qc_failed_hom.vcf");
    EXPECT_EQ(r.status, BabyStatus::incomplete);
    ASSERT_EQ(r.not_assessable.size(), 1U);
    EXPECT_EQ(r.not_assessable[0].gene, "ARGENE");
    EXPECT_NE(r.not_assessable[0].reason.find("failed genotype QC: GQ 7 < 20"), std::string::npos)
        << r.not_assessable[0].reason;
    EXPECT_NE(r.not_assessable[0].reason.find(r.set_aside.at(0).allele.call.variant.to_string()),
              std::string::npos)
        << r.not_assessable[0].reason;
    EXPECT_TRUE(r.findings.empty());
    ASSERT_EQ(r.set_aside.size(), 1U);
    const auto& s = r.set_aside[0];
    EXPECT_EQ(s.reason, "failed genotype QC");
    EXPECT_EQ(s.gene, "ARGENE");
    EXPECT_EQ(s.allele.call.gq, 7);
    EXPECT_FALSE(s.allele.qc.pass);
    ASSERT_EQ(s.allele.qc.failures.size(), 1U);
    EXPECT_EQ(s.allele.qc.failures[0], "GQ 7 < 20");
    EXPECT_TRUE(s.allele.qualification.qualifies());  // it qualified; QC stopped it
}

TEST_F(ScreenBaby, QcFailedSecondAlleleOfAPairIsNotAssessableNotACarrier) {
    // With the failed allele the pair would be a compound heterozygote: the answer is unknown.
    const BabyResult r = screen("xx_qc_failed_one_of_pair.vcf");
    EXPECT_TRUE(r.findings.empty());
    EXPECT_EQ(r.status, BabyStatus::incomplete);
    ASSERT_EQ(r.not_assessable.size(), 1U);
    EXPECT_NE(r.not_assessable[0].reason.find("FILTER LowQual"), std::string::npos);
    ASSERT_EQ(r.set_aside.size(), 1U);
    EXPECT_EQ(r.set_aside[0].allele.qc.failures[0], "FILTER LowQual");
}

TEST_F(ScreenBaby, MissingGenotypesNeverCarriers) {
    const BabyResult r = screen("xx_missing_gt.vcf");
    EXPECT_TRUE(r.findings.empty());
    EXPECT_TRUE(r.set_aside.empty());
    EXPECT_EQ(r.qc.alleles_in_panel_genes, 0U);
}

TEST_F(ScreenBaby, SymbolicAllelesNeverCrashAndStarRecordCallsOnlyTheSequenceAlt) {
    // The '*,A' 1/2 record carries include allele B (chr1:1006000 G>A) once: a carrier.
    const BabyResult r = screen("symbolic_alleles.vcf");
    EXPECT_TRUE(r.findings.empty());
    // G>A, T>C and the <DEL> (read for docs/rules.md 2g); no other symbolic allele.
    EXPECT_EQ(r.qc.alleles_in_panel_genes, 3U);
    // The panel has no transcript models: the deletion is flagged for review, never dropped.
    std::string flags;
    for (const auto& f : r.qc.flags)
        flags += f + "\n";
    EXPECT_NE(flags.find("chr1:1005000 <DEL> (deleting 1005001-1005100) overlaps"),
              std::string::npos)
        << flags;
}

TEST_F(ScreenBaby, ExcludeListOverridesClinvar) {
    const BabyResult r = screen("xx_excluded_clinvar.vcf");
    EXPECT_TRUE(r.findings.empty());
    ASSERT_EQ(r.set_aside.size(), 1U);
    EXPECT_EQ(r.set_aside[0].reason, "exclude list");
    // The same kind of homozygous ClinVar-pathogenic call elsewhere in the gene is a finding.
    const BabyResult other = screen("xx_clinvar_hom_other.vcf");
    ASSERT_EQ(other.findings.size(), 1U);
    EXPECT_EQ(other.findings[0].variants[0].qualification.routes[0].route, Route::clinvar);
}

TEST_F(ScreenBaby, GeneWithSeveralEntriesEvaluatedPerEntry) {
    // MULTIGENE: MONOALLELIC (cond-multi-ad) and BIALLELIC (cond-multi-ar); one het.
    const BabyResult r = screen("xx_multi_entry_het.vcf");
    ASSERT_EQ(r.findings.size(), 1U);
    EXPECT_NE(finding(r, "cond-multi-ad"), nullptr);
    EXPECT_EQ(finding(r, "cond-multi-ar"), nullptr);
}

TEST_F(ScreenBaby, XLinkedByKaryotype) {
    // XLINKED_BIALLELIC: a het XX girl is a carrier; two unphased hets are reported.
    EXPECT_TRUE(screen("xx_xr_het.vcf").findings.empty());
    const BabyResult two = screen("xx_xr_two_het_unphased.vcf");
    ASSERT_EQ(two.findings.size(), 1U);
    EXPECT_EQ(two.findings[0].outcome.phase, Phase::unknown);
    // XLINKED_MONOALLELIC: a het girl is reported.
    ASSERT_NE(finding(screen("xx_xd_het.vcf"), "cond-xld"), nullptr);
    // XY boy: `1` and `1/1` are both hemizygous findings.
    for (const char* file : {"xy_xr_haploid.vcf", "xy_xr_diploid_hom.vcf"}) {
        SCOPED_TRACE(file);
        const BabyResult r = screen(file);
        EXPECT_EQ(r.sex.used, Karyotype::XY);
        ASSERT_EQ(r.findings.size(), 1U);
        EXPECT_EQ(r.findings[0].outcome.zygosity, "hemizygous");
    }
}

TEST_F(ScreenBaby, HetCallOnXNonParInXyBabyFlagged) {
    const BabyResult r = screen("xy_xr_het_flag.vcf");
    EXPECT_EQ(r.sex.inferred.karyotype, Karyotype::XY);
    ASSERT_EQ(r.findings.size(), 1U);  // hemizygous rule: any non-ref call
    bool flagged = false;
    for (const auto& f : r.qc.flags)
        flagged =
            flagged || f.find("heterozygous call(s) on chrX outside the PARs") != std::string::npos;
    EXPECT_TRUE(flagged);
    // No such flag for a boy without a het call (whose calls were read: his finding is there).
    const BabyResult haploid = screen("xy_xr_haploid.vcf");
    ASSERT_EQ(haploid.findings.size(), 1U);
    EXPECT_EQ(haploid.sex.inferred.karyotype, Karyotype::XY);
    for (const auto& f : haploid.qc.flags)
        EXPECT_EQ(f.find("heterozygous call(s) on chrX"), std::string::npos) << f;
}

TEST_F(ScreenBaby, ParGeneTreatedAutosomally) {
    // PARGENE (BIALLELIC, chrX PAR1) in an XY boy: a het is a carrier, a hom a finding.
    EXPECT_TRUE(screen("xy_par_het.vcf").findings.empty());
    const BabyResult hom = screen("xy_par_hom.vcf");
    ASSERT_EQ(hom.findings.size(), 1U);
    EXPECT_EQ(hom.findings[0].outcome.zygosity, "homozygous");
}

TEST_F(ScreenBaby, SexInferredWithNumbersAndReportedSexChecked) {
    const BabyResult xy = screen("xy_ad_het.vcf");
    EXPECT_EQ(xy.sex.inferred.karyotype, Karyotype::XY);
    EXPECT_EQ(xy.sex.evidence.x_nonpar_calls, 40U);
    EXPECT_EQ(xy.sex.evidence.x_nonpar_het, 0U);
    EXPECT_EQ(xy.sex.evidence.x_haploid_calls, 20U);
    EXPECT_EQ(xy.sex.evidence.y_nonpar_calls, 15U);
    // Reported sex absent: the inferred one is used.
    EXPECT_EQ(xy.sex.used, Karyotype::XY);
    EXPECT_EQ(xy.sex.used_source, "inferred");
    EXPECT_EQ(xy.status, BabyStatus::prioritised_for_review);  // ADGENE het
    // Reported XY agrees.
    const BabyResult agree = screen("xy_ad_het.vcf", Karyotype::XY);
    EXPECT_EQ(agree.status, BabyStatus::prioritised_for_review);
    EXPECT_TRUE(agree.qc.failures.empty());
    // Reported XX disagrees: sample_failed_qc with reason sex_discordant, findings or not.
    const BabyResult swapped = screen("xy_ad_het.vcf", Karyotype::XX);
    EXPECT_EQ(swapped.status, BabyStatus::sample_failed_qc);
    ASSERT_EQ(swapped.qc.failures.size(), 1U);
    EXPECT_EQ(swapped.qc.failures[0], "sex_discordant");
    const BabyResult girl = screen("xx_carrier.vcf", Karyotype::XY);
    EXPECT_EQ(girl.status, BabyStatus::sample_failed_qc);
    EXPECT_EQ(girl.sex.inferred.karyotype, Karyotype::XX);
}

}  // namespace
}  // namespace nbs
