// End to end through screen_baby on the rules fixtures, edited the way real pipelines differ:
// a boy whose VCF has no chrY lines (chr1-22,X callers), a girl with a few mismapped chrY calls,
// a hemizygous call with some REF reads, a het-looking call in a boy, and adjacent changes
// written as one MNP (issue 9 items 3, 8 and 9).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include "engine/genome/normalize.hpp"
#include "engine/panel/panel_parser.hpp"
#include "engine/rules/inheritance.hpp"
#include "engine/screen/screen_baby.hpp"
#include "support/cli_runner.hpp"

namespace nbs {
namespace {

namespace fs = std::filesystem;

const fs::path kRules = fs::path(NBS_TEST_DATA) / "rules";

class SexAndAlleles : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        panel_ = new Panel(load_panel(kRules / "panel"));
        plan_ = new ScreenPlan(*panel_);
    }
    static void TearDownTestSuite() {
        delete plan_;
        delete panel_;
    }
    // One scratch folder per test: ctest runs the tests of this suite in parallel processes.
    void SetUp() override {
        dir_ = test::scratch_dir(std::string("sex_and_alleles_") +
                                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
    }
    // A fixture rewritten line by line (`edit` returns the new line, or "" to drop it).
    fs::path edited(const std::string& fixture, const std::string& name,
                    const std::function<std::string(const std::string&)>& edit) const {
        const fs::path out = dir_ / name;
        std::istringstream in(test::slurp(kRules / fixture));
        std::ofstream o(out);
        std::string line;
        while (std::getline(in, line)) {
            const std::string e = line.rfind('#', 0) == 0 ? line : edit(line);
            if (!e.empty()) o << e << '\n';
        }
        return out;
    }
    static BabyResult screen(const fs::path& vcf, std::optional<Karyotype> reported = {}) {
        BabyInput in;
        in.sample_id = "b";
        in.vcf = vcf.string();
        in.reported_sex = reported;
        return screen_baby(*plan_, in, {});
    }
    static bool any_contains(const std::vector<std::string>& v, const std::string& s) {
        for (const auto& x : v)
            if (x.find(s) != std::string::npos) return true;
        return false;
    }
    fs::path dir_;
    static Panel* panel_;
    static ScreenPlan* plan_;
};
Panel* SexAndAlleles::panel_ = nullptr;
ScreenPlan* SexAndAlleles::plan_ = nullptr;

// Reported XY, no chrY in the file: not X0, not a QC failure, and his X-linked finding shows.
TEST_F(SexAndAlleles, BoyWithoutChrYLinesKeepsHisFinding) {
    const fs::path vcf = edited("xy_xr_haploid.vcf", "boy_no_y.vcf", [](const std::string& l) {
        return l.rfind("chrY\t", 0) == 0 ? std::string() : l;
    });
    const BabyResult r = screen(vcf, Karyotype::XY);
    EXPECT_FALSE(r.sex.evidence.y_called);
    EXPECT_EQ(r.sex.inferred.karyotype, Karyotype::unknown) << r.sex.inferred.reason;
    EXPECT_EQ(r.sex.used, Karyotype::XY);
    EXPECT_EQ(r.sex.used_source, "reported");
    EXPECT_TRUE(r.qc.failures.empty());
    EXPECT_EQ(r.status, BabyStatus::prioritised_for_review);
    ASSERT_EQ(r.findings.size(), 1U);
    EXPECT_EQ(r.findings[0].outcome.zygosity, "hemizygous");

    // Without a reported sex, low chrX heterozygosity alone never makes him hemizygous.
    const BabyResult unreported = screen(vcf);
    EXPECT_EQ(unreported.sex.used, Karyotype::unknown);
    EXPECT_TRUE(any_contains(unreported.qc.flags, "sex unknown"));
    // A girl reported XX with the same low heterozygosity is kept XX, with a flag, not failed.
    const BabyResult girl = screen(vcf, Karyotype::XX);
    EXPECT_TRUE(girl.qc.failures.empty());
    EXPECT_EQ(girl.sex.used, Karyotype::XX);
    EXPECT_TRUE(any_contains(girl.qc.flags, "low chrX heterozygosity"));
}

// The same file with chrY called but no male-specific calls is X0, and a reported XY fails QC.
TEST_F(SexAndAlleles, ChrYCalledButAbsentIsX0) {
    const fs::path vcf =
        edited("xy_xr_haploid.vcf", "boy_y_par_only.vcf", [](const std::string& l) {
            // Keep one chrY record, moved into PAR1: chrY was called, the male-specific region
            // empty.
            if (l.rfind("chrY\t2800101\t", 0) == 0) return "chrY\t100000" + l.substr(12);
            return l.rfind("chrY\t", 0) == 0 ? std::string() : l;
        });
    const BabyResult r = screen(vcf, Karyotype::XY);
    EXPECT_TRUE(r.sex.evidence.y_called);
    EXPECT_EQ(r.sex.inferred.karyotype, Karyotype::X0) << r.sex.inferred.reason;
    EXPECT_EQ(r.status, BabyStatus::sample_failed_qc);
}

// A girl with four mismapped chrY calls (in the SRY-ZFY window, so they are read as evidence) is
// XX, not XXY: too few to decide on a Y, and two X decide.
TEST_F(SexAndAlleles, AFewChrYCallsDoNotMakeAGirlXxy) {
    const fs::path vcf = edited("xx_carrier.vcf", "girl_4y.vcf", [](const std::string& l) {
        if (l.rfind("chrX\t5000101\t", 0) != 0) return l;
        return l;  // chrY lines are appended after chrX below
    });
    {
        std::ofstream o(vcf, std::ios::app);
        for (int i = 0; i < 4; ++i)
            o << "chrY\t" << 2800101 + 1000 * i
              << "\t.\tC\tT\t50\tPASS\t.\tGT:GQ:DP:AD\t1:50:30:0,30\n";
    }
    const BabyResult r = screen(vcf, Karyotype::XX);
    EXPECT_EQ(r.sex.evidence.y_nonpar_calls, 4U);
    EXPECT_EQ(r.sex.inferred.karyotype, Karyotype::XX) << r.sex.inferred.reason;
    EXPECT_TRUE(r.qc.failures.empty());
}

// A haploid chrX call with 23 ALT and 6 REF reads is evidence: the finding is reported, with the
// allele-balance warning and the het-looking-call flag a reviewer must weigh.
TEST_F(SexAndAlleles, HemizygousCallWithSomeRefReadsIsAFindingWithFlags) {
    const fs::path vcf = edited("xy_xr_haploid.vcf", "boy_ab079.vcf", [](const std::string& l) {
        if (l.rfind("chrX\t40005000\t", 0) != 0) return l;
        const auto at = l.rfind("0,30");
        return at == std::string::npos ? l : l.substr(0, at) + "6,23" + l.substr(at + 4);
    });
    const BabyResult r = screen(vcf);
    ASSERT_EQ(r.findings.size(), 1U) << (r.set_aside.empty() ? "" : r.set_aside[0].reason);
    const Finding& f = r.findings[0];
    EXPECT_EQ(f.outcome.zygosity, "hemizygous");
    ASSERT_EQ(f.variants.size(), 1U);
    EXPECT_TRUE(f.variants[0].qc.pass);
    EXPECT_TRUE(any_contains(f.flags, "allele balance 0.79 < 0.80 in a hemizygous call"));
    EXPECT_TRUE(any_contains(f.flags, "mosaicism, contamination or XXY possible"));
}

TEST_F(SexAndAlleles, HetGenotypeInABoyIsAFindingWithAFlag) {
    BabyInput in;
    in.sample_id = "b";
    in.vcf = (kRules / "xy_xr_het_flag.vcf").string();
    const BabyResult r = screen_baby(*plan_, in, {});
    ASSERT_EQ(r.findings.size(), 1U);
    EXPECT_TRUE(any_contains(r.findings[0].flags, "heterozygous-looking call (GT 0/1"));
    // A plain haploid call carries no such flag.
    in.vcf = (kRules / "xy_xr_haploid.vcf").string();
    const BabyResult plain = screen_baby(*plan_, in, {});
    ASSERT_EQ(plain.findings.size(), 1U);
    EXPECT_TRUE(plain.findings[0].flags.empty());
}

// ARGENE's include allele chr1:1005000 C>T written inside a two-base MNP (CA>TG): found.
// Homozygous, it is a finding; heterozygous, its two SNVs are in cis (one allele), so a single
// MNP never makes a compound heterozygote.
TEST_F(SexAndAlleles, IncludeSnvInsideAnMnpIsFound) {
    auto with_mnp = [&](const std::string& name, const std::string& gt) {
        return edited("xx_carrier.vcf", name, [gt](const std::string& l) {
            if (l.rfind("chr1\t1005000\t", 0) != 0) return l;
            return "chr1\t1005000\t.\tCA\tTG\t50\tPASS\t.\tGT:GQ:DP:AD:PS\t" + gt +
                   ":60:30:" + (gt == "1/1" ? std::string("0,30") : std::string("15,15")) + ":.";
        });
    };
    const BabyResult hom = screen(with_mnp("mnp_hom.vcf", "1/1"));
    ASSERT_EQ(hom.findings.size(), 1U);
    bool saw_snv = false;
    for (const auto& v : hom.findings[0].variants) {
        if (v.call.variant == Variant{"chr1", 1005000, "C", "T"}) {
            saw_snv = true;
            ASSERT_TRUE(v.call.decomposed_from.has_value());
            EXPECT_EQ(v.call.decomposed_from->to_string(), "chr1:1005000:CA>TG");
        }
    }
    EXPECT_TRUE(saw_snv);

    // Lower-case alleles are the same alleles.
    const BabyResult lower =
        screen(edited("xx_carrier.vcf", "mnp_lower.vcf", [](const std::string& l) {
            if (l.rfind("chr1\t1005000\t", 0) != 0) return l;
            return std::string(
                "chr1\t1005000\t.\tca\ttg\t50\tPASS\t.\tGT:GQ:DP:AD:PS\t1/1:60:30:0,30:.");
        }));
    EXPECT_EQ(lower.findings.size(), 1U);

    const BabyResult het = screen(with_mnp("mnp_het.vcf", "0/1"));
    EXPECT_TRUE(het.findings.empty()) << het.findings[0].outcome.reason;  // a carrier
}

// chr1:100 ACG>TCA (GT 0/1): the MNP itself, then chr1:100 A>T and chr1:102 G>A, each 0/1 and
// decomposed_from the MNP; any two of them are in cis (one allele), never a compound het.
TEST(MnpDecomposition, DifferingBasesBecomeSnvsInCis) {
    VcfRecord rec;
    rec.chrom = "chr1";
    rec.pos = 100;
    rec.ref = "ACG";
    rec.alts = {"TCA"};
    rec.sample.alleles = {0, 1};
    const auto calls = split_alleles(rec);
    ASSERT_EQ(calls.size(), 3U);
    EXPECT_EQ(calls[0].variant, (Variant{"chr1", 100, "ACG", "TCA"}));
    EXPECT_FALSE(calls[0].decomposed_from.has_value());
    EXPECT_EQ(calls[1].variant, (Variant{"chr1", 100, "A", "T"}));
    EXPECT_EQ(calls[2].variant, (Variant{"chr1", 102, "G", "A"}));
    for (std::size_t i = 1; i < 3; ++i) {
        EXPECT_EQ(calls[i].genotype, "0/1");
        EXPECT_EQ(calls[i].copies, 1);
        ASSERT_TRUE(calls[i].decomposed_from.has_value());
        EXPECT_EQ(*calls[i].decomposed_from, calls[0].variant);
    }
    EXPECT_EQ(pair_phase(calls[1], calls[2]), Phase::cis);
    EXPECT_EQ(pair_phase(calls[0], calls[1]), Phase::cis);
    GeneEntry g;
    g.moi = Moi::biallelic;
    g.span = {"chr1", 1, 1000};
    EXPECT_FALSE(evaluate_inheritance(g, {&calls[1], &calls[2]}, Karyotype::XX).reported);
    // A 1/2 record's two different ALTs stay in trans.
    rec.alts = {"TCG", "ACA"};
    rec.sample.alleles = {1, 2};
    const auto two = split_alleles(rec);
    ASSERT_EQ(two.size(), 2U);  // each ALT is a plain SNV after trimming: nothing to decompose
    EXPECT_EQ(pair_phase(two[0], two[1]), Phase::trans);
}

}  // namespace
}  // namespace nbs
