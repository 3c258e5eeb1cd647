// The LoF route end to end through nbs::screen_baby (issue 16 item 4; issue 9 items 3 and 6):
// real bcftools csq output and realistic VEP 115 / SnpEff 5.0e files for SLC52A3 on GRCh38
// (tests/data/annotated/slc52a3/make_fixtures.py). Each file has the mother in column 1 and the
// baby in column 2; on the multi-allelic record the mother carries the stop (ALT 1, W17*) and
// the baby the missense (ALT 2, W17S), so an annotation credited to the wrong ALT shows as a
// finding for the baby.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "engine/screen/screen_baby.hpp"
#include "unit/rules/rules_test_util.hpp"

namespace nbs {
namespace {

using test::data_path;

Panel slc52a3_panel(Thresholds th = {}) {
    Panel p;
    p.manifest.id = "slc52a3-lof-test";
    p.manifest.reference = "GRCh38";
    p.manifest.thresholds = std::move(th);
    Condition c;
    c.id = "brown-vialetto-van-laere-syndrome-1";
    c.name = "Brown-Vialetto-Van Laere syndrome 1";
    p.conditions.push_back(c);
    // As in panels/generation-study/genes.tsv.
    GeneEntry g;
    g.symbol = "SLC52A3";
    g.hgnc_id = "HGNC:16187";
    g.condition_id = c.id;
    g.moi = Moi::biallelic;
    g.lof_mechanism = true;
    g.span = {"chr20", 760080, 768500};
    g.mane_transcript = "ENST00000645534.1|NM_033409.4";
    p.genes.push_back(g);
    return p;
}

BabyResult screen(const Panel& panel, const std::string& file, const std::string& sample) {
    const ScreenPlan plan(panel);
    BabyInput in;
    in.sample_id = sample;
    in.vcf = data_path("annotated/slc52a3/" + file).string();
    in.vcf_sample = sample;
    return screen_baby(plan, in, ScreenOptions{});
}

const ReportedAllele* lof_allele(const BabyResult& r) {
    for (const auto& f : r.findings)
        for (const auto& v : f.variants)
            for (const auto& route : v.qualification.routes)
                if (route.route == Route::lof) return &v;
    return nullptr;
}

struct Case {
    const char* file;
    Thresholds thresholds;
};

TEST(LofRouteEndToEnd, MultiAllelicStopIsCreditedToItsOwnAltOnly) {
    // Every tool's annotation of chr20:765725 C>T,G: the mother (T/T) has the LoF finding, the
    // baby (G/G) has none, whichever tool wrote it and whatever its key.
    Thresholds lab;
    lab.consequence_keys = {"CSQ_LAB"};
    const Case cases[] = {{"bcsq_multiallelic.vcf", {}},   {"bcsq_multiallelic_local.vcf", {}},
                          {"vep_multiallelic.vcf", {}},    {"vep_as_ann.vcf", {}},
                          {"vep_no_symbol_no_af.vcf", {}}, {"vep_lab_key.vcf", lab},
                          {"snpeff_multiallelic.vcf", {}}};
    for (const auto& c : cases) {
        SCOPED_TRACE(c.file);
        const Panel panel = slc52a3_panel(c.thresholds);
        const BabyResult mother = screen(panel, c.file, "MOTHER");
        ASSERT_EQ(mother.findings.size(), 1U);
        EXPECT_EQ(mother.findings[0].gene, "SLC52A3");
        const ReportedAllele* a = lof_allele(mother);
        ASSERT_NE(a, nullptr);
        EXPECT_EQ(a->call.variant, (Variant{"chr20", 765725, "C", "T"}));
        EXPECT_EQ(a->call.genotype, "1|1");
        EXPECT_NE(a->qualification.routes[0].why.find("stop_gained"), std::string::npos)
            << a->qualification.routes[0].why;
        EXPECT_EQ(mother.status, BabyStatus::prioritised_for_review);

        const BabyResult baby = screen(panel, c.file, "BABY");
        EXPECT_TRUE(baby.findings.empty()) << baby.findings.size();
        EXPECT_NE(baby.status, BabyStatus::prioritised_for_review);
    }
}

TEST(LofRouteEndToEnd, VepUnderAnyKeyIsReadOnceTheHeaderIsSeen) {
    // VEP written under a key nothing asks for in advance ("vep"): the reader is told to carry it
    // after the header is read. The file is vep_as_ann.vcf with the key renamed, in this test's
    // own scratch folder.
    std::ifstream in(data_path("annotated/slc52a3/vep_as_ann.vcf"));
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    auto replace_all = [&](const std::string& from, const std::string& to) {
        for (auto p = text.find(from); p != std::string::npos; p = text.find(from, p + to.size()))
            text.replace(p, from.size(), to);
    };
    replace_all("ID=ANN,", "ID=vep,");
    replace_all("\tANN=", "\tvep=");
    const auto dir = std::filesystem::path(NBS_SCRATCH_DIR) / "lof_route_vep_key";
    std::filesystem::create_directories(dir);
    const auto path = dir / "vep_key.vcf";
    std::ofstream(path) << text;
    const Panel panel = slc52a3_panel();
    const ScreenPlan plan(panel);
    BabyInput mother;
    mother.sample_id = "MOTHER";
    mother.vcf = path.string();
    mother.vcf_sample = "MOTHER";
    const BabyResult r = screen_baby(plan, mother, ScreenOptions{});
    ASSERT_EQ(r.findings.size(), 1U);
    EXPECT_NE(lof_allele(r), nullptr);
    BabyInput baby = mother;
    baby.vcf_sample = "BABY";
    EXPECT_TRUE(screen_baby(plan, baby, ScreenOptions{}).findings.empty());
}

TEST(LofRouteEndToEnd, LabKeyIsReadOnlyWhenThePanelNamesIt) {
    // CSQ_LAB's description does not say VEP: without consequence_keys it is not a consequence
    // annotation, so nothing qualifies; with it, the mother's stop does.
    const BabyResult without = screen(slc52a3_panel(), "vep_lab_key.vcf", "MOTHER");
    EXPECT_TRUE(without.findings.empty());
    Thresholds th;
    th.consequence_keys = {"CSQ_LAB"};
    EXPECT_EQ(screen(slc52a3_panel(th), "vep_lab_key.vcf", "MOTHER").findings.size(), 1U);
}

TEST(LofRouteEndToEnd, ConfiguredKeyWithoutFieldListIsABabyFlag) {
    // panel.toml names INFO/CS (in this real 1000 Genomes file "Source call set.") as a
    // consequence key: it has no "Format:" list, so the baby's QC flags say it was not read.
    Thresholds th;
    th.consequence_keys = {"CS"};
    const Panel panel = slc52a3_panel(th);  // the plan keeps a reference
    const ScreenPlan plan(panel);
    BabyInput in;
    in.sample_id = "HG00096";
    in.vcf = data_path("rules/1000G_chr22_lof.ann.1sample.grch38hdr.vcf").string();
    const BabyResult r = screen_baby(plan, in, ScreenOptions{});
    bool said = false;
    for (const auto& f : r.qc.flags)
        said = said || f.find("INFO/CS is named in consequence_keys") != std::string::npos;
    EXPECT_TRUE(said);
}

TEST(LofRouteEndToEnd, PopulationFrequencyFromVepSubfields) {
    // vep_common.vcf: the stop's gnomADe_AF and MAX_AF are 0.02, above the biallelic 0.01.
    EXPECT_TRUE(screen(slc52a3_panel(), "vep_common.vcf", "MOTHER").findings.empty());
    // With no frequency field configured, the ceiling cannot be applied: the route is taken and
    // says so.
    Thresholds none;
    none.consequence_af_fields = {};
    const BabyResult r = screen(slc52a3_panel(none), "vep_common.vcf", "MOTHER");
    const ReportedAllele* a = lof_allele(r);
    ASSERT_NE(a, nullptr);
    EXPECT_TRUE(a->qualification.population_af_unknown);
    EXPECT_NE(a->qualification.routes[0].why.find("population frequency unknown"),
              std::string::npos);
    // The baby's flag says why: this panel has no knowledge, so no source at all (a panel
    // whose gnomAD knowledge does not cover the position says that instead: baby09's golden).
    const auto flagged = [](const BabyResult& res, const std::string& text) {
        return std::any_of(res.qc.flags.begin(), res.qc.flags.end(),
                           [&](const std::string& f) { return f.find(text) != std::string::npos; });
    };
    EXPECT_TRUE(flagged(r, "population frequency unknown (no configured source)"));
    EXPECT_FALSE(flagged(r, "not covered"));
    // vep_multiallelic.vcf declares the gnomAD fields but they are empty for this novel stop:
    // "not observed", not unknown.
    const BabyResult novel_result = screen(slc52a3_panel(), "vep_multiallelic.vcf", "MOTHER");
    const ReportedAllele* novel = lof_allele(novel_result);
    ASSERT_NE(novel, nullptr);
    EXPECT_FALSE(novel->qualification.population_af_unknown);
    EXPECT_NE(novel->qualification.routes[0].why.find("not observed"), std::string::npos);
    // VEP --fields without any frequency field or SYMBOL: matched by MANE, frequency unknown.
    const BabyResult slim_result = screen(slc52a3_panel(), "vep_no_symbol_no_af.vcf", "MOTHER");
    const ReportedAllele* slim = lof_allele(slim_result);
    ASSERT_NE(slim, nullptr);
    EXPECT_TRUE(slim->qualification.population_af_unknown);
}

TEST(LofRouteEndToEnd, MultiAllelicFrameshiftCreditedToTheDeletion) {
    // chr20:765745 GC>G,AC: ALT 1 is c.29del (frameshift), ALT 2 synonymous. bcftools csq names
    // each ALT in dna_change; VEP --minimal writes '-' and 'A'. The baby (1|1) has the
    // frameshift; the mother (2|2) only the synonymous change.
    for (const char* file : {"bcsq_frameshift.vcf", "vep_minimal_frameshift.vcf"}) {
        SCOPED_TRACE(file);
        const BabyResult baby = screen(slc52a3_panel(), file, "BABY");
        const ReportedAllele* a = lof_allele(baby);
        ASSERT_NE(a, nullptr);
        EXPECT_EQ(a->call.variant, (Variant{"chr20", 765745, "GC", "G"}));
        EXPECT_NE(a->qualification.routes[0].why.find("frameshift"), std::string::npos);
        EXPECT_TRUE(screen(slc52a3_panel(), file, "MOTHER").findings.empty());
    }
}

TEST(LofRouteEndToEnd, CompoundHaplotypeStopIsNotCreditedFromInfoAlone) {
    // bcftools csq (haplotype-aware) found that chr20:765766 G>C and 765767 A>T in cis make
    // codon 3 a stop (TTC>TAG); each alone is missense. The stop is printed at 765767 with
    // dna_change "765766G>C+765767A>T" and 765766 points to it ("@765767"). INFO alone cannot
    // say this baby carries both on one haplotype, so no single allele is credited with the stop.
    const BabyResult baby = screen(slc52a3_panel(), "bcsq_compound.vcf", "BABY");
    EXPECT_TRUE(baby.findings.empty());
    EXPECT_TRUE(baby.set_aside.empty());
}

}  // namespace
}  // namespace nbs
