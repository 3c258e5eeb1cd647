// The committed Generation Study panel carries what issue 9 needs from it: alleles in a gene's
// padding (INS chr11:2161303 G>C, 94 bp past the MANE span), SMA marked as needing SMN1 copy
// number, TAFAZZIN's previous symbol, include rows' null marker. The derivation that writes these
// files is checked byte for byte by tests/scripts/panel_derivation_test.sh.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "engine/panel/panel_parser.hpp"

namespace nbs {
namespace {

const Panel& gs() {
    static const Panel p =
        load_panel(std::filesystem::path(NBS_SOURCE_DIR) / "panels" / "generation-study");
    return p;
}

const CuratedVariant* find_variant(const Variant& v) {
    for (const auto& r : gs().variants)
        if (r.variant == v) return &r;
    return nullptr;
}

TEST(GenerationStudyPanel, IsSchema12) {
    EXPECT_EQ(gs().manifest.schema_version, "1.2");
    EXPECT_EQ(gs().manifest.version, "1.2.0");
}

// The ICoNS columns (schema 1.2) as the ICoNS list gives them: PAH row of
// genelist_all_version5March.csv has severity_asqm 2, efficacy_asqm 3 and orthogonal_test
// 'missing'; HADHA and HADHB differ in efficacy (3, 2) for the condition they share.
TEST(GenerationStudyPanel, CarriesTheIconsConditionColumns) {
    const Condition* pku = gs().find_condition("phenylketonuria");
    ASSERT_NE(pku, nullptr);
    EXPECT_EQ(pku->asqm_severity, "2");
    EXPECT_EQ(pku->asqm_efficacy, "3");
    EXPECT_EQ(pku->orthogonal_test, "");
    EXPECT_EQ(pku->omim, "OMIM:261600");
    const Condition* mtp = gs().find_condition("mitochondrial-trifunctional-protein-deficiency");
    ASSERT_NE(mtp, nullptr);
    EXPECT_EQ(mtp->asqm_efficacy, "HADHA:3,HADHB:2");
    std::size_t scored = 0, intervention = 0;
    for (const auto& c : gs().conditions) {
        scored += c.asqm_severity.empty() ? 0 : 1;
        intervention += c.intervention.empty() ? 0 : 1;
    }
    EXPECT_EQ(scored, 249U);
    EXPECT_EQ(intervention, 0U) << "intervention is retired: no cited source fills it";
}

TEST(GenerationStudyPanel, KeepsTheInsAlleleJustPastTheManeSpan) {
    const CuratedVariant* ins = find_variant({"chr11", 2161303, "G", "C"});
    ASSERT_NE(ins, nullptr) << "chr11:2161303 G>C (INS) is not in variants.tsv";
    EXPECT_EQ(ins->gene, "INS");
    EXPECT_EQ(ins->list, ListKind::include);
    EXPECT_EQ(ins->added_in, "1.1.0");
    const GeneEntry* gene = nullptr;
    for (const auto& g : gs().genes)
        if (g.symbol == "INS") gene = &g;
    ASSERT_NE(gene, nullptr);
    // Outside the span, inside the padding the engine reads.
    EXPECT_FALSE(gene->span.contains("chr11", 2161303));
    const auto pad = gs().manifest.thresholds.gene_padding_bp;
    EXPECT_GE(2161303, gene->span.start - pad);
    EXPECT_LE(2161303, gene->span.end + pad);
}

TEST(GenerationStudyPanel, EveryCuratedAlleleLiesWithinItsGenePadding) {
    std::int64_t outside_span = 0;
    const auto pad = gs().manifest.thresholds.gene_padding_bp;
    for (const auto& v : gs().variants) {
        bool in_span = false, in_padding = false;
        for (const auto& g : gs().genes)
            if (g.symbol == v.gene) {
                in_span = in_span || g.span.contains(v.variant.chrom, v.variant.pos);
                in_padding = in_padding || (g.span.chrom == v.variant.chrom &&
                                            v.variant.pos >= g.span.start - pad &&
                                            v.variant.pos <= g.span.end + pad);
            }
        EXPECT_TRUE(in_padding) << v.variant.to_string();
        if (!in_span) {
            ++outside_span;
            EXPECT_EQ(v.added_in, "1.1.0") << v.variant.to_string();
        }
    }
    EXPECT_GT(outside_span, 0);
}

TEST(GenerationStudyPanel, SpinalMuscularAtrophyNeedsSmn1CopyNumber) {
    const Condition* sma = gs().find_condition("spinal-muscular-atrophy-type-1");
    ASSERT_NE(sma, nullptr);
    EXPECT_EQ(sma->requires_evidence, "smn1_copy_number");
    EXPECT_NE(sma->requires_reason.find("exon 7"), std::string::npos) << sma->requires_reason;
    EXPECT_NE(sma->requires_reason.find("source:"), std::string::npos) << sma->requires_reason;
    // Every marked condition says why, with its source.
    for (const auto& c : gs().conditions) {
        if (!c.requires_evidence.empty()) {
            EXPECT_NE(c.requires_reason.find("source:"), std::string::npos) << c.id;
        }
    }
}

TEST(GenerationStudyPanel, TafazzinAnswersToTaz) {
    std::set<std::string> symbols;
    for (const auto& g : gs().genes)
        symbols.insert(g.symbol);
    bool found = false, mut = false;
    for (const auto& g : gs().genes) {
        if (g.symbol == "TAFAZZIN")
            found = std::find(g.aliases.begin(), g.aliases.end(), "TAZ") != g.aliases.end();
        if (g.symbol == "MMUT")
            mut = std::find(g.aliases.begin(), g.aliases.end(), "MUT") != g.aliases.end();
        for (const auto& a : g.aliases)  // the derivation drops an alias that is a panel symbol
            EXPECT_EQ(symbols.count(a), 0u) << g.symbol << " alias " << a;
    }
    EXPECT_TRUE(found);
    EXPECT_TRUE(mut);
}

TEST(GenerationStudyPanel, NullAllelesAreMarkedOnIncludeRowsOnly) {
    std::size_t nulls = 0;
    for (const auto& v : gs().variants) {
        if (!v.null_allele) continue;
        ++nulls;
        EXPECT_EQ(v.list, ListKind::include) << v.variant.to_string();
    }
    EXPECT_GT(nulls, 0u);
}

}  // namespace
}  // namespace nbs
