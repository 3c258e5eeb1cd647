// Include rows that name their condition, and null alleles in genes whose disease is not caused
// by loss of function (issue 9 item 12): MULTIGENE-style genes with a dominant gain-of-function
// entry and a recessive loss-of-function entry (e.g. ABCC8: neonatal diabetes vs hyperinsulinism).
#include <gtest/gtest.h>

#include <string>

#include "engine/annotate/qualifier.hpp"
#include "engine/genome/normalize.hpp"
#include "unit/rules/rules_test_util.hpp"

namespace nbs {
namespace {

using test::RecordSpec;

GeneEntry entry(std::string condition, Moi moi, bool lof) {
    GeneEntry g;
    g.symbol = "MULTIGENE";
    g.hgnc_id = "HGNC:900003";
    g.condition_id = std::move(condition);
    g.moi = moi;
    g.lof_mechanism = lof;
    g.span = {"chr3", 3000000, 3020000};
    return g;
}

CuratedVariant include_row(std::int64_t pos, std::string condition, bool null_allele) {
    CuratedVariant c;
    c.variant = {"chr3", pos, "T", "C"};
    c.gene = "MULTIGENE";
    c.list = ListKind::include;
    c.why = "test";
    c.source = "test";
    c.condition_id = std::move(condition);
    c.null_allele = null_allele;
    return c;
}

AlleleCall het_call(std::int64_t pos) {
    return split_alleles(
        test::make_record(RecordSpec().chrom("chr3").pos(pos).ref("T").alts({"C"}).gt("0/1")))[0];
}

TEST(CuratedRows, RowNamingAConditionQualifiesOnlyThatEntry) {
    Panel p;
    p.variants.push_back(include_row(3005000, "cond-multi-ar", false));
    p.variants.push_back(include_row(3006000, "", false));
    const Qualifier q(p);
    const AnnotationSchema none;
    const GeneEntry ad = entry("cond-multi-ad", Moi::monoallelic, false);
    const GeneEntry ar = entry("cond-multi-ar", Moi::biallelic, true);
    EXPECT_TRUE(q.qualify(het_call(3005000), ar, none).qualifies());
    EXPECT_FALSE(q.qualify(het_call(3005000), ad, none).qualifies());
    // A row without a condition is for every entry of its gene.
    EXPECT_TRUE(q.qualify(het_call(3006000), ar, none).qualifies());
    EXPECT_TRUE(q.qualify(het_call(3006000), ad, none).qualifies());
}

TEST(CuratedRows, NullAlleleNeverQualifiesAnEntryNotCausedByLossOfFunction) {
    Panel p;
    p.variants.push_back(include_row(3007000, "", true));
    const Qualifier q(p);
    const AnnotationSchema none;
    EXPECT_FALSE(q.qualify(het_call(3007000), entry("cond-multi-ad", Moi::monoallelic, false), none)
                     .qualifies());
    EXPECT_TRUE(q.qualify(het_call(3007000), entry("cond-multi-ar", Moi::biallelic, true), none)
                    .qualifies());
}

}  // namespace
}  // namespace nbs
