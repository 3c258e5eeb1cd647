// Panel schema 1.1: gene aliases, conditions that need evidence a small-variant file cannot show,
// include rows that name their condition and mark null alleles. Parsing, validation, writing and
// diffing of the new columns, and old (1.0) panels still loading.
#include <gtest/gtest.h>

#include "engine/panel/panel_diff.hpp"
#include "engine/panel/panel_parser.hpp"
#include "engine/panel/panel_validate.hpp"
#include "engine/panel/panel_writer.hpp"
#include "panel_test_support.hpp"

namespace nbs {
namespace {

using test::line_of;
using test::mini11_panel;
using test::mini_panel;
using test::replace_in;

std::string all(const std::vector<PanelProblem>& problems) {
    std::string s;
    for (const auto& p : problems)
        s += p.to_string() + "\n";
    return s;
}

/// The problems whose message contains `needle`.
std::vector<PanelProblem> matching(const std::vector<PanelProblem>& problems,
                                   const std::string& needle) {
    std::vector<PanelProblem> out;
    for (const auto& p : problems)
        if (p.why.find(needle) != std::string::npos) out.push_back(p);
    return out;
}

const GeneEntry& gene(const Panel& p, const std::string& symbol) {
    for (const auto& g : p.genes)
        if (g.symbol == symbol) return g;
    throw std::runtime_error("no gene " + symbol);
}

const CuratedVariant& variant_at(const Panel& p, std::int64_t pos) {
    for (const auto& v : p.variants)
        if (v.variant.pos == pos) return v;
    throw std::runtime_error("no variant at " + std::to_string(pos));
}

// --- parsing -----------------------------------------------------------------------------------

TEST(PanelSchema11, OldPanelWithoutTheNewColumnsLoadsWithEmptyValues) {
    std::vector<PanelProblem> problems;
    const Panel p = parse_panel(mini_panel(), problems);
    ASSERT_TRUE(problems.empty()) << all(problems);
    EXPECT_EQ(p.manifest.schema_version, "1.0");
    ASSERT_FALSE(p.conditions.empty());
    ASSERT_FALSE(p.genes.empty());
    ASSERT_FALSE(p.variants.empty());
    for (const auto& c : p.conditions) {
        EXPECT_TRUE(c.requires_evidence.empty());
        EXPECT_TRUE(c.requires_reason.empty());
    }
    for (const auto& g : p.genes)
        EXPECT_TRUE(g.aliases.empty());
    for (const auto& v : p.variants) {
        EXPECT_TRUE(v.condition_id.empty());
        EXPECT_FALSE(v.null_allele);
    }
}

TEST(PanelSchema11, ParsesTheNewColumns) {
    std::vector<PanelProblem> problems;
    const Panel p = parse_panel(mini11_panel(), problems);
    ASSERT_TRUE(problems.empty()) << all(problems);
    const Condition* otc = p.find_condition("otc-deficiency");
    ASSERT_NE(otc, nullptr);
    EXPECT_EQ(otc->requires_evidence, "other:test_evidence");
    EXPECT_NE(otc->requires_reason.find("test fixture"), std::string::npos);
    EXPECT_TRUE(p.find_condition("phenylketonuria")->requires_evidence.empty());
    EXPECT_EQ(gene(p, "ACAT1").aliases, (std::vector<std::string>{"MAT", "T2", "THIL"}));
    EXPECT_TRUE(gene(p, "PAH").aliases.empty());
    const auto& named = variant_at(p, 108147000);
    EXPECT_EQ(named.condition_id, "mitochondrial-acetoacetyl-coa-thiolase-deficiency");
    EXPECT_TRUE(named.null_allele);
    EXPECT_FALSE(variant_at(p, 102840474).null_allele);  // written "no"
    EXPECT_FALSE(variant_at(p, 108121579).null_allele);  // empty
    EXPECT_TRUE(validate_panel(mini11_panel()).ok())
        << all(validate_panel(mini11_panel()).problems);
}

TEST(PanelSchema11, NewColumnsMayBeLeftOffTheEndOnlyInOrder) {
    // Only the last of the new columns left off: still read.
    PanelFiles f = mini11_panel();
    std::vector<PanelProblem> problems;
    {
        auto& text = f.content.at("conditions.tsv");
        std::string out;
        std::size_t p = 0;
        while (p < text.size()) {  // drop the last cell of every line
            const auto e = text.find('\n', p);
            const std::string line = text.substr(p, e - p);
            out += line.substr(0, line.rfind('\t')) + '\n';
            p = e + 1;
        }
        text = out;
    }
    replace_in(f, "conditions.tsv", "other:test_evidence", "");  // no reason column any more
    Panel panel = parse_panel(f, problems);
    EXPECT_TRUE(problems.empty()) << all(problems);
    EXPECT_EQ(panel.conditions.size(), 3u);

    // Out of order: refused with the column.
    f = mini11_panel();
    replace_in(f, "variants.tsv", "added_in\tcondition_id\tnull_allele",
               "added_in\tnull_allele\tcondition_id");
    problems.clear();
    (void)parse_panel(f, problems);
    const auto out = matching(problems, "out of place");
    ASSERT_EQ(out.size(), 2u) << all(problems);
    EXPECT_EQ(out[0].where.column, 11u);

    // A required column is still required.
    f = mini11_panel();
    replace_in(f, "genes.tsv", "\tnotes\taliases", "\taliases");
    problems.clear();
    (void)parse_panel(f, problems);
    EXPECT_FALSE(problems.empty());
}

TEST(PanelSchema11, NewColumnsNeedSchema11InTheManifest) {
    PanelFiles f = mini11_panel();
    replace_in(f, "panel.toml", "schema_version = \"1.1\"", "schema_version = \"1.0\"");
    std::vector<PanelProblem> problems;
    (void)parse_panel(f, problems);
    const auto p = matching(problems, "is from panel schema 1.1");
    ASSERT_EQ(p.size(), 3u) << all(problems);  // conditions, genes, variants
    for (const auto& q : p)
        EXPECT_EQ(q.hint, "set schema_version = \"1.1\" in panel.toml");
    EXPECT_NE(p[1].why.find("'aliases'"), std::string::npos) << p[1].why;
    EXPECT_EQ(p[1].where.column, 13u);
}

TEST(PanelSchema11, BadValuesPointAtTheirCell) {
    PanelFiles f = mini11_panel();
    replace_in(f, "variants.tsv", "deficiency\tyes", "deficiency\ty");
    replace_in(f, "conditions.tsv", "other:test_evidence", "smn1");
    replace_in(f, "genes.tsv", "MAT,T2,THIL", "MAT,,THIL");
    std::vector<PanelProblem> problems;
    (void)parse_panel(f, problems);
    const auto null_p = matching(problems, "null_allele 'y'");
    ASSERT_EQ(null_p.size(), 1u) << all(problems);
    EXPECT_EQ(null_p[0].where.line, line_of(f, "variants.tsv", "108147000"));
    EXPECT_EQ(null_p[0].where.column, 12u);
    const auto kind = matching(problems, "requires_evidence 'smn1' is not a known kind");
    ASSERT_EQ(kind.size(), 1u) << all(problems);
    EXPECT_EQ(kind[0].where.column, 8u);
    const auto alias = matching(problems, "aliases 'MAT,,THIL'");
    ASSERT_EQ(alias.size(), 1u) << all(problems);
    EXPECT_EQ(alias[0].where.column, 13u);
}

TEST(PanelSchema11, EvidenceAndReasonComeTogether) {
    PanelFiles f = mini11_panel();
    replace_in(
        f, "conditions.tsv",
        "other:test_evidence\ttest fixture: a condition that needs evidence a VCF cannot show",
        "smn1_copy_number\t");
    replace_in(f, "conditions.tsv", "Infant\t\t\t\t\t",
               "Infant\t\t\t\t\ta reason without evidence");
    std::vector<PanelProblem> problems;
    (void)parse_panel(f, problems);
    EXPECT_EQ(matching(problems, "has no requires_reason").size(), 1u) << all(problems);
    EXPECT_EQ(matching(problems, "requires_evidence is empty").size(), 1u) << all(problems);
}

TEST(PanelSchema11, EvidenceKindVocabulary) {
    EXPECT_TRUE(is_evidence_kind("smn1_copy_number"));
    EXPECT_TRUE(is_evidence_kind("other:repeat_expansion"));
    EXPECT_TRUE(is_evidence_kind("other:methylation-11p15"));
    EXPECT_FALSE(is_evidence_kind("other:"));
    EXPECT_FALSE(is_evidence_kind("other:Repeat"));
    EXPECT_FALSE(is_evidence_kind("SMN1_copy_number"));
    EXPECT_FALSE(is_evidence_kind("copy_number"));
    EXPECT_FALSE(is_evidence_kind(""));
}

// --- validation --------------------------------------------------------------------------------

TEST(PanelSchema11, AliasThatIsAnotherPanelGenesSymbolIsAnError) {
    PanelFiles f = mini11_panel();
    replace_in(f, "genes.tsv", "MAT,T2,THIL", "MAT,PAH,THIL");
    const auto v = validate_panel(f);
    const auto p = matching(v.problems, "alias PAH is the symbol of panel gene PAH");
    ASSERT_EQ(p.size(), 1u) << all(v.problems);
    EXPECT_EQ(p[0].where.line, line_of(f, "genes.tsv", "ACAT1"));
    EXPECT_EQ(p[0].where.column, 13u);
    EXPECT_EQ(v.problems.size(), 1u) << all(v.problems);
}

TEST(PanelSchema11, AliasSharedByTwoGenesIsAnError) {
    PanelFiles f = mini11_panel();
    replace_in(f, "genes.tsv", "babyseq2:AR\t\t", "babyseq2:AR\t\tT2");  // PAH also claims T2
    const auto v = validate_panel(f);
    const auto p = matching(v.problems, "alias T2 is listed by both ACAT1");
    ASSERT_EQ(p.size(), 1u) << all(v.problems);
    EXPECT_EQ(p[0].where.line, line_of(f, "genes.tsv", "PAH"));
}

TEST(PanelSchema11, AliasRepeatingTheSymbolOrItselfIsAnError) {
    PanelFiles f = mini11_panel();
    replace_in(f, "genes.tsv", "MAT,T2,THIL", "ACAT1,T2,T2");
    const auto v = validate_panel(f);
    EXPECT_EQ(matching(v.problems, "lists its own symbol").size(), 1u) << all(v.problems);
    EXPECT_EQ(matching(v.problems, "lists alias T2 twice").size(), 1u) << all(v.problems);
}

TEST(PanelSchema11, RowsOfOneGeneCarryTheSameAliases) {
    PanelFiles f = mini11_panel();
    // A second ACAT1 entry (same span) with other aliases.
    const std::string acat1 =
        "ACAT1\tHGNC:93\tmitochondrial-acetoacetyl-coa-thiolase-deficiency\tMONOALLELIC\tyes\t"
        "test\tchr11\t108121567\t108147603\tENST00000265838.9|NM_000019.4\ttest\t\tMAT\n";
    replace_in(f, "genes.tsv", "OTC\tHGNC:8512", acat1 + "OTC\tHGNC:8512");
    const auto v = validate_panel(f);
    EXPECT_EQ(matching(v.problems, "ACAT1 aliases differ from those on line 2").size(), 1u)
        << all(v.problems);
}

TEST(PanelSchema11, IncludeRowConditionMustBeOneOfItsGenesConditions) {
    PanelFiles f = mini11_panel();
    replace_in(f, "variants.tsv", "mitochondrial-acetoacetyl-coa-thiolase-deficiency\tyes",
               "phenylketonuria\tyes");
    auto v = validate_panel(f);
    auto p = matching(v.problems, "condition_id 'phenylketonuria' is not a condition of ACAT1");
    ASSERT_EQ(p.size(), 1u) << all(v.problems);
    EXPECT_EQ(p[0].where.column, 11u);
    EXPECT_NE(p[0].why.find("mitochondrial-acetoacetyl-coa-thiolase-deficiency"),
              std::string::npos);

    f = mini11_panel();
    replace_in(f, "variants.tsv", "mitochondrial-acetoacetyl-coa-thiolase-deficiency\tyes",
               "no-such-condition\tyes");
    v = validate_panel(f);
    EXPECT_EQ(matching(v.problems, "unknown condition_id 'no-such-condition'").size(), 1u)
        << all(v.problems);
}

TEST(PanelSchema11, ExcludeRowsDoNotNameACondition) {
    PanelFiles f = mini11_panel();
    replace_in(f, "variants.tsv", "beginngs:blocklist_20241114\t\t0.9.0\t\t",
               "beginngs:blocklist_20241114\t\t0.9.0\tmitochondrial-acetoacetyl-coa-thiolase-"
               "deficiency\t");
    const auto v = validate_panel(f);
    EXPECT_EQ(matching(v.problems, "an exclude row names condition_id").size(), 1u)
        << all(v.problems);
}

TEST(PanelSchema11, AllelesMayLieInTheGenePaddingButNotBeyond) {
    // ACAT1 ends at 108147603; gene_padding_bp defaults to 2000.
    PanelFiles f = mini11_panel();
    replace_in(f, "variants.tsv", "chr11\t108147000\tC\tT", "chr11\t108149603\tC\tT");
    EXPECT_TRUE(validate_panel(f).ok()) << all(validate_panel(f).problems);
    replace_in(f, "variants.tsv", "chr11\t108149603\tC\tT", "chr11\t108149604\tC\tT");
    auto v = validate_panel(f);
    ASSERT_EQ(matching(v.problems, "lies outside ACAT1").size(), 1u) << all(v.problems);
    // The padding is the panel's own threshold.
    replace_in(f, "panel.toml", "[thresholds]\n", "[thresholds]\ngene_padding_bp = 5000\n");
    EXPECT_TRUE(validate_panel(f).ok()) << all(validate_panel(f).problems);
}

// --- writing and diffing -----------------------------------------------------------------------

TEST(PanelSchema11, VariantsTsvRoundTripsInEitherLayout) {
    for (const bool v11 : {false, true}) {
        PanelFiles f = v11 ? mini11_panel() : mini_panel();
        if (v11) replace_in(f, "variants.tsv", "\tno\n", "\t\n");  // false is written empty
        std::vector<PanelProblem> problems;
        const Panel p = parse_panel(f, problems);
        ASSERT_TRUE(problems.empty()) << all(problems);
        const std::string& text = f.content.at("variants.tsv");
        EXPECT_EQ(tsv_header_columns(text), v11 ? 12u : 10u);
        EXPECT_EQ(render_variants_tsv(p.variants, tsv_preamble(text), tsv_header_columns(text)),
                  text);
    }
    EXPECT_EQ(tsv_header_columns("# comment\n\na\tb\tc\n1\t2\t3\n"), 3u);
    EXPECT_EQ(tsv_header_columns("# only a comment\n"), 0u);
}

TEST(PanelSchema11, DiffReportsChangesInTheNewColumns) {
    std::vector<PanelProblem> problems;
    const Panel before = parse_panel(mini11_panel(), problems);
    PanelFiles f = mini11_panel();
    replace_in(f, "conditions.tsv", "other:test_evidence", "other:another_kind");
    replace_in(f, "genes.tsv", "MAT,T2,THIL", "MAT,THIL");
    replace_in(f, "variants.tsv", "mitochondrial-acetoacetyl-coa-thiolase-deficiency\tyes", "\t");
    const Panel after = parse_panel(f, problems);
    ASSERT_TRUE(problems.empty()) << all(problems);
    const PanelDiff d = diff_panels(before, after);
    auto has = [](const SectionDiff& s, const std::string& field, const std::string& from,
                  const std::string& to) {
        for (const auto& c : s.changed)
            for (const auto& ch : c.changes)
                if (ch.field == field && ch.before == from && ch.after == to) return true;
        return false;
    };
    EXPECT_TRUE(
        has(d.conditions, "requires_evidence", "other:test_evidence", "other:another_kind"));
    EXPECT_TRUE(has(d.genes, "aliases", "MAT,T2,THIL", "MAT,THIL"));
    EXPECT_TRUE(
        has(d.variants, "condition_id", "mitochondrial-acetoacetyl-coa-thiolase-deficiency", ""));
    EXPECT_TRUE(has(d.variants, "null_allele", "yes", ""));
    const std::string text = render_diff_text(d);
    EXPECT_NE(text.find("null_allele: yes -> (empty)"), std::string::npos) << text;
    EXPECT_NE(render_diff_json(d).find("\"field\": \"aliases\""), std::string::npos);
}

TEST(PanelSchema11, UpgradingAnOldPanelShowsOnlyTheFilledColumns) {
    // mini -> mini11 changes the version and fills the new columns; nothing else differs.
    std::vector<PanelProblem> problems;
    const PanelDiff d =
        diff_panels(parse_panel(mini_panel(), problems), parse_panel(mini11_panel(), problems));
    ASSERT_TRUE(problems.empty()) << all(problems);
    EXPECT_TRUE(d.conditions.added.empty() && d.conditions.removed.empty());
    ASSERT_EQ(d.conditions.changed.size(), 1u);
    EXPECT_EQ(d.conditions.changed[0].key, "otc-deficiency");
    ASSERT_EQ(d.genes.changed.size(), 1u);
    ASSERT_EQ(d.variants.changed.size(), 1u);  // "no" reads as not null: no change
    EXPECT_EQ(d.variants.changed[0].changes.size(), 2u);
}

}  // namespace
}  // namespace nbs
