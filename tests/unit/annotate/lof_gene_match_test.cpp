// The LoF route's gene and frequency (issue 9 item 6): an entry is this gene's when it names the
// MANE transcript (either accession, version ignored), else by HGNC id, symbol or a previous
// symbol/alias; frequencies come from INFO af_keys and from consequence subfields
// (consequence_af_fields); with no configured source at all the route says "population
// frequency unknown". An entry that cannot be tied to this ALT is never credited, and flagged.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/annotate/qualifier.hpp"
#include "engine/io/vcf_reader.hpp"
#include "unit/rules/rules_test_util.hpp"

namespace nbs {
namespace {

using test::RecordSpec;

constexpr const char* kVep =
    "Consequence annotations from Ensembl VEP. Format: "
    "Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|HGNC_ID|MAX_AF|"
    "gnomADe_AF|gnomADg_AF";

AnnotationSchema vep_schema(const char* description = kVep) {
    AnnotationSchema s;
    s.consequences.push_back(
        *ConsequenceLayout::from_header(ConsequenceSource::vep_csq, description));
    return s;
}

GeneEntry tafazzin() {
    GeneEntry g;
    g.symbol = "TAFAZZIN";
    g.hgnc_id = "HGNC:11577";
    g.aliases = {"TAZ", "BTHS"};
    g.condition_id = "barth-syndrome";
    g.moi = Moi::xlinked_biallelic;
    g.lof_mechanism = true;
    g.span = {"chrX", 154411517, 154421726};
    g.mane_transcript = "ENST00000601016.6|NM_000116.5";
    return g;
}

const RouteEvidence* lof(const Qualification& q) {
    for (const auto& r : q.routes)
        if (r.route == Route::lof) return &r;
    return nullptr;
}

Qualification run(const std::string& csq, const GeneEntry& g, const Thresholds& th = {},
                  const AnnotationSchema& s = vep_schema(), std::vector<InfoField> extra = {}) {
    Panel p;
    p.manifest.thresholds = th;
    const Qualifier q(p);
    extra.push_back({"CSQ", csq, '.'});
    return q.qualify(test::one_call(RecordSpec().chrom("chrX").pos(154419700).info(extra)), g, s);
}

TEST(LofGeneMatch, ManeFirstThenHgncSymbolAlias) {
    const GeneEntry g = tafazzin();
    struct Case {
        const char* name;
        std::string csq;
        GeneEntry gene;
        bool qualifies;
    };
    GeneEntry no_mane = g;
    no_mane.mane_transcript.clear();
    GeneEntry no_mane_no_alias = no_mane;
    no_mane_no_alias.aliases.clear();
    const std::vector<Case> cases = {
        {"MANE Ensembl accession, other version",
         "G|stop_gained|HIGH|TAZ|ENSG1|Transcript|ENST00000601016.5|protein_coding||||", g, true},
        {"MANE RefSeq accession (VEP --refseq / SnpEff)",
         "G|stop_gained|HIGH||ENSG1|Transcript|NM_000116.4|protein_coding||||", g, true},
        {"no SYMBOL: the MANE accession alone",
         "G|stop_gained|HIGH||ENSG1|Transcript|ENST00000601016.6|protein_coding||||", g, true},
        {"another transcript of the gene",
         "G|stop_gained|HIGH|TAFAZZIN|ENSG1|Transcript|ENST00000612460.4|protein_coding|"
         "HGNC:11577|||",
         g, false},
        {"no MANE in the panel: HGNC id decides over an old symbol",
         "G|stop_gained|HIGH|OLDNAME|ENSG1|Transcript|ENST1|protein_coding|HGNC:11577|||", no_mane,
         true},
        {"no MANE: another gene's HGNC id with this symbol",
         "G|stop_gained|HIGH|TAFAZZIN|ENSG1|Transcript|ENST1|protein_coding|HGNC:999|||", no_mane,
         false},
        {"no MANE, no HGNC id: previous symbol TAZ",
         "G|stop_gained|HIGH|TAZ|ENSG1|Transcript|ENST1|protein_coding||||", no_mane, true},
        {"no MANE, no HGNC id: TAZ without the alias",
         "G|stop_gained|HIGH|TAZ|ENSG1|Transcript|ENST1|protein_coding||||", no_mane_no_alias,
         false},
        {"VEP 'HGNC_ID' without the prefix (older VEP)",
         "G|stop_gained|HIGH|X|ENSG1|Transcript|ENST1|protein_coding|11577|||", no_mane, true},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(lof(run(c.csq, c.gene)) != nullptr, c.qualifies);
    }
}

TEST(LofFrequency, ConsequenceSubfieldsAndUnknown) {
    const GeneEntry g = tafazzin();  // X-linked biallelic: the 0.01 ceiling
    const std::string novel =
        "G|stop_gained|HIGH|TAFAZZIN|E|Transcript|ENST00000601016.6|protein_coding||||";
    // Declared (in the layout) but empty for this allele: not observed there.
    const auto q0 = run(novel, g);
    ASSERT_NE(lof(q0), nullptr);
    EXPECT_FALSE(q0.population_af_unknown);
    EXPECT_NE(lof(q0)->why.find("not observed"), std::string::npos) << lof(q0)->why;
    // MAX_AF above the ceiling; gnomADe_AF below: the maximum decides.
    const auto common =
        run("G|stop_gained|HIGH|TAFAZZIN|E|Transcript|ENST00000601016.6|pc||"
            "0.02|0.004|",
            g);
    EXPECT_EQ(lof(common), nullptr);
    // VEP joins co-located values with '&': the largest counts.
    EXPECT_EQ(lof(run("G|stop_gained|HIGH|TAFAZZIN|E|Transcript|ENST00000601016.6|pc|||"
                      "0.0001&0.03|",
                      g)),
              nullptr);
    const auto rare =
        run("G|stop_gained|HIGH|TAFAZZIN|E|Transcript|ENST00000601016.6|pc||"
            "0.0004||0.0002",
            g);
    ASSERT_NE(lof(rare), nullptr);
    EXPECT_DOUBLE_EQ(*rare.max_population_af, 0.0004);
    EXPECT_EQ(rare.max_population_af_key, "CSQ/MAX_AF");
    // consequence_af_fields emptied: MAX_AF is no longer read, the INFO key decides.
    Thresholds only_info;
    only_info.consequence_af_fields = {};
    const auto info_af =
        run("G|stop_gained|HIGH|TAFAZZIN|E|Transcript|ENST00000601016.6|pc||"
            "0.5||",
            g, only_info, vep_schema(), {{"AF_grpmax", "0.0001", '1'}});
    ASSERT_NE(lof(info_af), nullptr);
    EXPECT_EQ(info_af.max_population_af_key, "AF_grpmax");
    // No configured source anywhere (a layout without frequency fields, no af_keys INFO): the
    // ceiling could not be applied, and the route says so.
    const auto slim = vep_schema(
        "Consequence annotations from Ensembl VEP. Format: "
        "Allele|Consequence|Feature");
    const auto unknown = run("G|stop_gained|ENST00000601016.6", g, {}, slim);
    ASSERT_NE(lof(unknown), nullptr);
    EXPECT_TRUE(unknown.population_af_unknown);
    EXPECT_NE(lof(unknown)->why.find("population frequency unknown"), std::string::npos);
    // The same with an af_keys INFO field declared by the header: known, not observed.
    AnnotationSchema declared = slim;
    declared.declared_info = {"AF_grpmax"};
    const auto known = run("G|stop_gained|ENST00000601016.6", g, {}, declared);
    ASSERT_NE(lof(known), nullptr);
    EXPECT_FALSE(known.population_af_unknown);
}

TEST(LofAttribution, UnattributableLofIsFlaggedNotCredited) {
    // slivar's CSQ layout has no Allele field: on a multi-allelic record its stop cannot be
    // tied to either ALT.
    AnnotationSchema s = vep_schema(
        "Consequence type as predicted by VEP. Format: "
        "Consequence|Codons|Amino_acids|Gene|SYMBOL|Feature|EXON|PolyPhen|SIFT|Protein_position|"
        "BIOTYPE");
    Panel p;
    const Qualifier q(p);
    const auto calls = split_alleles(test::make_record(
        RecordSpec()
            .chrom("chrX")
            .pos(154419700)
            .ref("C")
            .alts({"T", "G"})
            .gt("1/2")
            .ad({0, 10, 10})
            .info({{"CSQ",
                    "stop_gained|tGg/tAg|W/*|ENSG1|TAFAZZIN|ENST00000601016|2/11|||"
                    "17|protein_coding",
                    '.'}})));
    ASSERT_EQ(calls.size(), 2U);
    for (const auto& c : calls) {
        const auto res = q.qualify(c, tafazzin(), s);
        EXPECT_EQ(lof(res), nullptr);
        ASSERT_EQ(res.flags.size(), 1U);
        EXPECT_NE(res.flags[0].find("no Allele field"), std::string::npos) << res.flags[0];
    }
    // With a second, attributable annotation of the same stop (VEP with Allele under ANN), the
    // route is taken and nothing is flagged.
    AnnotationSchema two = s;
    two.consequences.push_back(*ConsequenceLayout::from_header(
        ConsequenceSource::vep_csq,
        "Consequence annotations from Ensembl VEP. Format: Allele|Consequence|Feature", "ANN"));
    auto with_ann = test::make_record(RecordSpec()
                                          .chrom("chrX")
                                          .pos(154419700)
                                          .ref("C")
                                          .alts({"T", "G"})
                                          .gt("1/2")
                                          .ad({0, 10, 10}));
    with_ann.info = calls[0].info;
    with_ann.info.push_back({"ANN", "T|stop_gained|ENST00000601016.6", '.'});
    const auto both = split_alleles(with_ann);
    const auto credited = q.qualify(both[0], tafazzin(), two);
    EXPECT_NE(lof(credited), nullptr);
    EXPECT_TRUE(credited.flags.empty());
    const auto other = q.qualify(both[1], tafazzin(), two);  // G: CSQ unattributable, ANN is T's
    EXPECT_EQ(lof(other), nullptr);
    EXPECT_EQ(other.flags.size(), 1U);
    // A missense without a LoF term raises nothing: only a LoF that could have counted is said.
    const auto quiet = split_alleles(
        test::make_record(RecordSpec()
                              .chrom("chrX")
                              .pos(154419700)
                              .ref("C")
                              .alts({"T", "G"})
                              .gt("1/2")
                              .ad({0, 10, 10})
                              .info({{"CSQ",
                                      "missense_variant|tGg/tCg|W/S|ENSG1|TAFAZZIN|ENST00000601016|"
                                      "2/11|||17|protein_coding",
                                      '.'}})));
    EXPECT_TRUE(q.qualify(quiet[0], tafazzin(), s).flags.empty());
}

TEST(LofAttribution, RealBcftoolsCompoundStopIsFlagged) {
    // bcftools csq output (tests/data/annotated/slc52a3/bcsq_compound.vcf): the stop at 765767
    // needs 765766 G>C in cis; INFO alone cannot show it, so it is flagged, not credited.
    GeneEntry g;
    g.symbol = "SLC52A3";
    g.hgnc_id = "HGNC:16187";
    g.lof_mechanism = true;
    g.span = {"chr20", 760080, 768500};
    g.mane_transcript = "ENST00000645534.1|NM_033409.4";
    Panel p;
    const Qualifier q(p);
    VcfOpenOptions o;
    o.sample = "BABY";
    o.info_keys = q.info_keys();
    VcfReader reader(test::data_path("annotated/slc52a3/bcsq_compound.vcf").string(), o);
    std::vector<InfoHeaderLine> lines;
    for (const auto& d : reader.info_declarations())
        lines.push_back({d.key, d.number, d.description});
    const AnnotationSchema s = annotation_schema(lines, p.manifest.thresholds);
    VcfRecord rec;
    int flagged = 0, records = 0;
    while (reader.next(rec) == ReadStatus::ok) {
        ++records;
        for (const auto& c : split_alleles(rec)) {
            const auto res = q.qualify(c, g, s);
            EXPECT_EQ(lof(res), nullptr) << c.variant.to_string();
            for (const auto& f : res.flags) {
                EXPECT_NE(f.find("765766G>C+765767A>T"), std::string::npos) << f;
                ++flagged;
            }
        }
    }
    EXPECT_EQ(records, 2);
    EXPECT_EQ(flagged, 1);  // at 765767 only: 765766 points there ("@765767")
}

}  // namespace
}  // namespace nbs
