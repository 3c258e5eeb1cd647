// The ClinVar route (issue 9 items 3 and 7): an assertion counts only for the ALT it describes
// (bi-allelic record, a Number=A/R value, or CLNHGVS naming one ALT) and only for its gene
// (GENEINFO, or without it the gene's own span, not the padding where a neighbour lies); the
// qualification carries the full submission counts, review status and ids.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "engine/annotate/qualifier.hpp"
#include "unit/rules/rules_test_util.hpp"

namespace nbs {
namespace {

using test::RecordSpec;

GeneEntry acat1() {
    GeneEntry g;
    g.symbol = "ACAT1";
    g.hgnc_id = "HGNC:93";
    g.condition_id = "beta-ketothiolase-deficiency";
    g.moi = Moi::biallelic;
    g.span = {"chr11", 108121567, 108147603};
    g.mane_transcript = "ENST00000265838.9|NM_000019.4";
    return g;
}

bool has_clinvar_route(const Qualification& q) {
    for (const auto& r : q.routes)
        if (r.route == Route::clinvar) return true;
    return false;
}

// ClinVar 2026-02-26, chr11:108133862 TTTTT>AA (tests/data/panel/clinvar_..._acat1_excerpt):
// Variation 666468, 1 LP vs 2 VUS, as a lab's bcftools annotate would copy it (CLNVID from the
// ClinVar ID column).
std::vector<InfoField> real_conflicting_lp_vus() {
    return {{"CLNSIG", "Conflicting_classifications_of_pathogenicity", '.'},
            {"CLNSIGCONF", "Likely_pathogenic(1)|Uncertain_significance(2)", '.'},
            {"CLNREVSTAT", "criteria_provided,_conflicting_classifications", '.'},
            {"GENEINFO", "ACAT1:38", '1'},
            {"ALLELEID", "654025", '1'},
            {"CLNVID", "666468", '1'}};
}

TEST(ClinvarRoute, FullSubmissionCountsReviewStatusAndIds) {
    Panel p;
    const Qualifier q(p);
    const auto call =
        test::one_call(RecordSpec().chrom("chr11").pos(108133862).ref("TTTTT").alts({"AA"}).info(
            real_conflicting_lp_vus()));
    const Qualification res = q.qualify(call, acat1(), {});
    ASSERT_TRUE(res.clinvar.has_value());
    EXPECT_EQ(res.clinvar->counts.pathogenic, 1);
    EXPECT_EQ(res.clinvar->counts.uncertain, 2);
    EXPECT_EQ(res.clinvar->counts.benign, 0);
    EXPECT_EQ(res.clinvar->review_status, "criteria_provided,_conflicting_classifications");
    EXPECT_EQ(res.clinvar->stars, 1);
    EXPECT_EQ(res.clinvar->variation_id, "666468");
    EXPECT_EQ(res.clinvar->allele_id, "654025");
    // Default rule (Generation Study): no VUS limit, 1 LP qualifies.
    ASSERT_TRUE(has_clinvar_route(res));
    EXPECT_NE(res.routes[0].why.find("1 P/LP, 2 VUS, 0 B/LB"), std::string::npos)
        << res.routes[0].why;

    // clinvar_max_vus = 1: two VUS submissions are too many; the evidence is still carried.
    Panel strict;
    strict.manifest.thresholds.clinvar_max_vus = 1;
    const Qualification capped = Qualifier(strict).qualify(call, acat1(), {});
    EXPECT_FALSE(has_clinvar_route(capped));
    ASSERT_TRUE(capped.clinvar.has_value());
    EXPECT_EQ(capped.clinvar->counts.uncertain, 2);
    strict.manifest.thresholds.clinvar_max_vus = 2;
    EXPECT_TRUE(has_clinvar_route(Qualifier(strict).qualify(call, acat1(), {})));
}

TEST(ClinvarRoute, AggregateClassificationsWithoutConflictCounts) {
    // ClinVar records without CLNSIGCONF (as in the ACAT1 excerpt of ClinVar 2026-02-26): the
    // aggregate classification is one agreeing assertion of its class.
    Panel p;
    const Qualifier q(p);
    struct Case {
        const char* clnsig;
        int p, vus, b;
        bool route;
    };
    for (const Case& c : {Case{"Uncertain_significance", 0, 1, 0, false},
                          Case{"Pathogenic/Likely_pathogenic", 1, 0, 0, true},
                          Case{"Likely_benign", 0, 0, 1, false}}) {
        SCOPED_TRACE(c.clnsig);
        const auto res = q.qualify(test::one_call(RecordSpec().chrom("chr11").pos(108121621).info(
                                       {{"CLNSIG", c.clnsig, '.'}, {"GENEINFO", "ACAT1:38", '1'}})),
                                   acat1(), {});
        ASSERT_TRUE(res.clinvar.has_value());
        EXPECT_EQ(res.clinvar->counts.pathogenic, c.p);
        EXPECT_EQ(res.clinvar->counts.uncertain, c.vus);
        EXPECT_EQ(res.clinvar->counts.benign, c.b);
        EXPECT_EQ(has_clinvar_route(res), c.route);
    }
}

TEST(ClinvarRoute, WithoutGeneinfoOnlyTheGenesOwnSpanCounts) {
    // CYP21A2 / TNXB: the 2 kb padding around CYP21A2 lies in TNXB. A Pathogenic CLNSIG without
    // GENEINFO just outside CYP21A2's span is not CYP21A2's.
    GeneEntry cyp;
    cyp.symbol = "CYP21A2";
    cyp.span = {"chr6", 32038265, 32041670};
    Panel p;
    const Qualifier q(p);
    auto at = [&](std::int64_t pos, std::vector<InfoField> info) {
        return q.qualify(test::one_call(RecordSpec().chrom("chr6").pos(pos).info(info)), cyp, {});
    };
    const std::vector<InfoField> bare = {{"CLNSIG", "Pathogenic", '.'}};
    EXPECT_FALSE(has_clinvar_route(at(32041671, bare)));  // 1 bp past the end: padding
    EXPECT_FALSE(has_clinvar_route(at(32038000, bare)));  // before the start
    EXPECT_TRUE(has_clinvar_route(at(32041670, bare)));   // last base of the span
    EXPECT_TRUE(has_clinvar_route(at(32038265, bare)));
    // With GENEINFO, it decides wherever the allele lies.
    EXPECT_FALSE(has_clinvar_route(
        at(32041671, {{"CLNSIG", "Pathogenic", '.'}, {"GENEINFO", "TNXB:7148", '1'}})));
    EXPECT_TRUE(has_clinvar_route(
        at(32041671, {{"CLNSIG", "Pathogenic", '.'}, {"GENEINFO", "CYP21A2:1589", '1'}})));
    // A deletion starting before the span but reaching into it overlaps the gene.
    EXPECT_TRUE(has_clinvar_route(
        q.qualify(test::one_call(
                      RecordSpec().chrom("chr6").pos(32038262).ref("GACGT").alts({"G"}).info(bare)),
                  cyp, {})));
}

TEST(ClinvarRoute, GeneinfoWithAPreviousSymbol) {
    // An older ClinVar release names TAFAZZIN by its previous symbol TAZ.
    GeneEntry taz;
    taz.symbol = "TAFAZZIN";
    taz.aliases = {"TAZ"};
    taz.span = {"chrX", 154411517, 154421726};
    Panel p;
    const Qualifier q(p);
    const auto call = test::one_call(RecordSpec().chrom("chrX").pos(1).info(
        {{"CLNSIG", "Pathogenic", '.'}, {"GENEINFO", "TAZ:6901", '1'}}));
    EXPECT_TRUE(has_clinvar_route(q.qualify(call, taz, {})));
    taz.aliases.clear();
    EXPECT_FALSE(has_clinvar_route(q.qualify(call, taz, {})));
}

TEST(ClinvarRoute, NumberDotOnAMultiAllelicRecordIsNotAttributed) {
    // bcftools annotate copies ClinVar's Number=. CLNSIG onto a lab's multi-allelic record
    // unchanged: it describes one ALT, but which one the value does not say.
    Panel p;
    const Qualifier q(p);
    const auto calls = split_alleles(
        test::make_record(RecordSpec()
                              .chrom("chr11")
                              .pos(108121621)
                              .ref("G")
                              .alts({"C", "A"})
                              .gt("1/2")
                              .ad({0, 10, 10})
                              .info({{"CLNSIG", "Pathogenic", '.'},
                                     {"GENEINFO", "ACAT1:38", '1'},
                                     {"CLNREVSTAT", "criteria_provided,_single_submitter", '.'}})));
    ASSERT_EQ(calls.size(), 2U);
    for (const auto& c : calls) {
        SCOPED_TRACE(c.as_written.alt);
        const auto res = q.qualify(c, acat1(), {});
        EXPECT_FALSE(has_clinvar_route(res));
        EXPECT_FALSE(res.clinvar.has_value());
        ASSERT_EQ(res.flags.size(), 1U);
        EXPECT_NE(res.flags[0].find("cannot be attributed to ALT " + c.as_written.alt),
                  std::string::npos)
            << res.flags[0];
        EXPECT_NE(res.flags[0].find("bcftools norm -m-"), std::string::npos);
        EXPECT_FALSE(res.clinvar_stars.has_value());
    }
    // A Benign assertion could not have qualified either ALT: nothing to flag.
    const auto benign = split_alleles(test::make_record(RecordSpec()
                                                            .chrom("chr11")
                                                            .pos(108121621)
                                                            .ref("G")
                                                            .alts({"C", "A"})
                                                            .gt("1/2")
                                                            .ad({0, 10, 10})
                                                            .info({{"CLNSIG", "Benign", '.'}})));
    ASSERT_EQ(benign.size(), 2U);
    EXPECT_TRUE(q.qualify(benign[0], acat1(), {}).flags.empty());
}

TEST(ClinvarRoute, ClnhgvsNamesTheAlt) {
    // CLNHGVS is ClinVar's own name for the allele: NC_000011.10:g.108121621G>C is ALT 1.
    Panel p;
    const Qualifier q(p);
    auto record = [](std::string ref, std::vector<std::string> alts, std::string hgvs) {
        return split_alleles(test::make_record(RecordSpec()
                                                   .chrom("chr11")
                                                   .pos(108121621)
                                                   .ref(ref)
                                                   .alts(alts)
                                                   .gt("1/2")
                                                   .ad({0, 10, 10})
                                                   .info({{"CLNSIG", "Pathogenic", '.'},
                                                          {"GENEINFO", "ACAT1:38", '1'},
                                                          {"CLNHGVS", hgvs, '.'}})));
    };
    const auto snv = record("G", {"C", "A"}, "NC_000011.10:g.108121621G>C");
    EXPECT_TRUE(has_clinvar_route(q.qualify(snv[0], acat1(), {})));
    const auto other = q.qualify(snv[1], acat1(), {});
    EXPECT_FALSE(has_clinvar_route(other));
    EXPECT_TRUE(other.flags.empty());  // identified as ALT 1's: nothing unattributed for ALT 2
    // An HGVS deletion is matched by kind and length (HGVS shifts 3', VCF left-aligns).
    const auto del = record("GAA", {"G", "GAAA"}, "NC_000011.10:g.108121623_108121624del");
    EXPECT_TRUE(has_clinvar_route(q.qualify(del[0], acat1(), {})));
    EXPECT_FALSE(has_clinvar_route(q.qualify(del[1], acat1(), {})));
    const auto dup = record("GAA", {"G", "GAAA"}, "NC_000011.10:g.108121624dup");
    EXPECT_TRUE(has_clinvar_route(q.qualify(dup[1], acat1(), {})));
    // Two deletions of the same length: not identified.
    const auto two = record("GAATT", {"GTT", "GAA"}, "NC_000011.10:g.108121623_108121624del");
    EXPECT_FALSE(has_clinvar_route(q.qualify(two[0], acat1(), {})));
    EXPECT_FALSE(q.qualify(two[0], acat1(), {}).flags.empty());
}

TEST(ClinvarRoute, PerAlleleNumberAValues) {
    // A CLNSIG re-declared Number=A (one value per ALT) is reduced to each ALT on splitting.
    Panel p;
    const Qualifier q(p);
    const auto calls = split_alleles(test::make_record(
        RecordSpec()
            .chrom("chr11")
            .pos(108121621)
            .ref("G")
            .alts({"C", "A"})
            .gt("1/2")
            .ad({0, 10, 10})
            .info({{"CLNSIG", "Pathogenic,Benign", 'A'}, {"GENEINFO", "ACAT1:38", '1'}})));
    ASSERT_EQ(calls.size(), 2U);
    // The header's Number decides (splitting reduces the value to this ALT's).
    AnnotationSchema schema;
    schema.numbers["CLNSIG"] = 'A';
    EXPECT_TRUE(has_clinvar_route(q.qualify(calls[0], acat1(), schema)));
    const auto benign = q.qualify(calls[1], acat1(), schema);
    EXPECT_FALSE(has_clinvar_route(benign));
    ASSERT_TRUE(benign.clinvar.has_value());
    EXPECT_EQ(benign.clinvar->counts.benign, 1);
    EXPECT_TRUE(benign.flags.empty());
    // Declared Number=. instead: the same value cannot be split per ALT.
    schema.numbers["CLNSIG"] = '.';
    EXPECT_FALSE(has_clinvar_route(q.qualify(calls[0], acat1(), schema)));
}

TEST(ClinvarRoute, NullAlleleDoesNotQualifyANonLofEntry) {
    // KCNQ2 in the Generation Study panel: DEE7, lof_mechanism no (dominant-negative missense;
    // haploinsufficiency causes self-limited neonatal epilepsy instead). A ClinVar-pathogenic
    // stop_gained on the MANE transcript is a null allele: not counted for DEE7.
    GeneEntry kcnq2;
    kcnq2.symbol = "KCNQ2";
    kcnq2.hgnc_id = "HGNC:6296";
    kcnq2.condition_id = "early-infantile-epileptic-encephalopathy-7";
    kcnq2.moi = Moi::monoallelic;
    kcnq2.lof_mechanism = false;
    kcnq2.span = {"chr20", 63400208, 63472655};
    kcnq2.mane_transcript = "ENST00000359125.7|NM_172107.4";
    AnnotationSchema s;
    s.consequences.push_back(*ConsequenceLayout::from_header(
        ConsequenceSource::vep_csq,
        "Consequence annotations from Ensembl VEP. Format: Allele|Consequence|SYMBOL|Feature"));
    Panel p;
    const Qualifier q(p);
    auto call = [](const char* csq) {
        return test::one_call(RecordSpec().chrom("chr20").pos(63440000).ref("G").alts({"A"}).info(
            {{"CLNSIG", "Pathogenic", '.'}, {"GENEINFO", "KCNQ2:3785", '1'}, {"CSQ", csq, '.'}}));
    };
    const auto stop = q.qualify(call("A|stop_gained|KCNQ2|ENST00000359125.7"), kcnq2, s);
    EXPECT_FALSE(has_clinvar_route(stop));
    ASSERT_EQ(stop.flags.size(), 1U);
    EXPECT_NE(stop.flags[0].find("null allele (stop_gained on ENST00000359125.7)"),
              std::string::npos)
        << stop.flags[0];
    ASSERT_TRUE(stop.clinvar.has_value());  // the evidence is still shown
    // A missense, or a stop on another transcript, is not a null allele of the MANE transcript.
    EXPECT_TRUE(
        has_clinvar_route(q.qualify(call("A|missense_variant|KCNQ2|ENST00000359125.7"), kcnq2, s)));
    EXPECT_TRUE(
        has_clinvar_route(q.qualify(call("A|stop_gained|KCNQ2|ENST00000344425.9"), kcnq2, s)));
    // A gene whose disease is loss of function keeps the ClinVar route.
    auto lof = kcnq2;
    lof.lof_mechanism = true;
    EXPECT_TRUE(
        has_clinvar_route(q.qualify(call("A|stop_gained|KCNQ2|ENST00000359125.7"), lof, s)));
}

TEST(ClinvarRoute, SnpSiftPrefixedKeysRecognisedByDescription) {
    // The header of ../shared/data/annotated/snpeff/1000G_GRCh38_chr22_10.5Mb...vcf.gz, written
    // by "SnpSift Annotate clinvar_20211218.vcf.gz -name CLINVAR_" (descriptions as in the file).
    const std::vector<InfoHeaderLine> header = {
        {"CLINVAR_ALLELEID", '1', "the ClinVar Allele ID"},
        {"CLINVAR_CLNSIG", '.', "Clinical significance for this single variant"},
        {"CLINVAR_CLNREVSTAT", '.', "ClinVar review status for the Variation ID"},
        {"CLINVAR_GENEINFO", '1',
         "Gene(s) for the variant reported as gene symbol:gene id. The gene symbol and id are "
         "delimited by a colon (:) and each pair is delimited by a vertical bar (|)"},
        {"CLINVAR_CLNSIGCONF", '.', "Conflicting clinical significance for this single variant"},
        {"dbNSFP_clinvar_clnsig", 'A', "Field 'clinvar_clnsig' from dbNSFP"},
    };
    const AnnotationSchema s = annotation_schema(header, Thresholds{});
    EXPECT_TRUE(s.has_clinvar);
    EXPECT_EQ(s.clinvar_prefix, "CLINVAR_");
    EXPECT_NE(std::find(s.extra_info_keys.begin(), s.extra_info_keys.end(), "CLINVAR_CLNSIG"),
              s.extra_info_keys.end());
    Panel p;
    const Qualifier q(p);
    const auto call =
        test::one_call(RecordSpec().chrom("chr11").pos(108133862).ref("TTTTT").alts({"AA"}).info(
            {{"CLINVAR_CLNSIG", "Conflicting_interpretations_of_pathogenicity", '.'},
             {"CLINVAR_CLNSIGCONF", "Likely_pathogenic(1)|Uncertain_significance(2)", '.'},
             {"CLINVAR_GENEINFO", "ACAT1:38", '1'},
             {"CLINVAR_ALLELEID", "654025", '1'}}));
    const auto res = q.qualify(call, acat1(), s);
    EXPECT_TRUE(has_clinvar_route(res));
    ASSERT_TRUE(res.clinvar.has_value());
    EXPECT_EQ(res.clinvar->counts.uncertain, 2);
    EXPECT_EQ(res.clinvar->allele_id, "654025");
    // Without the schema the prefixed keys are not ClinVar's.
    EXPECT_FALSE(has_clinvar_route(q.qualify(call, acat1(), {})));
    // A file with plain ClinVar keys as well reads the plain ones.
    auto both = header;
    both.push_back({"CLNSIG", '.', "Aggregate germline classification for this single variant"});
    EXPECT_EQ(annotation_schema(both, Thresholds{}).clinvar_prefix, "");
}

}  // namespace
}  // namespace nbs
