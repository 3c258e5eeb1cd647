// Haplotype translation on a minus-strand transcript (annotate/haplotype_consequence.hpp,
// docs/rules.md 2f): SLC52A3's MANE model ENST00000645534.1 and the real GRCh38 sequence of panel
// tests/data/panel/know20. bcftools csq names 765745 GC>G (c.28del, codon 10) frameshift
// 10C>10SSSEWAPG*: the -1 frame meets a stop at codon 18 (tests/data/annotated/slc52a3/
// bcsq_frameshift.vcf). On the minus strand transcript order runs to lower positions.
#include <gtest/gtest.h>

#include "engine/annotate/haplotype_consequence.hpp"
#include "engine/panel/panel_parser.hpp"
#include "unit/panel/panel_test_support.hpp"

namespace nbs {
namespace {

struct Slc52a3 {
    Panel panel;
    std::optional<CodingTranscript> t;
};

const Slc52a3& slc52a3() {
    static const Slc52a3 f = [] {
        Slc52a3 s;
        std::vector<PanelProblem> problems;
        s.panel = parse_panel(read_panel_dir(test::panel_data() / "know20"), problems);
        EXPECT_TRUE(problems.empty());
        return s;
    }();
    return f;
}

// The genomic position of c.`n` in the CDS's exons.
std::int64_t pos_of(const CodingTranscript& t, int n) {
    for (const auto& ex : t.model().exons)
        for (std::int64_t p = ex.start; p <= ex.end; ++p)
            if (t.c_position(p) == std::to_string(n)) return p;
    ADD_FAILURE() << "no c." << n;
    return 0;
}

char base(std::int64_t pos) {
    return *slc52a3().panel.knowledge->reference.base("chr20", pos);
}

// One base inserted between c.`n` and c.`n`+1, unlike both neighbours (so it has one position).
Variant insert_after_c(const CodingTranscript& t, int n) {
    const std::int64_t anchor = pos_of(t, n + 1);  // minus strand: c.n+1 lies at pos(c.n) - 1
    char x = 'A';
    for (const char c : std::string("ACGT"))
        if (c != base(anchor) && c != base(anchor + 1)) x = c;
    return {"chr20", anchor, std::string(1, base(anchor)), std::string(1, base(anchor)) + x};
}

Variant snv_at_c(const CodingTranscript& t, int n) {
    const std::int64_t p = pos_of(t, n);
    return {"chr20", p, std::string(1, base(p)), base(p) == 'A' ? "G" : "A"};
}

TEST(HaplotypeConsequence, MinusStrandFrameRestoredOrStoppedFirst) {
    const Knowledge& k = *slc52a3().panel.knowledge;
    const auto t = CodingTranscript::build(*k.transcript_for("SLC52A3"), k.reference);
    ASSERT_TRUE(t);
    ASSERT_EQ(t->model().strand, '-');
    const Variant del{"chr20", 765745, "GC", "G"};
    auto terms = [&](std::vector<Variant> hap) {
        std::sort(hap.begin(), hap.end(),
                  [](const Variant& a, const Variant& b) { return a.pos < b.pos; });
        BuiltinConsequence c;
        EXPECT_EQ(t->annotate(hap, c), ConsequenceStatus::annotated);
        return c;
    };
    const auto alone = terms({del});
    EXPECT_EQ(alone.terms, std::vector<std::string>{"frameshift_variant"});
    EXPECT_EQ(alone.hgvs_p, "p.Cys10SerfsTer9") << "bcftools: 10C>10SSSEWAPG*";
    // A base inserted after c.36 (codon 12) restores the frame before codon 18.
    const auto restored = terms({del, insert_after_c(*t, 36)});
    EXPECT_EQ(std::count(restored.terms.begin(), restored.terms.end(), "frameshift_variant"), 0);
    EXPECT_EQ(std::count(restored.terms.begin(), restored.terms.end(), "stop_gained"), 0);
    EXPECT_EQ(restored.terms, std::vector<std::string>{"missense_variant"});
    EXPECT_TRUE(restored.lof_term().empty());
    // One after c.60 (codon 20) comes after the stop: the frameshift's protein, ended early.
    const auto stopped = terms({del, insert_after_c(*t, 60)});
    EXPECT_EQ(stopped.terms, (std::vector<std::string>{"stop_gained", "frameshift_variant"}));
    EXPECT_EQ(stopped.hgvs_p, alone.hgvs_p);

    // Groups: the deletion leads (5' on the transcript, the highest position); an SNV in codon
    // 15 lies in the shifted frame, the insertion after c.60 restores it, an SNV in codon 30
    // comes after.
    const std::vector<Variant> hap = {insert_after_c(*t, 60), del, snv_at_c(*t, 45),
                                      snv_at_c(*t, 90)};
    EXPECT_EQ(translation_groups(*t, hap), (std::vector<std::vector<std::size_t>>{{1, 2, 0}, {3}}));
}

}  // namespace
}  // namespace nbs
