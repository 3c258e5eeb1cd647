// End-to-end property test (issue 16 item 3): seeded random calls are written as real
// multi-sample files (VCF streamed, VCF.gz + tabix, BCF + CSI indexed and streamed; every
// column a baby, the others with different genotypes), each baby screened by its column through
// VcfReader -> qualifier -> sex inference -> screen_baby, and compared with a reference model
// written from docs/rules.md (sections 3-5, "never negative on evidence not seen"), not from the
// engine code: the model part below uses no engine type or function.
//
// Panel: tests/data/rules/panel_par (the rules panel plus genes across the PAR1 end, across the
// PAR2 start and inside PAR2). Per baby we compare the status, every reported
// (condition, gene, zygosity, phase) and every not-assessable (condition, gene).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "engine/panel/panel_parser.hpp"
#include "engine/screen/screen_baby.hpp"
#include "unit/io/io_test_files.hpp"
#include "unit/rules/rules_test_util.hpp"

namespace nbs {
namespace {

// ==== the generated files (plain data) ======================================================

enum class Moi_ { mono, bi, xmono, xbi };  // the model's own MOI classes
struct ModelEntry {
    const char* condition;
    const char* gene;
    Moi_ moi;
    const char* chrom;
    long start, end;
};
// genes.tsv of tests/data/rules/panel_par, one row per (condition, gene).
const ModelEntry kEntries[] = {
    {"cond-ar", "ARGENE", Moi_::bi, "chr1", 1000000, 1020000},
    {"cond-ad", "ADGENE", Moi_::mono, "chr2", 2000000, 2020000},
    {"cond-multi-ad", "MULTIGENE", Moi_::mono, "chr3", 3000000, 3020000},
    {"cond-multi-ar", "MULTIGENE", Moi_::bi, "chr3", 3000000, 3020000},
    {"cond-par", "PARGENE", Moi_::bi, "chrX", 1000000, 1020000},
    {"cond-xlr", "XRGENE", Moi_::xbi, "chrX", 40000000, 40020000},
    {"cond-xld", "XDGENE", Moi_::xmono, "chrX", 50000000, 50020000},
    {"cond-p1xd", "P1XDGENE", Moi_::xmono, "chrX", 2770000, 2790000},
    {"cond-p2xr", "P2XRGENE", Moi_::xbi, "chrX", 155690000, 155712000},
    {"cond-p2ar", "P2ARGENE", Moi_::xbi, "chrX", 155800000, 155820000},
};
constexpr int kNumEntries = static_cast<int>(sizeof kEntries / sizeof kEntries[0]);

// Panel sites: each ALT lists the entries whose include row it matches (after trimming).
struct Site {
    const char* chrom;
    long pos;
    const char* ref;
    std::vector<std::string> alts;
    std::vector<std::vector<int>> entries;  // per ALT
};
const std::vector<Site>& sites() {
    static const std::vector<Site> s = {
        {"chr1", 1005000, "C", {"T", "G"}, {{0}, {}}},  // ALT 2 is not on the include list
        {"chr1", 1006000, "G", {"A"}, {{0}}},
        {"chr1", 1007000, "CAG", {"C", "CAGAG"}, {{0}, {0}}},  // both ALTs included
        {"chr1", 1010000, "A", {"G"}, {{}}},                   // in the gene, not qualifying
        {"chr2", 2005000, "A", {"G"}, {{1}}},
        {"chr3", 3005000, "T", {"C"}, {{2, 3}}},  // one allele, two entries
        {"chrX", 1005000, "C", {"G"}, {{4}}},     // PAR1
        {"chrX", 40005000, "A", {"T"}, {{5}}},
        {"chrX", 40006000, "G", {"C", "T"}, {{5}, {}}},
        {"chrX", 40010000, "C", {"A"}, {{}}},
        {"chrX", 50005000, "T", {"A"}, {{6}}},
        {"chrX", 2781479, "A", {"G"}, {{7}}},    // last PAR1 base
        {"chrX", 2781480, "C", {"T"}, {{7}}},    // first non-PAR base
        {"chrX", 155701382, "G", {"A"}, {{8}}},  // last non-PAR base
        {"chrX", 155701383, "T", {"C"}, {{8}}},  // first PAR2 base
        {"chrX", 155805000, "A", {"C"}, {{9}}},  // PAR2
        {"chrX", 155806000, "G", {"T"}, {{9}}},
    };
    return s;
}

struct Call {
    std::vector<int> gt;  // allele indexes, -1 = '.'
    bool phased = false;
    std::optional<int> ps, gq, dp;
    std::optional<std::vector<int>> ad;
};

struct Record {
    std::string chrom;
    long pos = 0;
    std::string ref;
    std::vector<std::string> alts;
    std::string filter = "PASS";
    bool has_gq = false, has_dp = false, has_ad = false, has_ps = false;
    int site = -1;            // index into sites(), -1 = background
    std::vector<Call> calls;  // one per baby (column)
};

struct Baby {
    std::string name;
    std::optional<std::string> reported;  // karyotype as written in a manifest
    int x_class = 0, y_class = 0;
};

enum class Format { vcf_stream, vcfgz_index, bcf_index, bcf_stream };
const char* format_name(Format f) {
    switch (f) {
        case Format::vcf_stream:
            return "VCF streamed";
        case Format::vcfgz_index:
            return "VCF.gz indexed";
        case Format::bcf_index:
            return "BCF indexed";
        case Format::bcf_stream:
            return "BCF streamed";
    }
    return "?";
}

struct GenFile {
    Format format = Format::vcf_stream;
    std::string omitted;   // a chromosome with no record at all ("" = none)
    int y_mode = 0;        // 0: chrY non-PAR records, 1: one chrY PAR record only, 2: no chrY
    bool dense_x = false;  // 600 more chrX calls: 10-16 chrY calls fall under 2% of chrX
    std::vector<Baby> babies;
    std::vector<Record> records;  // sorted
};

Record make_record(std::string chrom, long pos, std::string ref, std::vector<std::string> alts) {
    Record r;
    r.chrom = std::move(chrom);
    r.pos = pos;
    r.ref = std::move(ref);
    r.alts = std::move(alts);
    return r;
}

Call gt_call(std::vector<int> gt) {
    Call c;
    c.gt = std::move(gt);
    return c;
}

int chrom_rank(const std::string& c) {
    if (c == "chrX") return 23;
    if (c == "chrY") return 24;
    return std::stoi(c.substr(3));
}

std::string gt_text(const Call& c) {
    std::string s;
    for (std::size_t i = 0; i < c.gt.size(); ++i) {
        if (i) s += c.phased ? '|' : '/';
        s += c.gt[i] < 0 ? std::string(".") : std::to_string(c.gt[i]);
    }
    return s;
}

template <class T>
std::string opt_text(const std::optional<T>& v) {
    return v ? std::to_string(*v) : std::string(".");
}

std::string sample_text(const Record& r, const Call& c) {
    std::string s = gt_text(c);
    if (r.has_gq) s += ":" + opt_text(c.gq);
    if (r.has_dp) s += ":" + opt_text(c.dp);
    if (r.has_ad) {
        s += ':';
        if (!c.ad) {
            s += '.';
        } else {
            for (std::size_t i = 0; i < c.ad->size(); ++i)
                s += (i ? "," : "") + std::to_string((*c.ad)[i]);
        }
    }
    if (r.has_ps) s += ":" + opt_text(c.ps);
    return s;
}

std::string format_keys(const Record& r) {
    return std::string("GT") + (r.has_gq ? ":GQ" : "") + (r.has_dp ? ":DP" : "") +
           (r.has_ad ? ":AD" : "") + (r.has_ps ? ":PS" : "");
}

std::string vcf_text(const GenFile& f) {
    static const long kLen[] = {248956422, 242193529, 198295559, 190214555, 181538259, 170805979,
                                159345973, 145138636, 138394717, 133797422, 135086622, 133275309,
                                114364328, 107043718, 101991189, 90338345,  83257441,  80373285,
                                58617616,  64444167,  46709983,  50818468};
    std::ostringstream o;
    o << "##fileformat=VCFv4.2\n##FILTER=<ID=PASS,Description=\"All filters passed\">\n"
      << "##FILTER=<ID=LowQual,Description=\"Low quality\">\n";
    for (int i = 0; i < 22; ++i)
        o << "##contig=<ID=chr" << i + 1 << ",length=" << kLen[i] << ">\n";
    o << "##contig=<ID=chrX,length=156040895>\n##contig=<ID=chrY,length=57227415>\n"
      << "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
      << "##FORMAT=<ID=GQ,Number=1,Type=Integer,Description=\"Genotype quality\">\n"
      << "##FORMAT=<ID=DP,Number=1,Type=Integer,Description=\"Read depth\">\n"
      << "##FORMAT=<ID=AD,Number=R,Type=Integer,Description=\"Allelic depths\">\n"
      << "##FORMAT=<ID=PS,Number=1,Type=Integer,Description=\"Phase set\">\n"
      << "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT";
    for (const auto& b : f.babies)
        o << '\t' << b.name;
    o << '\n';
    for (const auto& r : f.records) {
        o << r.chrom << '\t' << r.pos << "\t.\t" << r.ref << '\t';
        for (std::size_t i = 0; i < r.alts.size(); ++i)
            o << (i ? "," : "") << r.alts[i];
        o << "\t50\t" << r.filter << "\t.\t" << format_keys(r);
        for (const auto& c : r.calls)
            o << '\t' << sample_text(r, c);
        o << '\n';
    }
    return o.str();
}

// ==== the generator =========================================================================

struct Gen {
    std::mt19937 rng;
    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); }
    bool chance(int percent) { return pick(100) < percent; }

    std::optional<int> qc_value(int threshold) {
        const int r = pick(10);
        if (r == 0) return std::nullopt;
        if (r == 1) return threshold - 1 + pick(2);  // on the threshold
        if (r == 2) return pick(threshold);
        return threshold + pick(80);
    }

    Call panel_call(const Site& s, bool x_nonpar, bool one_x, bool phased_family) {
        Call c;
        const int n = static_cast<int>(s.alts.size());
        if (!chance(22)) {  // the usual: reference (or missing)
            c.gt = x_nonpar && one_x && chance(50) ? std::vector<int>{0} : std::vector<int>{0, 0};
            if (chance(3)) c.gt.assign(c.gt.size(), -1);
        } else {
            const bool haploid = chance(x_nonpar ? 35 : 8);
            auto allele = [&] {
                const int x = pick(10);
                if (x == 0) return -1;
                if (x <= 2) return 0;
                return 1 + pick(n);
            };
            if (phased_family && !haploid) {
                c.gt = chance(75) ? std::vector<int>{0, 1}
                                  : std::vector<int>{1, 0};  // mostly one haplotype: cis pairs
                if (n == 2 && chance(25)) c.gt = {1, 2};
                c.phased = true;
                c.ps =
                    chance(15) ? std::optional<int>() : std::optional<int>(chance(20) ? 101 : 100);
            } else {
                c.gt.push_back(allele());
                if (!haploid) c.gt.push_back(allele());
                c.phased = !haploid && chance(40);
                if (c.phased && chance(70)) c.ps = 100 + pick(2);
            }
        }
        c.gq = qc_value(20);
        c.dp = qc_value(10);
        if (!chance(10)) {
            std::vector<int> ad(static_cast<std::size_t>(n + 1));
            for (int a = 0; a <= n; ++a) {
                const bool carried = std::count(c.gt.begin(), c.gt.end(), a) > 0;
                ad[static_cast<std::size_t>(a)] = carried ? (chance(15) ? pick(5) : 5 + pick(25))
                                                          : (chance(20) ? pick(30) : pick(3));
            }
            if (n == 1 && chance(5)) ad = {8, 2};  // allele balance exactly 0.2
            if (chance(3)) std::fill(ad.begin(), ad.end(), 0);
            c.ad = ad;
        }
        return c;
    }

    // chrX sex-window genotype for a baby of x_class (0 two X, 1 one X haploid, 2 one X "1/1",
    // 3 ambiguous, 4 too few calls, 5 het ratio near the 0.05 / 0.2 cut-offs).
    Call x_background(int x_class, int k, int edge_hets) {
        Call c;
        const int r = pick(100);
        switch (x_class) {
            case 0:
                c.gt = r < 50   ? std::vector<int>{0, 1}
                       : r < 90 ? std::vector<int>{1, 1}
                                : std::vector<int>{0, 0};
                break;
            case 1:
                c.gt = r < 85 ? std::vector<int>{1} : std::vector<int>{0};
                break;
            case 2:
                c.gt = r < 85 ? std::vector<int>{1, 1} : std::vector<int>{0, 0};
                break;
            case 3:
                c.gt = r < 12 ? std::vector<int>{0, 1} : std::vector<int>{1, 1};
                break;
            case 4:
                c.gt = k < 10 + edge_hets ? std::vector<int>{1, 1} : std::vector<int>{0, 0};
                break;
            default:
                c.gt = k < edge_hets ? std::vector<int>{0, 1}
                       : k < 40      ? std::vector<int>{1, 1}
                                     : std::vector<int>{0, 0};
        }
        if (chance(3)) c.gt = {-1, -1};
        if (chance(2)) c.gt = {1, -1};
        return c;
    }

    GenFile file(int index, int n_babies) {
        GenFile f;
        f.format = static_cast<Format>(index % 4);
        const int om = pick(100);
        f.omitted = om < 80 ? "" : om < 86 ? "chr1" : om < 91 ? "chr2" : om < 96 ? "chr3" : "chrX";
        const int ym = pick(100);
        f.y_mode = ym < 65 ? 0 : ym < 80 ? 1 : 2;
        f.dense_x = index % 10 == 5;
        if (f.dense_x) f.y_mode = 0;
        std::vector<bool> one_x, family;
        std::vector<int> edge(static_cast<std::size_t>(n_babies)), y_count(edge.size());
        for (int b = 0; b < n_babies; ++b) {
            Baby baby;
            baby.name = "BABY" + std::to_string(index) + "_" + std::to_string(b);
            baby.x_class = pick(100) < 30 ? 0 : pick(6);
            baby.y_class = pick(100) < 45 ? 0 : chance(70) ? 1 : 2;  // present, none, a few
            const int x = baby.x_class;
            edge[static_cast<std::size_t>(b)] =
                x == 4 ? pick(12)
                       : std::vector<int>{1, 2, 3, 7, 8, 9}[static_cast<std::size_t>(pick(6))];
            y_count[static_cast<std::size_t>(b)] = baby.y_class == 0   ? 10 + pick(7)
                                                   : baby.y_class == 1 ? 0
                                                                       : 5 + pick(7);
            const int rp = pick(100);
            const bool has_y = baby.y_class == 0;
            static const char* kAll[] = {"XX", "XY", "X0", "XXY", "unknown"};
            if (rp < 30) {
                if (x == 0)
                    baby.reported = has_y ? "XXY" : "XX";
                else if (x == 1 || x == 2)
                    baby.reported = has_y ? "XY" : "X0";
                else
                    baby.reported = kAll[pick(5)];
            } else if (rp < 55) {
                baby.reported = kAll[pick(5)];
            }
            one_x.push_back(x == 1 || x == 2 || x == 3);
            family.push_back(chance(25));
            f.babies.push_back(std::move(baby));
        }
        auto add = [&](Record r) {
            if (r.chrom != f.omitted) f.records.push_back(std::move(r));
        };
        for (int c = 1; c <= 22; ++c) {  // one background call per autosome
            Record r = make_record("chr" + std::to_string(c), 500001, "A", {"G"});
            for (int b = 0; b < n_babies; ++b)
                r.calls.push_back(gt_call({0, 1}));
            add(std::move(r));
        }
        for (int w = 0; w < 15; ++w) {  // chrX sex windows: 100 kb at 5 Mb, 15 Mb, ... 145 Mb
            for (int k = 0; k < 3; ++k) {
                Record r = make_record("chrX", (5 + 10L * w) * 1000000 + 1 + k * 30000, "A", {"G"});
                for (int b = 0; b < n_babies; ++b)
                    r.calls.push_back(x_background(f.babies[static_cast<std::size_t>(b)].x_class,
                                                   w * 3 + k, edge[static_cast<std::size_t>(b)]));
                add(std::move(r));
            }
        }
        for (int k = 0; k < 10; ++k) {  // chrX non-PAR outside the windows and genes: not evidence
            Record r = make_record("chrX", 70000001 + k * 1000, "A", {"G"});
            for (int b = 0; b < n_babies; ++b)
                r.calls.push_back(gt_call({0, 1}));
            add(std::move(r));
        }
        for (int w = 0; f.dense_x && w < 15; ++w) {
            for (int k = 0; k < 40; ++k) {
                Record r =
                    make_record("chrX", (5 + 10L * w) * 1000000 + 50001 + k * 1000, "A", {"G"});
                for (int b = 0; b < n_babies; ++b)
                    r.calls.push_back(x_background(f.babies[static_cast<std::size_t>(b)].x_class,
                                                   100, edge[static_cast<std::size_t>(b)]));
                add(std::move(r));
            }
        }
        if (f.y_mode == 0) {
            for (int k = 0; k < 16; ++k) {
                // Half in the SRY-ZFY window, half in AZFa (docs/rules.md rule 5).
                const long pos = k < 8 ? 2800001L + k * 20000L : 12800001L + (k - 8) * 100000L;
                Record r = make_record("chrY", pos, "C", {"T"});
                for (int b = 0; b < n_babies; ++b) {
                    Call c;
                    c.gt = k < y_count[static_cast<std::size_t>(b)] ? std::vector<int>{1}
                           : chance(50)                             ? std::vector<int>{0}
                                                                    : std::vector<int>{-1};
                    r.calls.push_back(c);
                }
                add(std::move(r));
            }
            // chrY outside the windows (the TSPY array, ampliconic): a call there is no evidence.
            Record r = make_record("chrY", 9400001, "C", {"T"});
            for (int b = 0; b < n_babies; ++b)
                r.calls.push_back(gt_call({1}));
            add(std::move(r));
        } else if (f.y_mode == 1) {
            Record r =
                make_record("chrY", 100001, "C", {"T"});  // PAR1 of chrY: a chrY record, no Y call
            for (int b = 0; b < n_babies; ++b)
                r.calls.push_back(gt_call({0, 1}));
            add(std::move(r));
        }
        for (int s = 0; s < static_cast<int>(sites().size()); ++s) {
            const Site& site = sites()[static_cast<std::size_t>(s)];
            Record r = make_record(site.chrom, site.pos, site.ref, site.alts);
            r.site = s;
            const int fr = pick(100);
            r.filter = fr < 60 ? "PASS" : fr < 85 ? "." : "LowQual";
            r.has_gq = chance(85);
            r.has_dp = chance(85);
            r.has_ad = chance(85);
            r.has_ps = chance(60);
            const bool xnp = site.chrom == std::string("chrX") &&
                             !((site.pos >= 10001 && site.pos <= 2781479) ||
                               (site.pos >= 155701383 && site.pos <= 156030895));
            for (int b = 0; b < n_babies; ++b) {
                Call c = panel_call(site, xnp, one_x[static_cast<std::size_t>(b)],
                                    family[static_cast<std::size_t>(b)]);
                if (!r.has_gq) c.gq.reset();
                if (!r.has_dp) c.dp.reset();
                if (!r.has_ad) c.ad.reset();
                if (!r.has_ps) c.ps.reset();
                r.calls.push_back(std::move(c));
            }
            add(std::move(r));
        }
        std::sort(f.records.begin(), f.records.end(), [](const Record& a, const Record& b) {
            return std::make_pair(chrom_rank(a.chrom), a.pos) <
                   std::make_pair(chrom_rank(b.chrom), b.pos);
        });
        return f;
    }
};

// ==== the reference model, from docs/rules.md (no engine code) ==============================

bool m_par(const std::string& chrom, long pos) {  // GRCh38 PAR1 and PAR2 of chrX
    return chrom == "chrX" &&
           ((pos >= 10001 && pos <= 2781479) || (pos >= 155701383 && pos <= 156030895));
}
bool m_x_nonpar(const std::string& chrom, long pos) {
    return chrom == "chrX" && !m_par(chrom, pos);
}
// Section 5: chrY evidence only in the seven windows of the X-degenerate genes.
bool m_y_nonpar(const std::string& chrom, long pos) {
    static const long w[][2] = {{2781480, 2982506},   {6865918, 7091683},   {12701231, 13706024},
                                {14524529, 14845654}, {19703865, 19744726}, {20575776, 20593154},
                                {20756108, 20781032}};
    if (chrom != "chrY") return false;
    for (const auto& x : w)
        if (pos >= x[0] && pos <= x[1]) return true;
    return false;
}
// Section 5: sex is read from the chrX windows 5.0-5.1 Mb, 15.0-15.1 Mb, ... 145.0-145.1 Mb, any
// panel gene there (genes.tsv span +- gene_padding_bp 2000) and the chrY windows.
bool m_sex_evidence_region(const std::string& chrom, long pos) {
    if (m_y_nonpar(chrom, pos)) return true;
    if (!m_x_nonpar(chrom, pos)) return false;
    for (long mb = 5; mb <= 145; mb += 10)
        if (pos > mb * 1000000 && pos <= mb * 1000000 + 100000) return true;
    for (const auto& e : kEntries)
        if (chrom == e.chrom && pos >= e.start - 2000 && pos <= e.end + 2000) return true;
    return false;
}

struct Outcome {
    std::string status;
    std::set<std::string> findings;        // condition|gene|zygosity|phase
    std::set<std::string> not_assessable;  // condition|gene
    std::string sex_used;
    bool operator==(const Outcome&) const = default;
};

std::string outcome_text(const Outcome& o) {
    std::string s = "status " + o.status + ", sex used " + o.sex_used + "\n    findings:";
    for (const auto& f : o.findings)
        s += " [" + f + "]";
    s += "\n    not assessable:";
    for (const auto& n : o.not_assessable)
        s += " [" + n + "]";
    return s;
}

struct ModelAllele {
    int record = 0;
    int copies = 0;
    bool hom = false;
    bool phased = false;
    std::optional<int> ps;
    int haplotype = -1;
    bool x_nonpar = false;
};

using Counters = std::map<std::string, int>;

Outcome model(const GenFile& f, std::size_t b, Counters& n) {
    Outcome out;
    std::set<std::string> contigs;
    long x_calls = 0, x_het = 0, y_calls = 0;
    for (const auto& r : f.records) {
        contigs.insert(r.chrom);
        const auto& gt = r.calls[b].gt;
        const bool missing = std::count(gt.begin(), gt.end(), -1) > 0;
        const bool alt = std::any_of(gt.begin(), gt.end(), [](int a) { return a > 0; });
        if (gt.empty() || missing || !alt) continue;  // only complete non-reference genotypes
        if (!m_sex_evidence_region(r.chrom, r.pos)) continue;
        if (m_x_nonpar(r.chrom, r.pos)) {
            ++x_calls;
            if (gt.size() >= 2 && gt[0] != gt[1]) ++x_het;
        } else if (m_y_nonpar(r.chrom, r.pos)) {
            ++y_calls;
        }
    }
    // Section 5: sex karyotype.
    const bool y_called = contigs.count("chrY") != 0;
    // Present with >= 10 calls that are >= 2% of the chrX calls; absent only with none; a few
    // decide nothing (not assessed).
    const std::string y = !y_called ? "not_assessed"
                          : (y_calls >= 10 && static_cast<double>(y_calls) >= 0.02 * x_calls)
                              ? "present"
                          : y_calls == 0 ? "absent"
                                         : "not_assessed";
    if (y_called && y_calls >= 10 && y == "not_assessed")
        ++n["y undecided: >= 10 chrY calls but < 2% of chrX calls"];
    if (y_called && y_calls > 0 && y_calls < 10) ++n["y undecided: 1-9 chrY calls"];
    int x_copies = 0;
    if (x_calls >= 20) {
        const double ratio = static_cast<double>(x_het) / static_cast<double>(x_calls);
        x_copies = ratio >= 0.2 ? 2 : ratio <= 0.05 ? 1 : 0;
    }
    std::string inferred = "unknown";
    if (x_copies == 2) inferred = y == "present" ? "XXY" : "XX";
    if (x_copies == 1 && y != "not_assessed") inferred = y == "present" ? "XY" : "X0";
    const auto& rep = f.babies[b].reported;
    const bool rep_known = rep && *rep != "unknown";
    // Two X without chrY evidence cannot tell XX from XXY: a reported XXY agrees (and is used).
    const bool xxy_fits = inferred == "XX" && y == "not_assessed" && rep_known && *rep == "XXY";
    const bool discordant = inferred != "unknown" && rep_known && *rep != inferred && !xxy_fits;
    std::string used = inferred != "unknown" ? (xxy_fits ? "XXY" : inferred)
                       : rep_known           ? *rep
                                             : "unknown";
    out.sex_used = used;
    const bool hemi = used == "XY" || used == "X0";
    ++n["inferred " + inferred];
    ++n["y " + y];
    ++n[std::string("used from ") + (inferred != "unknown" ? "inferred"
                                     : rep_known           ? "reported"
                                                           : "none")];
    if (discordant) ++n["sex discordant"];
    if (xxy_fits) ++n["reported XXY fits XX without chrY"];

    // Section 3: split and genotype QC; section 2: the include list qualifies.
    std::vector<std::vector<ModelAllele>> pass(kNumEntries);
    std::vector<bool> failed(kNumEntries, false);
    for (int ri = 0; ri < static_cast<int>(f.records.size()); ++ri) {
        const Record& r = f.records[static_cast<std::size_t>(ri)];
        if (r.site < 0) continue;
        const Site& site = sites()[static_cast<std::size_t>(r.site)];
        const Call& c = r.calls[b];
        const bool missing = std::count(c.gt.begin(), c.gt.end(), -1) > 0;
        for (int alt = 1; alt <= static_cast<int>(r.alts.size()); ++alt) {
            ModelAllele m;
            m.record = ri;
            m.copies = static_cast<int>(std::count(c.gt.begin(), c.gt.end(), alt));
            const auto& entries = site.entries[static_cast<std::size_t>(alt - 1)];
            if (m.copies == 0 || entries.empty()) continue;
            m.hom = !missing && m.copies == static_cast<int>(c.gt.size());
            m.phased = c.phased && !missing && c.gt.size() > 1;
            if (m.phased) {
                m.ps = c.ps;
                for (int h = 0; h < static_cast<int>(c.gt.size()); ++h)
                    if (c.gt[static_cast<std::size_t>(h)] == alt) m.haplotype = h;
            }
            m.x_nonpar = m_x_nonpar(r.chrom, r.pos);
            bool qc = r.filter == "PASS" || r.filter == ".";
            if (!qc) ++n["qc fail FILTER"];
            if (c.gq && *c.gq < 20) qc = false, ++n["qc fail GQ"];
            if (c.dp && *c.dp < 10) qc = false, ++n["qc fail DP"];
            if (!c.gq) ++n["GQ missing"];
            if (!c.dp) ++n["DP missing"];
            if (!c.ad) ++n["AD missing"];
            if (c.ad) {
                int total = 0;
                for (int d : *c.ad)
                    total += d;
                if (total > 0) {
                    const double ab =
                        static_cast<double>((*c.ad)[static_cast<std::size_t>(alt)]) / total;
                    if (ab < 0.2) qc = false, ++n["qc fail allele balance"];
                    if (qc && m.hom && ab < 0.8) ++n["hom call passing with allele balance < 0.8"];
                    if (qc && ab == 0.2) ++n["allele balance exactly 0.2 passes"];
                }
            }
            if (c.gt.size() == 1) ++n["haploid qualifying call"];
            if (r.filter == ".") ++n["FILTER . qualifying call"];
            for (int e : entries) {
                if (qc)
                    pass[static_cast<std::size_t>(e)].push_back(m);
                else
                    failed[static_cast<std::size_t>(e)] = true;
            }
        }
    }

    // Section 4: inheritance, per (condition, gene) entry.
    for (int e = 0; e < kNumEntries; ++e) {
        const ModelEntry& entry = kEntries[e];
        const auto& al = pass[static_cast<std::size_t>(e)];
        std::string zyg, phase = "n/a";
        if (!al.empty()) {
            if (entry.moi == Moi_::mono || entry.moi == Moi_::xmono) {
                // docs/rules.md rule 4: the strongest qualifying allele names the zygosity
                // (hemizygous > homozygous > heterozygous), whatever the file order.
                int best = 0;
                for (const ModelAllele& a : al)
                    best = std::max(best, !a.hom ? 0 : a.x_nonpar && hemi ? 2 : 1);
                zyg = best == 2 ? "hemizygous" : best == 1 ? "homozygous" : "heterozygous";
            } else if (entry.moi == Moi_::xbi && hemi &&
                       std::any_of(al.begin(), al.end(),
                                   [](const ModelAllele& a) { return a.x_nonpar; })) {
                zyg = "hemizygous";
            } else if (std::any_of(al.begin(), al.end(),
                                   [](const ModelAllele& a) { return a.hom; })) {
                zyg = "homozygous";
            } else if (al.size() >= 2) {
                bool trans = false, unknown = false;
                for (std::size_t i = 0; i < al.size(); ++i)
                    for (std::size_t j = i + 1; j < al.size(); ++j) {
                        if (al[i].record == al[j].record) {
                            trans = true;  // two ALTs of one diploid call
                            ++n["two ALTs of one record (trans)"];
                        } else if (al[i].phased && al[j].phased && al[i].ps == al[j].ps) {
                            trans = trans || al[i].haplotype != al[j].haplotype;
                        } else {
                            unknown = true;
                        }
                    }
                if (trans || unknown) {
                    zyg = "compound_heterozygous";
                    phase = trans ? "trans" : "unknown";
                } else {
                    ++n["pair in cis (not reported)"];
                }
            } else {
                ++n["carrier (not reported)"];
            }
        }
        const std::string key = std::string(entry.condition) + "|" + entry.gene;
        if (!zyg.empty()) {
            out.findings.insert(key + "|" + zyg + "|" + phase);
            ++n["finding " + zyg + " " + phase];
            ++n["finding in " + std::string(entry.gene)];
            if (zyg == "hemizygous") ++n["hemizygous finding in " + std::string(entry.gene)];
            continue;
        }
        if (failed[static_cast<std::size_t>(e)]) {
            out.not_assessable.insert(key);
            ++n["not assessable: failed QC"];
        }
        if (contigs.count(entry.chrom) == 0) {
            out.not_assessable.insert(key);
            ++n["not assessable: no record on the chromosome"];
        }
    }
    out.status = discordant                    ? "sample_failed_qc"
                 : !out.findings.empty()       ? "prioritised_for_review"
                 : !out.not_assessable.empty() ? "incomplete"
                                               : "no_condition_suspected";
    ++n["status " + out.status];
    return out;
}

// ==== the engine ============================================================================

Outcome engine_outcome(const BabyResult& r) {
    Outcome o;
    o.status = std::string(to_string(r.status));
    o.sex_used = std::string(to_string(r.sex.used));
    for (const auto& f : r.findings)
        o.findings.insert(f.condition_id + "|" + f.gene + "|" + f.outcome.zygosity + "|" +
                          std::string(to_string(f.outcome.phase)));
    for (const auto& na : r.not_assessable)
        o.not_assessable.insert(na.condition_id + "|" + na.gene);
    return o;
}

std::string describe(const GenFile& f, std::size_t b, const std::string& path) {
    std::ostringstream s;
    const Baby& baby = f.babies[b];
    s << "  file " << path << " (" << format_name(f.format) << ", " << f.babies.size()
      << " samples), baby " << baby.name << " in column " << b + 1 << ", reported sex "
      << baby.reported.value_or("(none)")
      << "\n  omitted chromosome: " << (f.omitted.empty() ? "none" : f.omitted)
      << ", chrY records: "
      << (f.y_mode == 0   ? "non-PAR"
          : f.y_mode == 1 ? "one PAR record only"
                          : "none")
      << "\n";
    std::map<std::string, std::string> background;
    for (const auto& r : f.records) {
        const Call& c = r.calls[b];
        if (r.site < 0) {
            background[r.chrom.rfind("chrX", 0) == 0 || r.chrom == "chrY" ? r.chrom
                                                                          : "autosomes"] +=
                " " + (r.chrom == "chrX" || r.chrom == "chrY" ? gt_text(c) : r.chrom);
            continue;
        }
        s << "  " << r.chrom << '\t' << r.pos << '\t' << r.ref << '\t';
        for (std::size_t i = 0; i < r.alts.size(); ++i)
            s << (i ? "," : "") << r.alts[i];
        s << '\t' << r.filter << '\t' << format_keys(r) << '\t' << sample_text(r, c) << '\n';
    }
    for (const auto& [chrom, gts] : background)
        s << "  background " << chrom << ":" << gts << '\n';
    return s.str();
}

std::string engine_detail(const BabyResult& r) {
    std::ostringstream s;
    s << "  engine sex: inferred " << to_string(r.sex.inferred.karyotype) << " ("
      << r.sex.inferred.reason << "), x calls " << r.sex.evidence.x_nonpar_calls << " het "
      << r.sex.evidence.x_nonpar_het << ", y calls " << r.sex.evidence.y_nonpar_calls << ", used "
      << to_string(r.sex.used) << " (" << r.sex.used_source << ")\n";
    for (const auto& na : r.not_assessable)
        s << "  not assessable " << na.gene << ": " << na.reason << '\n';
    for (const auto& q : r.qc.failures)
        s << "  qc failure " << q << '\n';
    return s.str();
}

TEST(EndToEndProperty, ScreenBabyMatchesReferenceModelOnRealFiles) {
    // Fixed, printed; NBS_PROPERTY_SEED=<n> replays another seed.
    const char* seed_env = std::getenv("NBS_PROPERTY_SEED");
    const unsigned kSeed =
        seed_env != nullptr ? static_cast<unsigned>(std::stoul(seed_env)) : 20261202U;
    constexpr int kFiles = 160, kBabies = 64;  // 10,240 babies
    std::cout << "[ seed ] " << kSeed << " (" << kFiles << " files x " << kBabies << " babies)\n";
    RecordProperty("seed", static_cast<int>(kSeed));
    const auto t0 = std::chrono::steady_clock::now();
    const Panel panel = load_panel(test::data_path("rules/panel_par"));
    const ScreenPlan plan(panel);
    const auto dir = test::test_scratch();
    Gen gen{std::mt19937(kSeed)};
    Counters n;
    int mismatches = 0, screened = 0;
    for (int fi = 0; fi < kFiles && mismatches < 5; ++fi) {
        const GenFile f = gen.file(fi, kBabies);
        const std::string stem = "f" + std::to_string(fi);
        std::filesystem::path path = dir / (stem + ".vcf");
        bool use_index = false;
        if (f.format == Format::vcf_stream) {
            std::ofstream(path, std::ios::binary) << vcf_text(f);
        } else {
            const auto formats = test::write_formats(dir, stem, vcf_text(f));
            ASSERT_TRUE(formats);
            path = f.format == Format::vcfgz_index ? formats->vcf_gz : formats->bcf;
            use_index = f.format != Format::bcf_stream;
        }
        ++n[std::string("file ") + format_name(f.format)];
        for (std::size_t b = 0; b < f.babies.size() && mismatches < 5; ++b) {
            const Outcome want = model(f, b, n);
            BabyInput in;
            in.sample_id = f.babies[b].name;
            in.vcf = path.string();
            in.vcf_sample = f.babies[b].name;
            if (f.babies[b].reported) in.reported_sex = parse_karyotype(*f.babies[b].reported);
            ScreenOptions opt;
            opt.use_index = use_index;
            BabyResult r;
            try {
                r = screen_baby(plan, in, opt);
            } catch (const std::exception& e) {
                ADD_FAILURE() << "screen_baby threw: " << e.what() << "\n"
                              << describe(f, b, path.string());
                ++mismatches;
                continue;
            }
            ++screened;
            EXPECT_EQ(r.input.access, use_index ? "indexed" : "streaming");
            const Outcome got = engine_outcome(r);
            if (!(got == want)) {
                ++mismatches;
                ADD_FAILURE() << "mismatch (seed " << kSeed << ", file " << fi << ", baby " << b
                              << ")\n  model:  " << outcome_text(want)
                              << "\n  engine: " << outcome_text(got) << "\n"
                              << engine_detail(r) << describe(f, b, path.string());
            }
        }
        if (mismatches == 0) {
            for (const char* ext : {".vcf", ".vcf.gz", ".vcf.gz.tbi", ".bcf", ".bcf.csi"})
                std::filesystem::remove(dir / (stem + ext));
        }
    }
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cout << "[ mix ] " << screened << " babies screened in " << secs << " s\n";
    for (const auto& [k, v] : n)
        std::cout << "  " << k << ": " << v << "\n";
    EXPECT_GE(screened, 10000);
    // Every kind of case must have been generated, or the comparison proves little.
    const std::pair<const char*, int> minimum[] = {
        {"file VCF streamed", 15},
        {"file VCF.gz indexed", 15},
        {"file BCF indexed", 15},
        {"file BCF streamed", 15},
        {"status no_condition_suspected", 500},
        {"status prioritised_for_review", 500},
        {"status incomplete", 300},
        {"status sample_failed_qc", 300},
        {"inferred XX", 300},
        {"inferred XY", 300},
        {"inferred X0", 300},
        {"inferred XXY", 200},
        {"inferred unknown", 300},
        {"y undecided: >= 10 chrY calls but < 2% of chrX calls", 50},
        {"y undecided: 1-9 chrY calls", 100},
        {"y present", 500},
        {"y absent", 500},
        {"y not_assessed", 500},
        {"used from inferred", 500},
        {"used from reported", 200},
        {"used from none", 200},
        {"sex discordant", 300},
        {"reported XXY fits XX without chrY", 20},
        {"qc fail FILTER", 300},
        {"qc fail GQ", 300},
        {"qc fail DP", 300},
        {"qc fail allele balance", 300},
        {"hom call passing with allele balance < 0.8", 50},
        {"allele balance exactly 0.2 passes", 20},
        {"GQ missing", 300},
        {"DP missing", 300},
        {"AD missing", 300},
        {"FILTER . qualifying call", 300},
        {"haploid qualifying call", 300},
        {"finding heterozygous n/a", 300},
        {"finding homozygous n/a", 300},
        {"finding hemizygous n/a", 300},
        {"finding compound_heterozygous trans", 100},
        {"finding compound_heterozygous unknown", 100},
        {"pair in cis (not reported)", 20},
        {"two ALTs of one record (trans)", 50},
        {"carrier (not reported)", 300},
        {"not assessable: failed QC", 300},
        {"not assessable: no record on the chromosome", 300},
        {"hemizygous finding in P1XDGENE", 30},
        {"hemizygous finding in P2XRGENE", 30},
        {"finding in P2ARGENE", 50},
        {"finding in PARGENE", 50},
        {"finding in P1XDGENE", 100},
    };
    for (const auto& [key, min] : minimum)
        EXPECT_GE(n[key], min) << "too few cases of kind: " << key;
}

}  // namespace
}  // namespace nbs
