// The ClinVar and frequency routes on the panel's knowledge (issue 11, items 4 and 8): the gnomAD
// counts give observed / absent / not covered, each population against its own MOI ceiling; the
// LoF route drops an allele above a ceiling and names the deciding population otherwise; the
// ClinVar route reads the knowledge table when the input has no ClinVar INFO, with the same
// thresholds, and the input's INFO wins when both are there.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "engine/annotate/population_frequency.hpp"
#include "engine/annotate/qualifier.hpp"
#include "unit/rules/rules_test_util.hpp"

namespace nbs {
namespace {

using test::RecordSpec;

// A panel whose knowledge holds one gnomAD source covering chr9:1000-1100 with three alleles.
Panel panel_with_gnomad() {
    Panel p;
    auto k = std::make_shared<Knowledge>();
    k->schema_version = "1.1";
    k->sources.push_back({"gnomad_genomes", "gnomad.genomes.v4.1.sites.chr9.vcf.bgz", "v4.1", "x"});
    // AF afr 6/10000 = 0.0006, nfe 8/10000 = 0.0008.
    k->frequency.push_back({"gnomad_genomes",
                            {"chr9", 1010, "A", "G"},
                            false,
                            "PASS",
                            14,
                            20000,
                            "nfe",
                            "0.0008",
                            {{"afr", 6, 10000}, {"nfe", 8, 10000}}});
    // Only nfe: 8/10000.
    k->frequency.push_back({"gnomad_genomes",
                            {"chr9", 1020, "A", "G"},
                            false,
                            "AS_VQSR",
                            8,
                            20000,
                            "nfe",
                            "0.0008",
                            {{"afr", 0, 10000}, {"nfe", 8, 10000}}});
    // Common: 300/10000 in eas.
    k->frequency.push_back({"gnomad_genomes",
                            {"chr9", 1030, "A", "G"},
                            false,
                            "PASS",
                            300,
                            20000,
                            "eas",
                            "0.03",
                            {{"eas", 300, 10000}, {"nfe", 0, 10000}}});
    k->frequency_covered.push_back({"gnomad_genomes", {"chr9", 1000, 1100}});
    p.knowledge = std::move(k);
    p.manifest.thresholds.population_af_monoallelic = {{"afr", 0.0005}};
    return p;
}

TEST(PopulationFrequency, ObservedAbsentAndNotCoveredAreToldApart) {
    const Panel p = panel_with_gnomad();
    const auto obs = assess_population_frequency(p, {"chr9", 1020, "A", "G"}, Moi::biallelic);
    ASSERT_TRUE(obs);
    EXPECT_EQ(obs->status, "observed");
    EXPECT_EQ(obs->population, "nfe");
    EXPECT_EQ(obs->ac, 8);
    EXPECT_EQ(obs->an, 10000);
    EXPECT_DOUBLE_EQ(*obs->max_af, 0.0008);
    EXPECT_EQ(obs->filter, "AS_VQSR");
    EXPECT_FALSE(obs->above_threshold);
    EXPECT_EQ(obs->source, "gnomAD v4.1 genomes (knowledge)");

    // Same position, another ALT: the position is covered, the allele has no record.
    const auto absent = assess_population_frequency(p, {"chr9", 1020, "A", "T"}, Moi::biallelic);
    ASSERT_TRUE(absent);
    EXPECT_EQ(absent->status, "absent");
    EXPECT_FALSE(absent->max_af);
    EXPECT_FALSE(absent->above_threshold);

    // Outside the covered stretch: not covered, never "absent".
    const auto out = assess_population_frequency(p, {"chr9", 1101, "A", "G"}, Moi::biallelic);
    ASSERT_TRUE(out);
    EXPECT_EQ(out->status, "not_covered");
    EXPECT_EQ(assess_population_frequency(p, {"chr10", 1010, "A", "G"}, Moi::biallelic)->status,
              "not_covered");

    // Without gnomAD in the knowledge there is nothing to say.
    Panel bare;
    EXPECT_FALSE(assess_population_frequency(bare, {"chr9", 1010, "A", "G"}, Moi::biallelic));
}

TEST(PopulationFrequency, EachPopulationAgainstItsOwnCeilingPerMoi) {
    const Panel p = panel_with_gnomad();
    const Variant v{"chr9", 1010, "A", "G"};
    // Biallelic: 0.01 everywhere; the largest AF (nfe 0.0008) decides, below.
    const auto bi = assess_population_frequency(p, v, Moi::biallelic);
    EXPECT_EQ(bi->population, "nfe");
    EXPECT_FALSE(bi->above_threshold);
    EXPECT_DOUBLE_EQ(bi->threshold, 0.01);
    // Monoallelic: afr has its own 0.0005 ceiling, which its 0.0006 reaches, although nfe's
    // larger 0.0008 is below the default 0.001: afr decides and the allele is above.
    const auto mono = assess_population_frequency(p, v, Moi::monoallelic);
    EXPECT_EQ(mono->population, "afr");
    EXPECT_DOUBLE_EQ(mono->threshold, 0.0005);
    EXPECT_TRUE(mono->above_threshold);
    EXPECT_EQ(assess_population_frequency(p, v, Moi::xlinked_monoallelic)->population, "afr");
    // An AF at the ceiling fails ("below" is strict).
    Panel at = panel_with_gnomad();
    at.manifest.thresholds.population_af_biallelic = {{"nfe", 0.0008}};
    EXPECT_TRUE(assess_population_frequency(at, v, Moi::biallelic)->above_threshold);
    EXPECT_DOUBLE_EQ(population_ceiling(at.manifest.thresholds, Moi::biallelic, "sas"), 0.01);
}

// A VEP layout without frequency subfields: only the knowledge can give a frequency.
AnnotationSchema slim_vep() {
    AnnotationSchema s;
    s.consequences.push_back(
        *ConsequenceLayout::from_header(ConsequenceSource::vep_csq,
                                        "Consequence annotations from Ensembl VEP. Format: "
                                        "Allele|Consequence|Feature"));
    return s;
}

GeneEntry gene9(Moi moi) {
    GeneEntry g;
    g.symbol = "GENE9";
    g.condition_id = "test-condition";
    g.moi = moi;
    g.lof_mechanism = true;
    g.span = {"chr9", 900, 1200};
    g.mane_transcript = "ENST00000000009.1";
    return g;
}

Qualification lof_at(const Panel& p, std::int64_t pos, Moi moi) {
    const Qualifier q(p);
    const auto call = test::one_call(RecordSpec().chrom("chr9").pos(pos).ref("A").alts({"G"}).info(
        {{"CSQ", "G|stop_gained|ENST00000000009.1", '.'}}));
    return q.qualify(call, gene9(moi), slim_vep());
}

const RouteEvidence* lof(const Qualification& q) {
    for (const auto& r : q.routes)
        if (r.route == Route::lof) return &r;
    return nullptr;
}

TEST(PopulationFrequency, LofRouteUsesTheKnowledgeCounts) {
    const Panel p = panel_with_gnomad();
    // Observed below the ceiling: taken, and the why names the population and counts.
    const auto rare = lof_at(p, 1020, Moi::biallelic);
    ASSERT_NE(lof(rare), nullptr);
    EXPECT_FALSE(rare.population_af_unknown);
    EXPECT_NE(lof(rare)->why.find("AF 0.0008 in nfe (8/10000) < 0.01"), std::string::npos)
        << lof(rare)->why;
    EXPECT_EQ(lof(rare)->why.find("population frequency unknown"), std::string::npos);
    // Observed above a population's ceiling: not taken.
    EXPECT_EQ(lof(lof_at(p, 1030, Moi::biallelic)), nullptr);
    EXPECT_EQ(lof(lof_at(p, 1010, Moi::monoallelic)), nullptr) << "afr 0.0006 >= 0.0005";
    ASSERT_NE(lof(lof_at(p, 1010, Moi::biallelic)), nullptr);
    // Absent (covered, no record): taken, frequency known.
    const auto absent = lof_at(p, 1050, Moi::monoallelic);
    ASSERT_NE(lof(absent), nullptr);
    EXPECT_FALSE(absent.population_af_unknown);
    EXPECT_EQ(absent.population_frequency->status, "absent");
    EXPECT_NE(lof(absent)->why.find("allele absent"), std::string::npos) << lof(absent)->why;
    // Not covered: still unknown, and the why says the knowledge did not cover it.
    const auto uncovered = lof_at(p, 1150, Moi::monoallelic);
    ASSERT_NE(lof(uncovered), nullptr);
    EXPECT_TRUE(uncovered.population_af_unknown);
    EXPECT_EQ(uncovered.population_frequency->status, "not_covered");
    EXPECT_NE(lof(uncovered)->why.find("not covered"), std::string::npos) << lof(uncovered)->why;
}

// ClinVar 2026-02-26 chr11:108121579 T>A (VCV 302194, Likely_pathogenic, single submitter), as
// the knowledge table keeps it.
Panel panel_with_clinvar() {
    Panel p;
    auto k = std::make_shared<Knowledge>();
    k->schema_version = "1.1";
    k->sources.push_back({"clinvar", "clinvar_20260226.vcf.gz", "2026-02-26", "x"});
    k->clinvar.push_back({{"chr11", 108121579, "T", "A"},
                          false,
                          "302194",
                          1,
                          0,
                          0,
                          "criteria_provided,_single_submitter",
                          "Likely_pathogenic"});
    k->clinvar.push_back({{"chr11", 108121600, "C", "T"},
                          false,
                          "1",
                          1,
                          0,
                          2,
                          "criteria_provided,_conflicting_classifications",
                          "Conflicting_classifications_of_pathogenicity"});
    p.knowledge = std::move(k);
    return p;
}

GeneEntry acat1() {
    GeneEntry g;
    g.symbol = "ACAT1";
    g.condition_id = "beta-ketothiolase-deficiency";
    g.moi = Moi::biallelic;
    g.span = {"chr11", 108121567, 108147603};
    return g;
}

TEST(ClinvarKnowledgeRoute, RawVcfAlleleQualifiesFromTheTable) {
    const Panel p = panel_with_clinvar();
    const Qualifier q(p);
    const auto raw =
        test::one_call(RecordSpec().chrom("chr11").pos(108121579).ref("T").alts({"A"}));
    const Qualification res = q.qualify(raw, acat1(), {});
    ASSERT_EQ(res.routes.size(), 1u);
    EXPECT_EQ(res.routes[0].route, Route::clinvar);
    EXPECT_NE(res.routes[0].why.find("ClinVar release 2026-02-26"), std::string::npos)
        << res.routes[0].why;
    ASSERT_TRUE(res.clinvar);
    EXPECT_EQ(res.clinvar->source, "knowledge");
    EXPECT_EQ(res.clinvar->release, "2026-02-26");
    EXPECT_EQ(res.clinvar->variation_id, "302194");
    EXPECT_EQ(res.clinvar->counts.pathogenic, 1);
    EXPECT_EQ(res.clinvar->stars, 1);

    // Same thresholds as the INFO route: 2 B/LB > clinvar_max_benign (1): evidence, no route.
    const auto two_benign =
        q.qualify(test::one_call(RecordSpec().chrom("chr11").pos(108121600).ref("C").alts({"T"})),
                  acat1(), {});
    EXPECT_TRUE(two_benign.routes.empty());
    ASSERT_TRUE(two_benign.clinvar);
    EXPECT_EQ(two_benign.clinvar->counts.benign, 2);

    // Another gene whose span does not hold the allele is not credited.
    GeneEntry other = acat1();
    other.symbol = "NEIGHBOUR";
    other.span = {"chr11", 108130000, 108140000};
    EXPECT_TRUE(q.qualify(raw, other, {}).routes.empty());
    EXPECT_FALSE(q.qualify(raw, other, {}).clinvar);
}

TEST(ClinvarKnowledgeRoute, InputInfoWinsOverTheTable) {
    const Panel p = panel_with_clinvar();
    const Qualifier q(p);
    // The lab's annotation says Benign: the input is what the route reads, and says so.
    const auto annotated =
        test::one_call(RecordSpec().chrom("chr11").pos(108121579).ref("T").alts({"A"}).info(
            {{"CLNSIG", "Benign", '.'}, {"GENEINFO", "ACAT1:38", '1'}}));
    const Qualification res = q.qualify(annotated, acat1(), {});
    EXPECT_TRUE(res.routes.empty());
    ASSERT_TRUE(res.clinvar);
    EXPECT_EQ(res.clinvar->source, "input");
    EXPECT_TRUE(res.clinvar->knowledge_has_clinvar);
    EXPECT_EQ(res.clinvar->counts.benign, 1);
}

}  // namespace
}  // namespace nbs
