// Property test (issue item 7): random genotype configurations (gene location, MOI, karyotype,
// genotypes, phase sets, QC values) through the engine's split -> genotype QC -> inheritance,
// compared with a small reference model written from the rules text (docs/rules.md), not from
// the engine code. Seeded; prints the failing case on mismatch.
#include <gtest/gtest.h>

#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "engine/rules/genotype_qc.hpp"
#include "engine/rules/inheritance.hpp"
#include "unit/rules/rules_test_util.hpp"

namespace nbs {
namespace {

// ---- the case ------------------------------------------------------------------------------

enum class Where { autosome, x_nonpar, x_par1 };

struct CaseRecord {
    std::vector<int> gt;  // allele indexes, -1 = '.'
    bool phased = false;
    std::optional<int> ps;
    int n_alts = 1;
    std::vector<int> ad;  // per allele, REF first
    int gq = 60, dp = 30;
    bool filter_pass = true;
};

struct Case {
    Moi moi;
    Where where;
    Karyotype k;
    std::vector<CaseRecord> recs;

    [[nodiscard]] std::string describe() const {
        std::ostringstream s;
        s << to_string(moi) << " on "
          << (where == Where::autosome   ? "chr1"
              : where == Where::x_nonpar ? "chrX non-PAR"
                                         : "chrX PAR1")
          << ", " << to_string(k) << "\n";
        for (const auto& r : recs) {
            s << "  GT ";
            for (std::size_t i = 0; i < r.gt.size(); ++i) {
                if (i) s << (r.phased ? '|' : '/');
                s << (r.gt[i] < 0 ? std::string(".") : std::to_string(r.gt[i]));
            }
            s << " PS " << (r.ps ? std::to_string(*r.ps) : ".") << " alts " << r.n_alts << " AD";
            for (int d : r.ad)
                s << ' ' << d;
            s << " GQ " << r.gq << " DP " << r.dp << " FILTER "
              << (r.filter_pass ? "PASS" : "LowQual") << "\n";
        }
        return s.str();
    }
};

Case random_case(std::mt19937& rng) {
    auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    Case c;
    c.moi = static_cast<Moi>(pick(4));
    if (is_xlinked(c.moi))
        c.where = pick(4) == 0 ? Where::x_par1 : Where::x_nonpar;
    else
        c.where = pick(4) == 0 ? Where::x_par1 : Where::autosome;
    c.k = static_cast<Karyotype>(pick(5));
    const bool phased_family = pick(4) == 0;
    const int n = pick(5);
    for (int i = 0; i < n; ++i) {
        CaseRecord r;
        r.n_alts = pick(4) == 0 ? 2 : 1;
        const bool haploid = pick(6) == 0;
        auto allele = [&] {
            const int x = pick(10);
            if (x == 0) return -1;      // '.'
            if (x <= 3) return 0;       // REF
            return 1 + pick(r.n_alts);  // an ALT
        };
        if (phased_family) {
            // Phased heterozygous calls in one phase set: where cis / trans decisions live.
            r.n_alts = 1;
            r.gt = pick(2) == 0 ? std::vector<int>{0, 1} : std::vector<int>{1, 0};
            r.phased = true;
            r.ps = pick(6) == 0 ? 101 : 100;
        } else {
            r.gt.push_back(allele());
            if (!haploid) r.gt.push_back(allele());
            r.phased = !haploid && pick(2) == 0;
        }
        if (!phased_family && r.phased && pick(4) != 0) r.ps = 100 + pick(2);
        for (int a = 0; a <= r.n_alts; ++a)
            r.ad.push_back(pick(4) == 0 ? pick(4) : pick(30));
        r.gq = pick(5) == 0 ? pick(25) : 20 + pick(80);
        r.dp = pick(5) == 0 ? pick(12) : 10 + pick(50);
        r.filter_pass = pick(8) != 0;
        c.recs.push_back(std::move(r));
    }
    return c;
}

// ---- the reference model, from the rules text ----------------------------------------------

struct ModelAllele {
    int record = 0;
    int copies = 0;
    bool hom = false;  // every called allele of a complete genotype is this ALT ("1", "1/1")
    bool phased = false;
    std::optional<int> ps;
    int haplotype = -1;  // phased het: which copy carries it
};

struct ModelResult {
    bool reported = false;
    Phase phase = Phase::not_applicable;
};

ModelResult model(const Case& c) {
    // Rule 3: FILTER PASS/., GQ >= 20, DP >= 10, allele balance from AD >= 0.2 whatever the
    // zygosity (a homozygous or hemizygous call below 0.8 passes with a warning).
    std::vector<ModelAllele> pass;
    for (int ri = 0; ri < static_cast<int>(c.recs.size()); ++ri) {
        const auto& r = c.recs[ri];
        bool any_missing = false;
        for (int a : r.gt)
            any_missing = any_missing || a < 0;
        for (int alt = 1; alt <= r.n_alts; ++alt) {
            ModelAllele m;
            m.record = ri;
            for (int a : r.gt)
                m.copies += a == alt ? 1 : 0;
            if (m.copies == 0) continue;  // missing alleles never carry anything
            m.hom = !any_missing && m.copies == static_cast<int>(r.gt.size());
            m.phased = r.phased && !any_missing;
            if (m.phased) {
                m.ps = r.ps;
                for (int h = 0; h < static_cast<int>(r.gt.size()); ++h)
                    if (r.gt[h] == alt) m.haplotype = h;
            }
            int total = 0;
            for (int d : r.ad)
                total += d;
            bool qc = r.filter_pass && r.gq >= 20 && r.dp >= 10;
            if (total > 0) {
                const double ab = static_cast<double>(r.ad[alt]) / total;
                qc = qc && ab >= 0.2;
            }
            if (qc) pass.push_back(m);
        }
    }
    ModelResult out;
    if (pass.empty()) return out;
    // Rule 4: MONOALLELIC and XLINKED_MONOALLELIC: one qualifying allele.
    if (c.moi == Moi::monoallelic || c.moi == Moi::xlinked_monoallelic) {
        out.reported = true;
        return out;
    }
    // XLINKED_BIALLELIC outside the PARs in a one-X karyotype: hemizygous, one allele.
    if (c.moi == Moi::xlinked_biallelic && c.where == Where::x_nonpar &&
        (c.k == Karyotype::XY || c.k == Karyotype::X0)) {
        out.reported = true;
        return out;
    }
    // BIALLELIC rule: a homozygous allele; else two alleles not known to be in cis.
    for (const auto& m : pass)
        if (m.hom) {
            out.reported = true;
            return out;
        }
    if (pass.size() < 2) return out;  // a carrier
    bool any_trans = false, any_unknown = false;
    for (std::size_t i = 0; i < pass.size(); ++i) {
        for (std::size_t j = i + 1; j < pass.size(); ++j) {
            const auto& a = pass[i];
            const auto& b = pass[j];
            if (a.record == b.record) {
                any_trans = true;  // two ALTs of one diploid call: one on each copy
            } else if (a.phased && b.phased && a.ps == b.ps) {
                // Same phase set: different haplotypes = trans; the same haplotype = cis, which
                // does not count towards a finding.
                if (a.haplotype != b.haplotype) any_trans = true;
            } else {
                any_unknown = true;
            }
        }
    }
    if (any_trans) {
        out.reported = true;
        out.phase = Phase::trans;
    } else if (any_unknown) {
        out.reported = true;
        out.phase = Phase::unknown;
    } else {
        out.phase = Phase::cis;
    }
    return out;
}

// ---- the engine ----------------------------------------------------------------------------

ModelResult engine(const Case& c, const Thresholds& th) {
    GeneEntry g;
    g.symbol = "G";
    g.moi = c.moi;
    const std::string chrom = c.where == Where::autosome ? "chr1" : "chrX";
    const std::int64_t start = c.where == Where::x_nonpar ? 40000000 : 1000000;
    g.span = {chrom, start, start + 100000};
    std::vector<AlleleCall> calls;
    for (std::size_t i = 0; i < c.recs.size(); ++i) {
        const auto& r = c.recs[i];
        VcfRecord rec;
        rec.chrom = chrom;
        rec.pos = start + 100 + static_cast<std::int64_t>(i) * 100;
        rec.ref = "A";
        rec.alts =
            r.n_alts == 1 ? std::vector<std::string>{"G"} : std::vector<std::string>{"G", "T"};
        rec.filters = {r.filter_pass ? "PASS" : "LowQual"};
        rec.sample.alleles = r.gt;
        rec.sample.phased = r.phased;
        if (r.ps) rec.sample.phase_set = *r.ps;
        rec.sample.gq = r.gq;
        rec.sample.dp = r.dp;
        rec.sample.ad = r.ad;
        for (auto& a : split_alleles(rec))
            if (check_genotype(a, th).pass) calls.push_back(std::move(a));
    }
    std::vector<const AlleleCall*> ptrs;
    for (const auto& a : calls)
        ptrs.push_back(&a);
    const auto out = evaluate_inheritance(g, ptrs, c.k);
    return {out.reported, out.phase};
}

TEST(RulesProperty, EngineMatchesReferenceModel) {
    std::mt19937 rng(20261124);
    const Thresholds th;  // defaults: the numbers the model uses
    int mismatches = 0, reported = 0, cis = 0, trans = 0, unknown = 0;
    constexpr int kCases = 20000;
    for (int i = 0; i < kCases && mismatches < 5; ++i) {
        const Case c = random_case(rng);
        const ModelResult want = model(c);
        const ModelResult got = engine(c, th);
        reported += want.reported ? 1 : 0;
        cis += want.phase == Phase::cis ? 1 : 0;
        trans += want.phase == Phase::trans ? 1 : 0;
        unknown += want.phase == Phase::unknown ? 1 : 0;
        if (want.reported != got.reported || want.phase != got.phase) {
            ++mismatches;
            ADD_FAILURE() << "case " << i << ": model reported=" << want.reported << " phase "
                          << to_string(want.phase) << ", engine reported=" << got.reported
                          << " phase " << to_string(got.phase) << "\n"
                          << c.describe();
        }
    }
    // The generator must exercise every outcome, or the comparison proves little.
    EXPECT_GT(reported, kCases / 10);
    EXPECT_GT(cis, 20);
    EXPECT_GT(trans, 100);
    EXPECT_GT(unknown, 100);
}

}  // namespace
}  // namespace nbs
