// Qualification routes (issue item 2): include list (exact allele after normalisation), ClinVar
// INFO (>= 1 P/LP, <= 1 B/LB), LoF from VEP CSQ / bcftools BCSQ / SnpEff ANN on the MANE
// transcript of a lof_mechanism gene below the MOI's AF threshold; the exclude list overrides all.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/annotate/qualifier.hpp"
#include "engine/io/vcf_reader.hpp"
#include "unit/rules/rules_test_util.hpp"

namespace nbs {
namespace {

using test::data_path;
using test::RecordSpec;

GeneEntry gene(std::string symbol, Moi moi, bool lof, std::string mane,
               Region span = {"chr1", 1, 200000000}) {
    GeneEntry g;
    g.symbol = std::move(symbol);
    g.hgnc_id = "HGNC:1";
    g.condition_id = "c";
    g.moi = moi;
    g.lof_mechanism = lof;
    g.mane_transcript = std::move(mane);
    g.span = std::move(span);
    return g;
}

CuratedVariant curated(Variant v, std::string gene_symbol, ListKind list) {
    CuratedVariant c;
    c.variant = v;
    c.gene = std::move(gene_symbol);
    c.list = list;
    c.why = "test";
    c.source = "test";
    return c;
}

bool has_route(const Qualification& q, Route r) {
    for (const auto& e : q.routes)
        if (e.route == r) return true;
    return false;
}

// ---- include list -------------------------------------------------------------------------

TEST(QualifierIncludeList, ExactAlleleAfterNormalisation) {
    Panel p;
    p.variants.push_back(curated({"chr1", 1007000, "C", "CAG"}, "G1", ListKind::include));
    const Qualifier q(p);
    const GeneEntry g = gene("G1", Moi::biallelic, false, "");
    const AnnotationSchema none;
    // Written as ALT 2 of a multi-allelic record: CAG > C,CAGAG -> C>CAG after trimming.
    const auto calls = split_alleles(test::make_record(
        RecordSpec().pos(1007000).ref("CAG").alts({"C", "CAGAG"}).gt("1/2").ad({0, 10, 10})));
    ASSERT_EQ(calls.size(), 2U);
    EXPECT_FALSE(q.qualify(calls[0], g, none).qualifies());
    const auto hit = q.qualify(calls[1], g, none);
    EXPECT_TRUE(hit.qualifies());
    ASSERT_EQ(hit.routes.size(), 1U);
    EXPECT_EQ(hit.routes[0].route, Route::include_list);
    EXPECT_NE(hit.routes[0].why.find("include list"), std::string::npos);
    // Same position, another ALT: no.
    EXPECT_FALSE(
        q.qualify(test::one_call(RecordSpec().pos(1007000).ref("C").alts({"CAA"})), g, none)
            .qualifies());
    // An include row for another gene does not qualify this entry.
    EXPECT_FALSE(q.qualify(calls[1], gene("G2", Moi::biallelic, false, ""), none).qualifies());
}

// ---- ClinVar -------------------------------------------------------------------------------

struct ClinvarCase {
    const char* name;
    std::vector<InfoField> info;
    bool qualifies;
};

TEST(QualifierClinvar, Table) {
    Panel p;
    const Qualifier q(p);
    const GeneEntry g = gene("TR", Moi::biallelic, false, "");
    const std::vector<ClinvarCase> cases = {
        {"pathogenic", {{"CLNSIG", "Pathogenic", '.'}}, true},
        {"likely pathogenic", {{"CLNSIG", "Likely_pathogenic", '.'}}, true},
        {"P/LP", {{"CLNSIG", "Pathogenic/Likely_pathogenic", '.'}}, true},
        {"benign", {{"CLNSIG", "Benign", '.'}}, false},
        {"likely benign", {{"CLNSIG", "Likely_benign", '.'}}, false},
        {"VUS", {{"CLNSIG", "Uncertain_significance", '.'}}, false},
        {"conflicting, no counts",
         {{"CLNSIG", "Conflicting_classifications_of_pathogenicity", '.'}},
         false},
        {"conflicting 2 P + 1 LB",
         {{"CLNSIG", "Conflicting_classifications_of_pathogenicity", '.'},
          {"CLNSIGCONF", "Pathogenic(2)|Likely_benign(1)", '.'}},
         true},
        {"conflicting 1 P + 2 B/LB",
         {{"CLNSIG", "Conflicting_classifications_of_pathogenicity", '.'},
          {"CLNSIGCONF", "Pathogenic(1)|Benign(1)|Likely_benign(1)", '.'}},
         false},
        {"conflicting 0 P",
         {{"CLNSIG", "Conflicting_classifications_of_pathogenicity", '.'},
          {"CLNSIGCONF", "Uncertain_significance(3)|Likely_benign(1)", '.'}},
         false},
        {"GENEINFO names this gene",
         {{"CLNSIG", "Pathogenic", '.'}, {"GENEINFO", "ABC:1|TR:2", '.'}},
         true},
        {"GENEINFO names another gene",
         {{"CLNSIG", "Pathogenic", '.'}, {"GENEINFO", "ABC:1", '.'}},
         false},
        // Regression: a substring test let "TR:" match inside "CFTR:1080".
        {"GENEINFO suffix of another symbol",
         {{"CLNSIG", "Pathogenic", '.'}, {"GENEINFO", "CFTR:1080", '.'}},
         false},
        {"no ClinVar INFO", {}, false},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        const auto call = test::one_call(RecordSpec().info(c.info));
        const auto res = q.qualify(call, g, {});
        EXPECT_EQ(res.qualifies(), c.qualifies);
        EXPECT_EQ(has_route(res, Route::clinvar), c.qualifies);
    }
}

// ---- LoF, synthetic ------------------------------------------------------------------------

ConsequenceLayout vep_layout() {
    return *ConsequenceLayout::from_header(
        ConsequenceSource::vep_csq,
        "Format: Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature");
}

TEST(QualifierLof, SyntheticTable) {
    Panel p;
    p.manifest.thresholds.af_keys = {"AF_grpmax", "AF_nfe", "AF_afr"};
    const Qualifier q(p);
    AnnotationSchema schema;
    schema.consequences.push_back(vep_layout());
    const std::string csq =
        "G|stop_gained|HIGH|G1|ENSG1|Transcript|ENST00000000001.3,"
        "G|missense_variant|MODERATE|G1|ENSG1|Transcript|ENST00000000002.1";
    struct Case {
        const char* name;
        GeneEntry g;
        std::vector<InfoField> extra;
        bool qualifies;
    };
    const std::vector<Case> cases = {
        {"MANE stop_gained",
         gene("G1", Moi::biallelic, true, "ENST00000000001.4|NM_1.1"),
         {},
         true},
        {"MANE is the missense transcript",
         gene("G1", Moi::biallelic, true, "ENST00000000002.1"),
         {},
         false},
        {"MANE given as NM only after '|'",
         gene("G1", Moi::biallelic, true, "ENST00000000009.1|NM_1.1"),
         {},
         false},
        {"lof_mechanism no", gene("G1", Moi::biallelic, false, "ENST00000000001.4"), {}, false},
        // The MANE transcript names the gene: a SYMBOL that differs (an old name) does not veto.
        {"other symbol, same MANE transcript",
         gene("G2", Moi::biallelic, true, "ENST00000000001.4"),
         {},
         true},
        // Without a MANE transcript the symbol decides.
        {"other gene symbol, no MANE", gene("G2", Moi::biallelic, true, ""), {}, false},
        {"same symbol, no MANE", gene("G1", Moi::biallelic, true, ""), {}, true},
        {"AF below biallelic threshold",
         gene("G1", Moi::biallelic, true, "ENST00000000001"),
         {{"AF_grpmax", "0.005", '1'}},
         true},
        {"AF at biallelic threshold",
         gene("G1", Moi::biallelic, true, "ENST00000000001"),
         {{"AF_grpmax", "0.01", '1'}},
         false},
        {"AF below biallelic, above monoallelic",
         gene("G1", Moi::monoallelic, true, "ENST00000000001"),
         {{"AF_grpmax", "0.005", '1'}},
         false},
        {"monoallelic below",
         gene("G1", Moi::monoallelic, true, "ENST00000000001"),
         {{"AF_grpmax", "0.0005", '1'}},
         true},
        {"xlinked monoallelic uses the monoallelic threshold",
         gene("G1", Moi::xlinked_monoallelic, true, "ENST00000000001"),
         {{"AF_grpmax", "0.005", '1'}},
         false},
        {"xlinked biallelic uses the biallelic threshold",
         gene("G1", Moi::xlinked_biallelic, true, "ENST00000000001"),
         {{"AF_grpmax", "0.005", '1'}},
         true},
        // Every population must be below: one population above is enough to refuse.
        {"one population above",
         gene("G1", Moi::biallelic, true, "ENST00000000001"),
         {{"AF_nfe", "0.0001", '1'}, {"AF_afr", "0.02", '1'}},
         false},
        {"AF missing ('.')",
         gene("G1", Moi::biallelic, true, "ENST00000000001"),
         {{"AF_grpmax", ".", '1'}},
         true},
        {"unconfigured AF key ignored",
         gene("G1", Moi::biallelic, true, "ENST00000000001"),
         {{"AF_other", "0.5", '1'}},
         true},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        std::vector<InfoField> info = {{"CSQ", csq, '.'}};
        info.insert(info.end(), c.extra.begin(), c.extra.end());
        const auto res = q.qualify(test::one_call(RecordSpec().info(info)), c.g, schema);
        EXPECT_EQ(res.qualifies(), c.qualifies);
        EXPECT_EQ(has_route(res, Route::lof), c.qualifies);
    }
}

TEST(QualifierLof, VepAlleleMatchedInMultiAllelicRecord) {
    Panel p;
    const Qualifier q(p);
    AnnotationSchema schema;
    schema.consequences.push_back(vep_layout());
    // CAG > C,CAGAG: VEP writes '-' for ALT 1 and 'AGAG' for ALT 2. Only ALT 1 is a frameshift.
    const std::string csq =
        "-|frameshift_variant|HIGH|G1|E|Transcript|ENST1,AGAG|inframe_insertion|M|G1|E|Transcript|"
        "ENST1";
    const auto calls = split_alleles(test::make_record(RecordSpec()
                                                           .ref("CAG")
                                                           .alts({"C", "CAGAG"})
                                                           .gt("1/2")
                                                           .ad({0, 10, 10})
                                                           .info({{"CSQ", csq, '.'}})));
    ASSERT_EQ(calls.size(), 2U);
    const GeneEntry g = gene("G1", Moi::biallelic, true, "ENST1.2");
    EXPECT_TRUE(q.qualify(calls[0], g, schema).qualifies());
    EXPECT_FALSE(q.qualify(calls[1], g, schema).qualifies());
}

// ---- exclude list --------------------------------------------------------------------------

TEST(QualifierExclude, OverridesEveryRoute) {
    Panel p;
    const Variant v{"chr1", 1000, "A", "G"};
    p.variants.push_back(curated(v, "G1", ListKind::include));
    p.variants.push_back(curated(v, "G1", ListKind::exclude));
    const Qualifier q(p);
    AnnotationSchema schema;
    schema.consequences.push_back(vep_layout());
    const auto call = test::one_call(RecordSpec().info(
        {{"CLNSIG", "Pathogenic", '.'}, {"CSQ", "G|stop_gained|HIGH|G1|E|Transcript|ENST1", '.'}}));
    const auto res = q.qualify(call, gene("G1", Moi::biallelic, true, "ENST1"), schema);
    EXPECT_TRUE(has_route(res, Route::include_list));
    EXPECT_TRUE(has_route(res, Route::clinvar));
    EXPECT_TRUE(has_route(res, Route::lof));
    EXPECT_TRUE(res.excluded_because.has_value());
    EXPECT_FALSE(res.qualifies());
    // An exclude row vetoes whichever gene it names.
    EXPECT_FALSE(q.qualify(call, gene("G9", Moi::biallelic, true, "ENST1"), schema).qualifies());
}

// ---- real annotated files ------------------------------------------------------------------

struct RealFile {
    std::vector<VcfRecord> records;
    AnnotationSchema schema;
};

RealFile read_real(const std::string& rel, const std::string& sample, const Qualifier& q) {
    VcfOpenOptions o;
    o.sample = sample;
    o.info_keys = q.info_keys();
    VcfReader reader(data_path(rel).string(), o);
    RealFile f;
    const std::pair<const char*, ConsequenceSource> kinds[] = {
        {"CSQ", ConsequenceSource::vep_csq},
        {"BCSQ", ConsequenceSource::bcftools_bcsq},
        {"ANN", ConsequenceSource::snpeff_ann}};
    for (const auto& [key, src] : kinds)
        if (auto d = reader.info_description(key))
            if (auto l = ConsequenceLayout::from_header(src, *d))
                f.schema.consequences.push_back(*l);
    VcfRecord rec;
    while (reader.next(rec) == ReadStatus::ok)
        f.records.push_back(rec);
    return f;
}

const VcfRecord& at(const RealFile& f, std::int64_t pos) {
    for (const auto& r : f.records)
        if (r.pos == pos) return r;
    throw std::runtime_error("no record at " + std::to_string(pos));
}

AnnotationSchema only(const AnnotationSchema& s, ConsequenceSource src) {
    AnnotationSchema out;
    for (const auto& l : s.consequences)
        if (l.source == src) out.consequences.push_back(l);
    return out;
}

TEST(QualifierRealFiles, VepCsqAndBcftoolsBcsqStopGainedInPpil1) {
    // slivar comphet-test-case (GRCh38): chr4:68717963 G>A, stop_gained in PPIL1 ENST00000373699
    // in both CSQ and BCSQ; SID_1 is 0/1 (AD 13,13, GQ 99). INFO/AF 0.001324 (cohort AF).
    Panel p;
    p.manifest.thresholds.af_keys = {"AF"};
    const Qualifier q(p);
    const RealFile f = read_real("rules/slivar.comphet-test-case.vcf", "SID_1", q);
    ASSERT_EQ(f.schema.consequences.size(), 2U);
    const auto calls = split_alleles(at(f, 68717963));
    ASSERT_EQ(calls.size(), 1U);
    const AlleleCall& call = calls[0];
    const GeneEntry ppil1 =
        gene("PPIL1", Moi::biallelic, true, "ENST00000373699.6|NM_016059.5", {"chr4", 1, 1});
    for (auto src : {ConsequenceSource::vep_csq, ConsequenceSource::bcftools_bcsq}) {
        SCOPED_TRACE(std::string(to_string(src)));
        const AnnotationSchema s = only(f.schema, src);
        const auto yes = q.qualify(call, ppil1, s);
        ASSERT_TRUE(yes.qualifies());
        ASSERT_TRUE(has_route(yes, Route::lof));
        EXPECT_NE(yes.routes.back().why.find("stop_gained"), std::string::npos)
            << yes.routes.back().why;
        EXPECT_NE(yes.routes.back().why.find(std::string(to_string(src))), std::string::npos);
        // MANE transcript differs.
        auto other = ppil1;
        other.mane_transcript = "ENST00000483552.1";
        EXPECT_FALSE(q.qualify(call, other, s).qualifies());
        // lof_mechanism no.
        auto nolof = ppil1;
        nolof.lof_mechanism = false;
        EXPECT_FALSE(q.qualify(call, nolof, s).qualifies());
        // AF 0.001324 is below the biallelic 0.01 but not below the monoallelic 0.001.
        auto mono = ppil1;
        mono.moi = Moi::monoallelic;
        EXPECT_FALSE(q.qualify(call, mono, s).qualifies());
    }
    // The missense record in the same gene never qualifies by LoF: carried (0/1), it does not.
    VcfRecord missense_rec = at(f, 68559353);
    missense_rec.sample.alleles = {0, 1};
    const auto missense = split_alleles(missense_rec);
    ASSERT_EQ(missense.size(), 1U);
    EXPECT_FALSE(has_route(q.qualify(missense[0], ppil1, f.schema), Route::lof));
    // An exclude row for this allele.
    Panel px;
    px.manifest.thresholds.af_keys = {"AF"};
    px.variants.push_back(curated(call.variant, "PPIL1", ListKind::exclude));
    const Qualifier qx(px);
    const auto vetoed = qx.qualify(call, ppil1, f.schema);
    EXPECT_FALSE(vetoed.qualifies());
    EXPECT_TRUE(vetoed.excluded_because.has_value());
}

TEST(QualifierRealFiles, SnpEffAnnSpliceAcceptorInAda2WithPerPopulationAfs) {
    // beacon2-ri-tools 1000G chr22 (header contigs replaced): 22:17669339 T>C,
    // splice_acceptor_variant in ADA2 on NM_001282225.2 (ADA2's MANE Select). The sample is 0/0
    // there, so the test makes it a carrier (GT 0/1) after reading; annotations are untouched.
    // dbNSFP per-population AFs: gnomAD exomes POPMAX 2.2e-4, genomes POPMAX 2.0e-4, AFR 0.
    Panel p;
    p.manifest.thresholds.af_keys = {"dbNSFP_gnomAD_genomes_AFR_AF",
                                     "dbNSFP_gnomAD_genomes_POPMAX_AF",
                                     "dbNSFP_gnomAD_exomes_POPMAX_AF"};
    p.manifest.thresholds.max_af_monoallelic = 0.001;
    const Qualifier q(p);
    RealFile f = read_real("rules/1000G_chr22_lof.ann.1sample.grch38hdr.vcf", "HG00096", q);
    ASSERT_EQ(f.schema.consequences.size(), 1U);
    VcfRecord rec = at(f, 17669339);
    EXPECT_TRUE(split_alleles(rec).empty()) << "0/0 must never be a carrier";
    rec.sample.alleles = {0, 1};
    const auto calls = split_alleles(rec);
    ASSERT_EQ(calls.size(), 1U);
    const GeneEntry ada2 =
        gene("ADA2", Moi::biallelic, true, "ENST00000399839.5|NM_001282225.2", {"chr22", 1, 1});
    const auto yes = q.qualify(calls[0], ada2, f.schema);
    ASSERT_TRUE(yes.qualifies());
    EXPECT_TRUE(has_route(yes, Route::lof));
    ASSERT_TRUE(yes.max_population_af.has_value());
    EXPECT_NEAR(*yes.max_population_af, 2.205558e-04, 1e-7);  // the maximum over the populations
    EXPECT_EQ(yes.max_population_af_key, "dbNSFP_gnomAD_exomes_POPMAX_AF");
    // MONOALLELIC at 0.001 still passes; at 0.0002 the exome POPMAX (2.2e-4) is too common.
    auto mono = ada2;
    mono.moi = Moi::monoallelic;
    EXPECT_TRUE(q.qualify(calls[0], mono, f.schema).qualifies());
    Panel strict = p;
    strict.manifest.thresholds.max_af_monoallelic = 0.0002;
    EXPECT_FALSE(Qualifier(strict).qualify(calls[0], mono, f.schema).qualifies());
    // Another transcript as MANE: ANN names NM_177405.3 too, but MANE decides.
    auto other = ada2;
    other.mane_transcript = "ENST00000000000.1|NM_999999.1";
    EXPECT_FALSE(q.qualify(calls[0], other, f.schema).qualifies());
    auto nolof = ada2;
    nolof.lof_mechanism = false;
    EXPECT_FALSE(q.qualify(calls[0], nolof, f.schema).qualifies());
}

TEST(QualifierRealFiles, SnpEffAnnSpliceDonorDeletionAlleleMatched) {
    // slivar test.vcf (b37 header replaced): 1:13656 CAG>C, ANN allele 'C' splice_donor_variant
    // in DDX11L1 ENST00000518655; sample 101976-101976 is 0/1 (AD 28,15).
    Panel p;
    const Qualifier q(p);
    const RealFile f = read_real("rules/slivar.test.3rec.grch38hdr.vcf", "101976-101976", q);
    const auto calls = split_alleles(at(f, 13656));
    ASSERT_EQ(calls.size(), 1U);
    const GeneEntry g = gene("DDX11L1", Moi::biallelic, true, "ENST00000518655", {"chr1", 1, 1});
    EXPECT_TRUE(q.qualify(calls[0], g, only(f.schema, ConsequenceSource::snpeff_ann)).qualifies());
    // The file's CSQ for this record has no LoF term for that transcript: CSQ alone does not
    // qualify.
    EXPECT_FALSE(q.qualify(calls[0], g, only(f.schema, ConsequenceSource::vep_csq)).qualifies());
}

TEST(QualifierRealFiles, Vep115GoldenHasNoLofAndNothingQualifies) {
    // 100 HG002 chr1 variants annotated by VEP 115 --everything: intron, UTR, non-coding,
    // splice_region; none is a LoF term, so no entry may qualify by LoF whatever its transcript.
    Panel p;
    const Qualifier q(p);
    const RealFile f =
        read_real("annotated/HG002_GRCh38_chr1_100var.vep115_everything.golden.vcf.gz", "HG002", q);
    ASSERT_EQ(f.records.size(), 100U);
    ASSERT_EQ(f.schema.consequences.size(), 1U);
    const auto& layout = f.schema.consequences[0];
    std::size_t checked = 0;
    for (const auto& r : f.records) {
        for (const auto& call : split_alleles(r)) {
            const auto* csq = call.find_info("CSQ");
            ASSERT_NE(csq, nullptr);
            for (const auto& e : parse_consequences(layout, csq->value)) {
                if (e.symbol.empty()) continue;
                // Empty MANE: any transcript is accepted, the loosest setting.
                const auto res =
                    q.qualify(call, gene(e.symbol, Moi::biallelic, true, ""), f.schema);
                EXPECT_FALSE(res.qualifies()) << call.variant.to_string() << " " << e.symbol;
                ++checked;
            }
        }
    }
    EXPECT_GT(checked, 1000U);
}

}  // namespace
}  // namespace nbs
