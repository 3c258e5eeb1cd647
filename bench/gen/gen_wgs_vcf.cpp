// gen_wgs_vcf: a seeded generator of realistic, full-size GRCh38 whole-genome VCFs for nbscreen
// benchmarks (one 30x genome, or a cohort of N samples over a region subset).
//
// Self-contained C++17/20, standard library only:
//   g++ -O2 -std=c++20 -o gen_wgs_vcf gen_wgs_vcf.cpp
//   gen_wgs_vcf [options] > genome.vcf          (see --help, and bench/gen/README.md)
//
// What is realistic and what is not:
//   * Contigs chr1-22, X, Y, M with their real GRCh38 lengths. Records are spread over each
//     contig in proportion to its callable length (telomeres, acrocentric p-arms, centromeres and
//     the large heterochromatin blocks are left empty; those spans are approximate, +-1 Mb).
//   * About 1 record per 600 bp on autosomes for the default 4.8 M records, fewer on chrX in a
//     male (haploid outside the PARs, half depth), few on chrY, none on chrY in a female.
//   * ~85% SNVs (Ts/Tv ~2.0), ~15% short indels (1-10 bp, geometric, mostly 1 bp; VCF shape with
//     the anchor base), ~1.5% multi-allelic records (two ALT alleles; GT 1/2 most of the time).
//   * Het:hom-alt ~1.6 in a single genome. FORMAT GT:AD:DP:GQ:PL with DP ~ Poisson(30), AD
//     consistent with GT, PL from a binomial read-error model (n(n+1)/2 values when diploid, n when
//     haploid), GQ = second-smallest PL capped at 99, and GT the PL minimum.
//   * REF bases are NOT the GRCh38 sequence: there is no reference here, so REF is drawn from a
//     seeded RNG (41% GC). ALT always differs from REF. `bcftools norm --check-ref` would fail.
//   * Multi-sample files: a per-site allele frequency from a neutral site-frequency spectrum
//     (density ~ 1/f, f in [1e-4, 0.99]); each sample's haplotypes are drawn independently, so
//     most samples are 0/0 and a site is written only when at least one sample carries an ALT.
//     The candidate-site rate is scaled so that each sample has the single-genome density.
//   * Output is byte-identical for identical arguments (all randomness comes from --seed; each
//     site's content is keyed by (seed, contig, position), so a --regions subset of a file holds
//     the same records as the corresponding part of the whole-genome file with the same options).
//
// Spiked panel variants (--spike FILE): TSV columns chrom, pos, ref, alt, genotype[, samples]
// (samples: 1-based indices, comma-separated; default 1). Each spike is written at its position
// with a good-quality call, replacing any generated record that overlaps it.

#include <algorithm>
#include <array>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

constexpr const char* kVersion = "1.0";

[[noreturn]] void usage_error(const std::string& msg) {
    std::fprintf(stderr, "[gen_wgs_vcf] error: %s (try --help)\n", msg.c_str());
    std::exit(2);
}

[[noreturn]] void fatal(const std::string& msg) {
    std::fprintf(stderr, "[gen_wgs_vcf] error: %s\n", msg.c_str());
    std::exit(1);
}

bool g_quiet = false;

void note(const std::string& msg) {
    if (!g_quiet) std::fprintf(stderr, "[gen_wgs_vcf] %s\n", msg.c_str());
}

// ---------------------------------------------------------------------------------------------
// Random numbers: splitmix64 for seeding, xoshiro256** for streams.

inline uint64_t splitmix64(uint64_t& x) {
    uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

inline uint64_t mix_key(uint64_t a, uint64_t b, uint64_t c) {
    uint64_t x = a * 0x9E3779B97F4A7C15ULL;
    uint64_t h = splitmix64(x);
    x = h ^ (b * 0xD1B54A32D192ED03ULL);
    h = splitmix64(x);
    x = h ^ (c * 0xAEF17502108EF2D9ULL);
    return splitmix64(x);
}

class Rng {
  public:
    explicit Rng(uint64_t seed) { reseed(seed); }
    void reseed(uint64_t seed) {
        uint64_t x = seed;
        for (auto& s : s_)
            s = splitmix64(x);
        have_normal_ = false;
    }
    uint64_t next() {
        const uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }
    // Uniform in [0, 1).
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    // Uniform integer in [0, n).
    uint32_t below(uint32_t n) {
        return static_cast<uint32_t>(((next() >> 32) * static_cast<uint64_t>(n)) >> 32);
    }
    double normal() {
        if (have_normal_) {
            have_normal_ = false;
            return spare_;
        }
        double u1 = uniform(), u2 = uniform();
        if (u1 < 1e-300) u1 = 1e-300;
        const double r = std::sqrt(-2.0 * std::log(u1));
        spare_ = r * std::sin(2.0 * M_PI * u2);
        have_normal_ = true;
        return r * std::cos(2.0 * M_PI * u2);
    }
    double exponential(double mean) { return -mean * std::log1p(-uniform()); }

  private:
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    uint64_t s_[4];
    double spare_ = 0;
    bool have_normal_ = false;
};

// ---------------------------------------------------------------------------------------------
// GRCh38 primary assembly.

struct ContigDef {
    const char* name;
    int64_t length;
};

constexpr ContigDef kContigs[] = {
    {"chr1", 248956422},  {"chr2", 242193529},  {"chr3", 198295559},  {"chr4", 190214555},
    {"chr5", 181538259},  {"chr6", 170805979},  {"chr7", 159345973},  {"chr8", 145138636},
    {"chr9", 138394717},  {"chr10", 133797422}, {"chr11", 135086622}, {"chr12", 133275309},
    {"chr13", 114364328}, {"chr14", 107043718}, {"chr15", 101991189}, {"chr16", 90338345},
    {"chr17", 83257441},  {"chr18", 80373285},  {"chr19", 58617616},  {"chr20", 64444167},
    {"chr21", 46709983},  {"chr22", 50818468},  {"chrX", 156040895},  {"chrY", 57227415},
    {"chrM", 16569},
};
constexpr int kNumContigs = sizeof(kContigs) / sizeof(kContigs[0]);
constexpr int kChrX = 22, kChrY = 23, kChrM = 24;

// PARs on chrX (GRCh38, 1-based inclusive). Calls in the PARs are diploid in both sexes; the chrY
// copies of the PARs are masked in analysis sets, so nothing is generated there.
constexpr int64_t kPar1Start = 10001, kPar1End = 2781479;
constexpr int64_t kPar2Start = 155701383, kPar2End = 156030895;
// chrY: X-degenerate/ampliconic euchromatin between PAR1 and the Yq12 heterochromatin.
constexpr int64_t kYStart = 2781480, kYEnd = 26600000;

// Spans left without generated records (approximate, rounded to 0.1 Mb from the UCSC hg38
// cytoband acen/gvar/stalk bands and the acrocentric short arms).
struct GapDef {
    int contig;
    int64_t start, end;
};
constexpr GapDef kGaps[] = {
    {0, 121700000, 125100000}, {0, 125100000, 143200000},  // chr1 centromere, 1q12
    {1, 91800000, 96000000},   {2, 90500000, 93700000},   {3, 49700000, 51800000},
    {4, 46500000, 50100000},   {5, 58500000, 59800000},   {6, 58100000, 61000000},
    {7, 44000000, 45900000},   {8, 43000000, 45500000},   {8, 45500000, 61500000},  // 9q12
    {9, 39600000, 41600000},   {10, 51100000, 54400000},  {11, 34700000, 37200000},
    {12, 1, 16000000},         {12, 16000000, 18100000},  // chr13 p-arm, centromere
    {13, 1, 16000000},         {13, 16000000, 18200000},  // chr14
    {14, 1, 17000000},         {14, 17000000, 19700000},  // chr15
    {15, 36300000, 38300000},  {15, 38300000, 46400000},  // chr16 centromere, 16q11.2
    {16, 22700000, 26900000},  {17, 15400000, 20900000},  {18, 24400000, 27200000},
    {19, 25600000, 30400000},  {20, 1, 5000000},          {20, 10900000, 13000000},  // chr21
    {21, 1, 10500000},         {21, 12900000, 15100000},  // chr22 p-arm, centromere
    {22, 58100000, 61000000},                             // chrX centromere
};

enum class Zone { kAutosome, kPar, kXNonPar, kY, kM };

enum class Sex { kXX, kXY };

struct Segment {
    int64_t start, end;  // 1-based inclusive
    Zone zone;
};

// Callable segments of a contig, in order.
std::vector<Segment> build_segments(int ci) {
    std::vector<Segment> out;
    const int64_t len = kContigs[ci].length;
    if (ci == kChrM) return {{1, len, Zone::kM}};
    if (ci == kChrY) return {{kYStart, kYEnd, Zone::kY}};
    std::vector<std::pair<int64_t, int64_t>> spans = {{10001, len - 10000}};
    for (const auto& g : kGaps) {
        if (g.contig != ci) continue;
        std::vector<std::pair<int64_t, int64_t>> next;
        for (auto [s, e] : spans) {
            if (g.end < s || g.start > e) {
                next.push_back({s, e});
                continue;
            }
            if (g.start > s) next.push_back({s, g.start - 1});
            if (g.end < e) next.push_back({g.end + 1, e});
        }
        spans = std::move(next);
    }
    for (auto [s, e] : spans) {
        if (ci != kChrX) {
            out.push_back({s, e, Zone::kAutosome});
            continue;
        }
        // Split chrX spans at the PAR boundaries.
        const int64_t cuts[][3] = {{kPar1Start, kPar1End, 1},
                                   {kPar1End + 1, kPar2Start - 1, 0},
                                   {kPar2Start, kPar2End, 1}};
        for (const auto& c : cuts) {
            const int64_t a = std::max(s, c[0]), b = std::min(e, c[1]);
            if (a <= b) out.push_back({a, b, c[2] ? Zone::kPar : Zone::kXNonPar});
        }
    }
    return out;
}

// Variant density of one genome in a zone, relative to the autosomes.
double genome_density_factor(Zone z, Sex sex) {
    switch (z) {
        case Zone::kAutosome:
        case Zone::kPar:
            return 1.0;
        case Zone::kXNonPar:
            return sex == Sex::kXY ? 0.45 : 0.75;
        case Zone::kY:
            return sex == Sex::kXY ? 0.35 : 0.0;
        case Zone::kM:
            return 1.3;
    }
    return 1.0;
}

int zone_ploidy(Zone z, Sex sex) {
    switch (z) {
        case Zone::kAutosome:
        case Zone::kPar:
            return 2;
        case Zone::kXNonPar:
            return sex == Sex::kXY ? 1 : 2;
        case Zone::kY:
            return sex == Sex::kXY ? 1 : 0;
        case Zone::kM:
            return 1;
    }
    return 2;
}

// Mean depth relative to the autosomes (30x): single-copy X/Y in a male get half, chrM ~100x more.
double zone_depth_factor(Zone z, Sex sex) {
    switch (z) {
        case Zone::kXNonPar:
        case Zone::kY:
            return sex == Sex::kXY ? 0.5 : 1.0;
        case Zone::kM:
            return 100.0;
        default:
            return 1.0;
    }
}

// ---------------------------------------------------------------------------------------------
// Output buffer with fast integer / fixed-point formatting.

class OutBuf {
  public:
    explicit OutBuf(FILE* f) : f_(f) { data_.resize(kCap + kSlack); }
    ~OutBuf() { flush(); }
    void reserve(size_t n) {
        if (n_ + n > data_.size()) data_.resize(std::max(data_.size() * 2, n_ + n + kSlack));
    }
    void maybe_flush() {
        if (n_ >= kCap) flush();
    }
    void flush() {
        if (!f_) return;
        if (n_ && std::fwrite(data_.data(), 1, n_, f_) != n_) fatal("write failed (disk full?)");
        n_ = 0;
    }
    void put(char c) {
        reserve(1);
        data_[n_++] = c;
    }
    void put(std::string_view s) {
        reserve(s.size());
        std::memcpy(data_.data() + n_, s.data(), s.size());
        n_ += s.size();
    }
    void put_int(int64_t v) {
        reserve(24);
        char tmp[24];
        int k = 0;
        const bool neg = v < 0;
        uint64_t u = neg ? static_cast<uint64_t>(-(v + 1)) + 1 : static_cast<uint64_t>(v);
        do {
            tmp[k++] = static_cast<char>('0' + u % 10);
            u /= 10;
        } while (u);
        if (neg) data_[n_++] = '-';
        while (k)
            data_[n_++] = tmp[--k];
    }
    // Fixed-point with `decimals` digits (0 < decimals <= 6), like printf("%.*f").
    void put_fixed(double v, int decimals) {
        static constexpr int64_t kPow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
        const int64_t scale = kPow10[decimals];
        int64_t r = std::llround(std::fabs(v) * static_cast<double>(scale));
        if (v < 0 && r != 0) put('-');
        put_int(r / scale);
        put('.');
        int64_t frac = r % scale;
        char tmp[8];
        for (int i = decimals - 1; i >= 0; --i) {
            tmp[i] = static_cast<char>('0' + frac % 10);
            frac /= 10;
        }
        put(std::string_view(tmp, decimals));
    }
    size_t size() const { return n_; }
    const char* data() const { return data_.data(); }
    void clear() { n_ = 0; }

  private:
    static constexpr size_t kCap = 8u << 20;
    static constexpr size_t kSlack = 1u << 16;
    FILE* f_;
    std::vector<char> data_;
    size_t n_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Samplers with precomputed tables.

class Poisson {
  public:
    int draw(double lambda, Rng& r) {
        if (lambda <= 0) return 0;
        if (lambda > kMaxTable) {
            const double v = lambda + std::sqrt(lambda) * r.normal();
            return v < 0 ? 0 : static_cast<int>(std::lround(v));
        }
        const int L = std::max(1, static_cast<int>(lambda + 0.5));
        const Table& t = table(L);
        const double u = r.uniform();
        // Start from the guide entry for u, then walk up: one or two steps on average.
        int k = t.guide[static_cast<size_t>(u * kGuide)];
        while (t.cdf[static_cast<size_t>(k)] <= u)
            ++k;
        return k;
    }

  private:
    static constexpr int kMaxTable = 400;
    static constexpr int kGuide = 256;
    struct Table {
        std::vector<double> cdf;
        std::vector<int> guide;  // guide[j] = first k with cdf[k] > j / kGuide
    };
    const Table& table(int L) {
        if (tables_.empty()) tables_.resize(kMaxTable + 1);
        Table& tab = tables_[L];
        if (tab.cdf.empty()) {
            auto& t = tab.cdf;
            const int kmax = L + static_cast<int>(12 * std::sqrt(static_cast<double>(L))) + 20;
            double logp = -static_cast<double>(L);  // log P(0)
            double cum = 0;
            for (int k = 0; k <= kmax; ++k) {
                if (k > 0)
                    logp += std::log(static_cast<double>(L)) - std::log(static_cast<double>(k));
                cum += std::exp(logp);
                t.push_back(std::min(cum, 1.0));
            }
            t.back() = 1.0;
            tab.guide.resize(kGuide);
            int k = 0;
            for (int j = 0; j < kGuide; ++j) {
                while (t[static_cast<size_t>(k)] <= static_cast<double>(j) / kGuide)
                    ++k;
                tab.guide[static_cast<size_t>(j)] = k;
            }
        }
        return tab;
    }
    std::vector<Table> tables_;
};

// Binomial(n, p) by inverse-CDF walk (normal approximation for large n*p*(1-p)).
int binomial(int n, double p, Rng& r) {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    if (p > 0.5) return n - binomial(n, 1 - p, r);
    const double var = n * p * (1 - p);
    if (var > 60) {
        const double v = n * p + std::sqrt(var) * r.normal();
        return static_cast<int>(std::clamp<double>(std::lround(v), 0, n));
    }
    double pmf = std::pow(1 - p, n);
    double cum = pmf;
    const double u = r.uniform();
    const double ratio = p / (1 - p);
    int k = 0;
    while (u >= cum && k < n) {
        pmf *= ratio * static_cast<double>(n - k) / static_cast<double>(k + 1);
        ++k;
        cum += pmf;
    }
    return k;
}

// Binomial(n, kErr) for sequencing-error reads: P(0) cached by n.
class ErrorReads {
  public:
    static constexpr double kErr = 0.002;
    int draw(int n, Rng& r) {
        if (n <= 0) return 0;
        if (n >= static_cast<int>(p0_.size())) return binomial(n, kErr, r);
        double pmf = p0_[n];
        const double u = r.uniform();
        if (u < pmf) return 0;
        double cum = pmf;
        int k = 0;
        const double ratio = kErr / (1 - kErr);
        while (u >= cum && k < n) {
            pmf *= ratio * static_cast<double>(n - k) / static_cast<double>(k + 1);
            ++k;
            cum += pmf;
        }
        return k;
    }
    ErrorReads() {
        p0_.resize(1000);
        for (size_t n = 0; n < p0_.size(); ++n)
            p0_[n] = std::pow(1 - kErr, static_cast<double>(n));
    }

  private:
    std::vector<double> p0_;
};

// log10 P(read shows allele i | genotype g) for n alleles, base error kBaseErr.
class LikelihoodTables {
  public:
    static constexpr int kMaxAlleles = 5;
    static constexpr double kBaseErr = 0.001;
    LikelihoodTables() {
        for (int n = 1; n <= kMaxAlleles; ++n) {
            auto q = [&](int i, int j) {
                if (n == 1) return 1.0;
                return i == j ? 1 - kBaseErr : kBaseErr / (n - 1);
            };
            for (int k = 0; k < n; ++k)
                for (int j = 0; j <= k; ++j)
                    for (int i = 0; i < n; ++i)
                        dip_[n][k * (k + 1) / 2 + j][i] = std::log10(0.5 * q(i, j) + 0.5 * q(i, k));
            for (int a = 0; a < n; ++a)
                for (int i = 0; i < n; ++i)
                    hap_[n][a][i] = std::log10(q(i, a));
        }
    }
    // Fills pl[] (n(n+1)/2 values when diploid, n when haploid); returns the count.
    int compute(const int* ad, int n, int ploidy, int* pl) const {
        double ll[kMaxAlleles * (kMaxAlleles + 1) / 2];
        const int ng = ploidy == 2 ? n * (n + 1) / 2 : n;
        double best = -1e300;
        for (int g = 0; g < ng; ++g) {
            const double* t = ploidy == 2 ? dip_[n][g] : hap_[n][g];
            double s = 0;
            for (int i = 0; i < n; ++i)
                if (ad[i]) s += ad[i] * t[i];
            ll[g] = s;
            best = std::max(best, s);
        }
        for (int g = 0; g < ng; ++g)
            pl[g] = static_cast<int>(-10.0 * (ll[g] - best) + 0.5);
        return ng;
    }

  private:
    double dip_[kMaxAlleles + 1][kMaxAlleles * (kMaxAlleles + 1) / 2][kMaxAlleles] = {};
    double hap_[kMaxAlleles + 1][kMaxAlleles][kMaxAlleles] = {};
};

// ---------------------------------------------------------------------------------------------
// Options.

struct Region {
    int64_t start, end;
};

struct Options {
    int64_t records = 4800000;
    bool small = false;
    std::string sex = "XY";
    uint64_t seed = 42;
    int samples = 1;
    std::string spike_path;
    std::string chroms;
    std::string regions;
    std::string out_path = "-";
    int64_t max_records = -1;
    double depth = 30.0;
    bool male_x_diploid = false;
    double sfs_exponent = 1.0;
    std::string sample_name;
    bool quiet = false;
    std::string command_line;
};

void print_help() {
    std::printf(
        "gen_wgs_vcf %s: seeded synthetic GRCh38 whole-genome VCF for nbscreen benchmarks\n"
        "\n"
        "Usage: gen_wgs_vcf [options] [-o FILE]      (plain VCF text; stdout by default)\n"
        "\n"
        "  --records N        per-genome record target for the whole genome; sets the density\n"
        "                     [default: 4800000]\n"
        "  --small            same as --records 50000 (quick tests)\n"
        "  --sex XX|XY|mixed  karyotype; mixed = odd-numbered samples XY, even XX [default: XY]\n"
        "  --samples N        number of sample columns SAMPLE0001..; N > 1 draws genotypes from a\n"
        "                     per-site allele frequency and writes only sites with an ALT call\n"
        "                     [default: 1]\n"
        "  --seed N           random seed [default: 42]\n"
        "  --spike FILE       TSV chrom, pos, ref, alt, genotype[, samples]: alleles written at\n"
        "                     their positions with good-quality calls (samples: 1-based, comma-\n"
        "                     separated, default 1; other samples 0/0)\n"
        "  --chroms LIST      only these contigs, comma-separated (e.g. chr7,chr12,chrX)\n"
        "  --regions LIST     only these regions, comma-separated chrom[:start-end], 1-based\n"
        "  --max-records N    stop after N records (a hard cap)\n"
        "  --depth X          mean autosomal depth [default: 30]\n"
        "  --male-x-diploid   write male non-PAR chrX/chrY calls as 0/0, 1/1 instead of 0, 1\n"
        "  --sfs-exponent B   multi-sample allele frequency density ~ f^-B [default: 1.0]\n"
        "  --sample-name S    sample column name when --samples 1 [default: SAMPLE0001]\n"
        "  -o, --output FILE  write here instead of stdout\n"
        "  -q, --quiet        no summary on stderr\n"
        "  -h, --help         this help;  --version  the version\n"
        "\n"
        "REF bases are random (no reference sequence is used); everything else follows GRCh38\n"
        "contig lengths and PARs. Identical arguments give byte-identical output.\n",
        kVersion);
}

int64_t parse_int(const std::string& s, const char* what) {
    std::string t;
    for (char c : s)
        if (c != '_') t += c;
    char* end = nullptr;
    errno = 0;
    const long long v = std::strtoll(t.c_str(), &end, 10);
    if (t.empty() || *end || errno)
        usage_error(std::string("bad value for ") + what + ": '" + s + "'");
    return v;
}

double parse_double(const std::string& s, const char* what) {
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (s.empty() || *end) usage_error(std::string("bad value for ") + what + ": '" + s + "'");
    return v;
}

Options parse_args(int argc, char** argv) {
    Options o;
    std::ostringstream cmd;
    cmd << "gen_wgs_vcf";
    // The recorded command leaves out where the output goes, so identical data gives identical
    // bytes whatever the file is called.
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "-q" || a == "--quiet") continue;
        if ((a == "-o" || a == "--output") && i + 1 < argc) {
            ++i;
            continue;
        }
        cmd << ' ' << a;
    }
    o.command_line = cmd.str();
    auto need = [&](int& i) -> std::string {
        if (i + 1 >= argc) usage_error(std::string(argv[i]) + " needs a value");
        return argv[++i];
    };
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "-h" || a == "--help") {
            print_help();
            std::exit(0);
        } else if (a == "--version") {
            std::printf("gen_wgs_vcf %s\n", kVersion);
            std::exit(0);
        } else if (a == "--records") {
            o.records = parse_int(need(i), "--records");
        } else if (a == "--small") {
            o.small = true;
        } else if (a == "--sex") {
            o.sex = need(i);
        } else if (a == "--seed") {
            o.seed = static_cast<uint64_t>(parse_int(need(i), "--seed"));
        } else if (a == "--samples") {
            o.samples = static_cast<int>(parse_int(need(i), "--samples"));
        } else if (a == "--spike") {
            o.spike_path = need(i);
        } else if (a == "--chroms") {
            o.chroms = need(i);
        } else if (a == "--regions") {
            o.regions = need(i);
        } else if (a == "--max-records") {
            o.max_records = parse_int(need(i), "--max-records");
        } else if (a == "--depth") {
            o.depth = parse_double(need(i), "--depth");
        } else if (a == "--male-x-diploid") {
            o.male_x_diploid = true;
        } else if (a == "--sfs-exponent") {
            o.sfs_exponent = parse_double(need(i), "--sfs-exponent");
        } else if (a == "--sample-name") {
            o.sample_name = need(i);
        } else if (a == "-o" || a == "--output") {
            o.out_path = need(i);
        } else if (a == "-q" || a == "--quiet") {
            o.quiet = true;
        } else {
            usage_error("unknown argument '" + a + "'");
        }
    }
    if (o.small) o.records = 50000;
    if (o.records <= 0) usage_error("--records must be positive");
    if (o.sex != "XX" && o.sex != "XY" && o.sex != "mixed")
        usage_error("--sex must be XX, XY or mixed, not '" + o.sex + "'");
    if (o.samples < 1 || o.samples > 100000) usage_error("--samples must be 1..100000");
    if (o.depth < 1 || o.depth > 1000) usage_error("--depth must be 1..1000");
    if (o.sfs_exponent <= 0 || o.sfs_exponent >= 2) usage_error("--sfs-exponent must be in (0, 2)");
    if (!o.chroms.empty() && !o.regions.empty()) usage_error("use --chroms or --regions, not both");
    if (!o.sample_name.empty() && o.samples != 1) usage_error("--sample-name needs --samples 1");
    return o;
}

int contig_index(const std::string& name) {
    for (int i = 0; i < kNumContigs; ++i)
        if (name == kContigs[i].name) return i;
    return -1;
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == sep) {
            out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    out.push_back(cur);
    return out;
}

// Selected regions per contig (empty vector = contig not selected).
std::vector<std::vector<Region>> parse_regions(const Options& o) {
    std::vector<std::vector<Region>> sel(kNumContigs);
    const std::string spec = !o.regions.empty() ? o.regions : o.chroms;
    if (spec.empty()) {
        for (int i = 0; i < kNumContigs; ++i)
            sel[i].push_back({1, kContigs[i].length});
        return sel;
    }
    for (const auto& item : split(spec, ',')) {
        if (item.empty()) continue;
        const auto colon = item.find(':');
        const std::string name = item.substr(0, colon);
        const int ci = contig_index(name);
        if (ci < 0)
            usage_error("unknown contig '" + name +
                        "' (GRCh38 names: chr1..chr22, chrX, chrY, chrM)");
        Region r{1, kContigs[ci].length};
        if (colon != std::string::npos) {
            if (o.regions.empty()) usage_error("--chroms takes contig names only; use --regions");
            const std::string range = item.substr(colon + 1);
            const auto dash = range.find('-');
            if (dash == std::string::npos)
                usage_error("region '" + item + "' must be chrom:start-end");
            r.start = parse_int(range.substr(0, dash), "region start");
            r.end = parse_int(range.substr(dash + 1), "region end");
            if (r.start < 1 || r.end < r.start || r.end > kContigs[ci].length)
                usage_error("region '" + item + "' is outside " + name + " or empty");
        }
        sel[ci].push_back(r);
    }
    for (auto& v : sel) {
        std::sort(v.begin(), v.end(),
                  [](const Region& a, const Region& b) { return a.start < b.start; });
        std::vector<Region> merged;
        for (const auto& r : v) {
            if (!merged.empty() && r.start <= merged.back().end + 1)
                merged.back().end = std::max(merged.back().end, r.end);
            else
                merged.push_back(r);
        }
        v = std::move(merged);
    }
    return sel;
}

// ---------------------------------------------------------------------------------------------
// Genotype calls and sites.

struct Call {
    uint8_t ploidy = 2;  // 0 = no call (female chrY), 1 haploid, 2 diploid
    uint8_t a0 = 0, a1 = 0;
    bool phased = false;
    bool spike = false;
    bool lowq = false;
};

struct SpikeDef {
    int contig;
    int64_t pos;
    std::string ref;
    std::vector<std::string> alts;
    std::vector<std::pair<int, Call>> calls;  // (0-based sample, call)
    std::string where;                        // file:line for messages
    int64_t end() const { return pos + static_cast<int64_t>(ref.size()) - 1; }
};

bool valid_bases(const std::string& s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c != 'A' && c != 'C' && c != 'G' && c != 'T' && c != 'N') return false;
    return true;
}

Call parse_genotype(const std::string& g, int n_alleles, const std::string& where) {
    Call c;
    c.spike = true;
    std::vector<int> al;
    std::string cur;
    for (char ch : g + "/") {
        if (ch == '/' || ch == '|') {
            if (cur.empty() || cur.size() > 2 ||
                cur.find_first_not_of("0123456789") != std::string::npos)
                fatal(where + ": genotype '" + g + "' must look like 0/1, 1/1, 1|0, 1/2 or 1");
            al.push_back(std::stoi(cur));
            cur.clear();
            if (ch == '|') c.phased = true;
        } else {
            cur += ch;
        }
    }
    if (al.size() > 2) fatal(where + ": genotype '" + g + "' has more than two alleles");
    for (int a : al)
        if (a >= n_alleles)
            fatal(where + ": genotype '" + g + "' names an allele the record lacks");
    bool any_alt = false;
    for (int a : al)
        any_alt |= a > 0;
    if (!any_alt) fatal(where + ": genotype '" + g + "' carries no ALT allele");
    c.ploidy = static_cast<uint8_t>(al.size());
    c.a0 = static_cast<uint8_t>(al[0]);
    c.a1 = static_cast<uint8_t>(al.size() == 2 ? al[1] : al[0]);
    if (!c.phased && c.a0 > c.a1) std::swap(c.a0, c.a1);
    return c;
}

std::vector<SpikeDef> load_spikes(const std::string& path, int n_samples) {
    std::ifstream in(path);
    if (!in) fatal("cannot open spike file '" + path + "'");
    std::vector<SpikeDef> out;
    std::string line;
    int lineno = 0;
    while (std::getline(in, line)) {
        ++lineno;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        auto f = split(line, '\t');
        std::string first = f[0];
        for (auto& ch : first)
            ch = static_cast<char>(std::tolower(ch));
        if (first == "chrom") continue;  // header row
        const std::string where = path + ":" + std::to_string(lineno);
        if (f.size() < 5)
            fatal(where + ": need 5 tab-separated columns (chrom pos ref alt genotype), got " +
                  std::to_string(f.size()));
        SpikeDef s;
        s.where = where;
        s.contig = contig_index(f[0]);
        if (s.contig < 0)
            fatal(where + ": unknown contig '" + f[0] + "' (use GRCh38 chr-prefixed names)");
        s.pos = std::strtoll(f[1].c_str(), nullptr, 10);
        if (s.pos < 1 || s.pos > kContigs[s.contig].length)
            fatal(where + ": position '" + f[1] + "' is outside " + f[0]);
        s.ref = f[2];
        s.alts = split(f[3], ',');
        if (!valid_bases(s.ref)) fatal(where + ": REF '" + s.ref + "' must be A/C/G/T/N bases");
        for (const auto& a : s.alts)
            if (!valid_bases(a) || a == s.ref)
                fatal(where + ": ALT '" + a + "' must be bases different from REF");
        const int n_alleles = 1 + static_cast<int>(s.alts.size());
        if (n_alleles > LikelihoodTables::kMaxAlleles) fatal(where + ": at most 4 ALT alleles");
        const Call c = parse_genotype(f[4], n_alleles, where);
        std::vector<int> samples;
        if (f.size() >= 6 && !f[5].empty()) {
            for (const auto& x : split(f[5], ',')) {
                const long v = std::strtol(x.c_str(), nullptr, 10);
                if (v < 1) fatal(where + ": sample index '" + x + "' must be a 1-based number");
                samples.push_back(static_cast<int>(v));
            }
        } else {
            samples.push_back(1);
        }
        for (int smp : samples) {
            if (smp > n_samples) {
                note("note: " + where + ": sample " + std::to_string(smp) + " > --samples " +
                     std::to_string(n_samples) + ", spike call skipped");
                continue;
            }
            s.calls.push_back({smp - 1, c});
        }
        if (s.calls.empty()) continue;
        // Merge with an identical allele already listed (another sample).
        bool merged = false;
        for (auto& t : out) {
            if (t.contig == s.contig && t.pos == s.pos) {
                if (t.ref != s.ref || t.alts != s.alts)
                    fatal(where + ": a different allele at the same position is already spiked (" +
                          t.where + ")");
                for (auto& sc : s.calls) {
                    for (auto& tc : t.calls)
                        if (tc.first == sc.first)
                            fatal(where + ": sample spiked twice at this position");
                    t.calls.push_back(sc);
                }
                merged = true;
            }
        }
        if (!merged) out.push_back(std::move(s));
    }
    std::sort(out.begin(), out.end(), [](const SpikeDef& a, const SpikeDef& b) {
        return a.contig != b.contig ? a.contig < b.contig : a.pos < b.pos;
    });
    return out;
}

// A site: alleles plus what the stats need.
struct Site {
    int64_t pos = 0;
    std::string ref;
    std::vector<std::string> alts;
};

void trim_right(Site& s) {
    for (;;) {
        if (s.ref.size() < 2) return;
        const char last = s.ref.back();
        for (const auto& a : s.alts)
            if (a.size() < 2 || a.back() != last) return;
        s.ref.pop_back();
        for (auto& a : s.alts)
            a.pop_back();
    }
}

char random_base(Rng& r) {
    // GRCh38 is ~41% GC.
    const double u = r.uniform();
    return u < 0.295 ? 'A' : u < 0.59 ? 'T' : u < 0.795 ? 'C' : 'G';
}

char snv_alt(char ref, Rng& r) {
    // Transitions A<->G, C<->T with probability 0.67 => Ts/Tv ~ 2.0.
    const bool purine = ref == 'A' || ref == 'G';
    if (r.uniform() < 0.67) {
        switch (ref) {
            case 'A':
                return 'G';
            case 'G':
                return 'A';
            case 'C':
                return 'T';
            default:
                return 'C';
        }
    }
    const bool first = r.below(2) == 0;
    if (purine) return first ? 'C' : 'T';
    return first ? 'A' : 'G';
}

int indel_length(Rng& r) {
    // Geometric on 1..10 (P(1) ~ 0.5), plus a 2% tail of 11..40 bp.
    if (r.uniform() < 0.02) return 11 + static_cast<int>(r.below(30));
    int L = 1;
    while (L < 10 && r.uniform() < 0.5)
        ++L;
    return L;
}

std::string random_seq(char anchor, int L, Rng& r) {
    std::string s;
    const bool homopolymer = r.uniform() < 0.4;
    for (int i = 0; i < L; ++i)
        s += homopolymer ? anchor : random_base(r);
    return s;
}

enum class SiteClass { kSnv, kIndel, kMulti };

// Draws the alleles of a generated site. Multi-allelic shapes: two SNV alleles, a length
// polymorphism (STR-like, two indel alleles) or a deletion plus an SNV at the anchor.
SiteClass draw_alleles(Site& s, Rng& r, double p_multi) {
    const char anchor = random_base(r);
    s.alts.clear();
    const double u = r.uniform();
    if (u < p_multi) {
        const double v = r.uniform();
        if (v < 0.35) {
            s.ref = std::string(1, anchor);
            const char a1 = snv_alt(anchor, r);
            char a2;
            do
                a2 = snv_alt(anchor, r);
            while (a2 == a1);
            s.alts = {std::string(1, a1), std::string(1, a2)};
        } else if (v < 0.80) {
            const std::string motif = random_seq(anchor, 1 + static_cast<int>(r.below(2)), r);
            const int k = 1 + static_cast<int>(r.below(3));
            int d1 = 0, d2 = 0;
            while (d1 == 0 || d2 == 0 || d1 == d2) {
                d1 = static_cast<int>(r.below(k + 3)) - k;
                d2 = static_cast<int>(r.below(k + 3)) - k;
            }
            auto rep = [&](int copies) {
                std::string x(1, anchor);
                for (int i = 0; i < copies; ++i)
                    x += motif;
                return x;
            };
            s.ref = rep(k);
            s.alts = {rep(k + std::min(d1, d2)), rep(k + std::max(d1, d2))};
            trim_right(s);
        } else {
            const std::string del = random_seq(anchor, indel_length(r), r);
            s.ref = std::string(1, anchor) + del;
            s.alts = {std::string(1, anchor), std::string(1, snv_alt(anchor, r)) + del};
        }
        return SiteClass::kMulti;
    }
    if (u < p_multi + (1 - p_multi) * 0.15) {
        const int L = indel_length(r);
        const std::string seq = random_seq(anchor, L, r);
        if (r.uniform() < 0.52) {
            s.ref = std::string(1, anchor) + seq;
            s.alts = {std::string(1, anchor)};
        } else {
            s.ref = std::string(1, anchor);
            s.alts = {std::string(1, anchor) + seq};
        }
        return SiteClass::kIndel;
    }
    s.ref = std::string(1, anchor);
    s.alts = {std::string(1, snv_alt(anchor, r))};
    return SiteClass::kSnv;
}

// ---------------------------------------------------------------------------------------------
// The writer: per-sample FORMAT fields, then QUAL/FILTER/INFO from the calls.

struct Stats {
    int64_t records = 0, snv = 0, indel = 0, multi = 0, ts = 0, tv = 0;
    int64_t het = 0, hom_alt = 0, hap_alt = 0, lowqual = 0, spikes = 0;
    int64_t per_contig[kNumContigs] = {};
};

struct CallResult {
    int pl_homref = 0;  // PL of the hom-ref (or haploid ref) genotype
    int dp = 0;
    bool nonref = false;
    bool het = false;
};

class Writer {
  public:
    Writer(FILE* f, int n_samples) : out_(f), fmt_(nullptr), n_samples_(n_samples) {}

    OutBuf& out() { return out_; }

    // Writes one record. `lambda[i]` is sample i's mean depth here.
    void write(int ci, Site& site, std::vector<Call>& calls, const std::vector<double>& lambda,
               bool is_indel_site, Rng& r, Stats& st) {
        const int n = 1 + static_cast<int>(site.alts.size());
        fmt_.clear();
        int64_t qual_sum = 0, dp_sum = 0, dp_nonref = 0;
        int ac[LikelihoodTables::kMaxAlleles] = {};
        int an = 0;
        bool any_het = false, any_lowq = false, any_spike = false;
        for (int i = 0; i < n_samples_; ++i) {
            Call& c = calls[i];
            fmt_.put('\t');
            const CallResult cr = write_call(c, n, is_indel_site, lambda[i], r);
            dp_sum += cr.dp;
            if (cr.nonref) {
                qual_sum += cr.pl_homref;
                dp_nonref += cr.dp;
            }
            any_het |= cr.het;
            any_lowq |= c.lowq;
            any_spike |= c.spike;
            if (c.ploidy >= 1) {
                ++ac[c.a0];
                ++an;
            }
            if (c.ploidy == 2) {
                ++ac[c.a1];
                ++an;
            }
            if (n_samples_ == 1 && cr.nonref) {
                if (c.ploidy == 1)
                    ++st.hap_alt;
                else if (c.a0 == c.a1)
                    ++st.hom_alt;
                else
                    ++st.het;
            }
        }
        double qual = static_cast<double>(qual_sum) * (0.97 + 0.03 * r.uniform());
        if (qual < 0.01) qual = 0.01;
        const bool lowqual = qual < 30.0;

        // Fixed columns.
        out_.put(kContigs[ci].name);
        out_.put('\t');
        out_.put_int(site.pos);
        out_.put("\t.\t");
        out_.put(site.ref);
        out_.put('\t');
        for (size_t k = 0; k < site.alts.size(); ++k) {
            if (k) out_.put(',');
            out_.put(site.alts[k]);
        }
        out_.put('\t');
        out_.put_fixed(qual, 2);
        out_.put(lowqual ? "\tLowQual\t" : "\tPASS\t");

        // INFO, GATK HaplotypeCaller/GenotypeGVCFs style.
        out_.put("AC=");
        put_list_int(ac + 1, n - 1);
        out_.put(";AF=");
        put_list_af(ac + 1, n - 1, an);
        out_.put(";AN=");
        out_.put_int(an);
        if (any_het) {
            out_.put(";BaseQRankSum=");
            out_.put_fixed(r.normal() * 0.9, 3);
        }
        out_.put(";DP=");
        out_.put_int(dp_sum);
        out_.put(";ExcessHet=3.0103;FS=");
        const bool bad = any_lowq || lowqual;
        out_.put_fixed(r.uniform() < 0.55 && !bad ? 0.0 : r.exponential(bad ? 8.0 : 2.5), 3);
        out_.put(";MLEAC=");
        put_list_int(ac + 1, n - 1);
        out_.put(";MLEAF=");
        put_list_af(ac + 1, n - 1, an);
        out_.put(";MQ=");
        out_.put_fixed(r.uniform() < 0.85 && !bad ? 60.0 : 40.0 + 20.0 * r.uniform(), 2);
        if (any_het) {
            out_.put(";MQRankSum=");
            out_.put_fixed(r.uniform() < 0.6 ? 0.0 : r.normal() * 0.8, 3);
        }
        out_.put(";QD=");
        out_.put_fixed(dp_nonref > 0 ? std::min(qual / static_cast<double>(dp_nonref), 40.0) : 0.0,
                       2);
        if (any_het) {
            out_.put(";ReadPosRankSum=");
            out_.put_fixed(r.normal() * 0.9, 3);
        }
        out_.put(";SOR=");
        out_.put_fixed(0.4 + std::fabs(r.normal()) * (bad ? 1.2 : 0.35), 3);
        out_.put("\tGT:AD:DP:GQ:PL");
        out_.put(std::string_view(fmt_.data(), fmt_.size()));
        out_.put('\n');
        out_.maybe_flush();

        // Stats.
        ++st.records;
        ++st.per_contig[ci];
        if (lowqual) ++st.lowqual;
        if (any_spike) ++st.spikes;
        if (site.alts.size() > 1)
            ++st.multi;
        else if (site.ref.size() == 1 && site.alts[0].size() == 1)
            ++st.snv;
        else
            ++st.indel;
        for (const auto& a : site.alts) {
            if (site.ref.size() != 1 || a.size() != 1) continue;
            const char x = site.ref[0], y = a[0];
            const bool ts = (x == 'A' && y == 'G') || (x == 'G' && y == 'A') ||
                            (x == 'C' && y == 'T') || (x == 'T' && y == 'C');
            ++(ts ? st.ts : st.tv);
        }
    }

  private:
    void put_list_int(const int* v, int k) {
        for (int i = 0; i < k; ++i) {
            if (i) out_.put(',');
            out_.put_int(v[i]);
        }
    }
    void put_list_af(const int* v, int k, int an) {
        for (int i = 0; i < k; ++i) {
            if (i) out_.put(',');
            const double af = an ? static_cast<double>(v[i]) / an : 0.0;
            char tmp[32];
            int len;
            if (af == 0.0)
                len = std::snprintf(tmp, sizeof tmp, "0.00");
            else if (af == 1.0)
                len = std::snprintf(tmp, sizeof tmp, "1.00");
            else if (af >= 0.001)
                len = std::snprintf(tmp, sizeof tmp, "%.3f", af);
            else
                len = std::snprintf(tmp, sizeof tmp, "%.3e", af);
            out_.put(std::string_view(tmp, static_cast<size_t>(len)));
        }
    }

    static int geno_index(const Call& c) {
        if (c.ploidy == 1) return c.a0;
        const int j = std::min(c.a0, c.a1), k = std::max(c.a0, c.a1);
        return k * (k + 1) / 2 + j;
    }

    // Draws AD for the call.
    void draw_ad(const Call& c, int n, int dp, Rng& r, int* ad) {
        for (int i = 0; i < n; ++i)
            ad[i] = 0;
        const bool het = c.ploidy == 2 && c.a0 != c.a1;
        if (!het) {
            const int a = c.a0;
            const int err = c.spike ? 0 : err_.draw(dp, r);
            ad[a] = dp - err;
            ad[a == 0 ? 1 : 0] += err;
            return;
        }
        const int lo = std::min(c.a0, c.a1), hi = std::max(c.a0, c.a1);
        int k;
        if (c.spike) {
            k = static_cast<int>(std::lround(dp * (0.42 + 0.16 * r.uniform())));
        } else if (c.lowq) {
            k = 1 + (r.uniform() < 0.35 ? 1 : 0);
        } else {
            k = binomial(dp, lo == 0 ? 0.47 : 0.5, r);
        }
        ad[hi] = k;
        ad[lo] = dp - k;
        // A third allele of a multi-allelic record that this call lacks: the odd read.
        if (n > 2 && !c.spike && r.uniform() < 0.3) {
            for (int i = 1; i < n; ++i)
                if (i != lo && i != hi && ad[lo] > 1) {
                    ++ad[i];
                    --ad[lo];
                    break;
                }
        }
    }

    CallResult write_call(Call& c, int n, bool indel, double lambda, Rng& r) {
        CallResult res;
        fmt_.reserve(64);
        if (c.ploidy == 0) {
            fmt_.put(".:.:.:.:.");
            return res;
        }
        res.nonref = c.a0 != 0 || c.a1 != 0;
        res.het = c.ploidy == 2 && c.a0 != c.a1;
        int dp;
        if (c.spike) {
            // Good quality: GQ 99 needs ~34 reads for a diploid hom-alt call.
            dp = std::max(c.ploidy == 1 ? 16 : 34, poisson_.draw(lambda * 1.1, r));
        } else if (c.lowq) {
            dp = 3 + poisson_.draw(4.0, r);
        } else {
            dp = poisson_.draw(lambda, r);
            if (res.nonref) dp = std::max(dp, 4);
        }
        int ad[LikelihoodTables::kMaxAlleles];
        int pl[LikelihoodTables::kMaxAlleles * (LikelihoodTables::kMaxAlleles + 1) / 2];
        const int want = geno_index(c);
        int ng = 0;
        for (int attempt = 0;; ++attempt) {
            draw_ad(c, n, dp, r, ad);
            if (c.lowq) {
                // Low-quality het: keep the few ALT reads, but make GT the likeliest genotype.
                for (;;) {
                    ng = lik_.compute(ad, n, c.ploidy, pl);
                    if (pl[want] == 0 || ad[0] == 0) break;
                    ++ad[std::max(c.a0, c.a1)];
                    --ad[0];
                }
                break;
            }
            ng = lik_.compute(ad, n, c.ploidy, pl);
            bool ok = pl[want] == 0;
            for (int g = 0; g < ng && ok; ++g)
                if (g != want && pl[g] == 0) ok = false;
            if (ok || dp == 0) break;
            if (attempt == 20) {  // force a textbook split
                for (int i = 0; i < n; ++i)
                    ad[i] = 0;
                if (res.het) {
                    ad[c.a0] = dp / 2;
                    ad[c.a1] = dp - dp / 2;
                } else {
                    ad[c.a0] = dp;
                }
                ng = lik_.compute(ad, n, c.ploidy, pl);
                break;
            }
        }
        int gq = 99;
        {
            int second = 1 << 30;
            for (int g = 0; g < ng; ++g)
                if (g != want) second = std::min(second, pl[g]);
            if (second < gq) gq = second;
            if (ng == 1) gq = 99;
        }
        int sum_ad = 0;
        for (int i = 0; i < n; ++i)
            sum_ad += ad[i];
        // Indel callers leave some reads uninformative: DP >= sum(AD).
        const int dp_field = sum_ad + (indel && res.nonref ? binomial(sum_ad, 0.04, r) : 0);
        res.dp = dp_field;
        res.pl_homref = pl[0];

        // GT
        fmt_.reserve(32 + 12 * static_cast<size_t>(ng));
        fmt_.put(static_cast<char>('0' + c.a0));
        if (c.ploidy == 2) {
            fmt_.put(c.phased ? '|' : '/');
            fmt_.put(static_cast<char>('0' + c.a1));
        }
        fmt_.put(':');
        for (int i = 0; i < n; ++i) {
            if (i) fmt_.put(',');
            fmt_.put_int(ad[i]);
        }
        fmt_.put(':');
        fmt_.put_int(dp_field);
        fmt_.put(':');
        fmt_.put_int(gq);
        fmt_.put(':');
        for (int g = 0; g < ng; ++g) {
            if (g) fmt_.put(',');
            fmt_.put_int(pl[g]);
        }
        return res;
    }

    OutBuf out_;
    OutBuf fmt_;
    int n_samples_;
    Poisson poisson_;
    ErrorReads err_;
    LikelihoodTables lik_;
};

// ---------------------------------------------------------------------------------------------
// Allele-frequency spectrum for multi-sample files.

class Sfs {
  public:
    static constexpr double kMin = 1e-4, kMax = 0.99;
    explicit Sfs(double b) : b_(b) {}
    double draw(double u) const {
        if (std::fabs(b_ - 1.0) < 1e-9) return kMin * std::pow(kMax / kMin, u);
        const double e = 1.0 - b_;
        const double lo = std::pow(kMin, e), hi = std::pow(kMax, e);
        return std::pow(lo + u * (hi - lo), 1.0 / e);
    }
    // E[P(a genome of this ploidy carries an ALT)] over the spectrum.
    double carrier_rate(int ploidy) const {
        const int K = 20000;
        double s = 0;
        for (int i = 0; i < K; ++i) {
            const double f = draw((i + 0.5) / K);
            s += 1.0 - std::pow(1.0 - f, ploidy);
        }
        return s / K;
    }

  private:
    double b_;
};

// ---------------------------------------------------------------------------------------------

class Generator {
  public:
    Generator(const Options& o, FILE* f)
        : opt_(o), writer_(f, o.samples), sfs_(o.sfs_exponent), regions_(parse_regions(o)) {
        sexes_.resize(o.samples);
        for (int i = 0; i < o.samples; ++i) {
            if (o.sex == "XX")
                sexes_[i] = Sex::kXX;
            else if (o.sex == "XY")
                sexes_[i] = Sex::kXY;
            else
                sexes_[i] = (i % 2 == 0) ? Sex::kXY : Sex::kXX;  // SAMPLE0001 XY, 0002 XX, ...
        }
        sample_depth_.resize(o.samples, 1.0);
        if (o.samples > 1) {
            for (int i = 0; i < o.samples; ++i) {
                Rng r(mix_key(o.seed, 0x5A3B1E, static_cast<uint64_t>(i)));
                sample_depth_[i] = std::exp(0.08 * r.normal());
            }
        }
        // Per-genome autosomal density from the whole-genome record target (independent of the
        // selected regions, so a subset has the same density as the whole genome).
        const Sex ref_sex = o.sex == "XX" ? Sex::kXX : Sex::kXY;
        double weighted = 0;
        for (int ci = 0; ci < kNumContigs; ++ci)
            for (const auto& s : build_segments(ci))
                weighted += static_cast<double>(s.end - s.start + 1) *
                            genome_density_factor(s.zone, ref_sex);
        density_ = static_cast<double>(o.records) / weighted;
        carrier2_ = sfs_.carrier_rate(2);
        carrier1_ = sfs_.carrier_rate(1);
        if (!o.spike_path.empty()) spikes_ = load_spikes(o.spike_path, o.samples);
        calls_.resize(o.samples);
        lambda_.resize(o.samples);
        stamp_.assign(2 * static_cast<size_t>(o.samples), 0);
    }

    void write_header() {
        OutBuf& o = writer_.out();
        o.put("##fileformat=VCFv4.2\n");
        o.put("##FILTER=<ID=PASS,Description=\"All filters passed\">\n");
        o.put("##FILTER=<ID=LowQual,Description=\"Low quality\">\n");
        o.put(
            "##FORMAT=<ID=AD,Number=R,Type=Integer,Description=\"Allelic depths for the ref and "
            "alt alleles in the order listed\">\n");
        o.put(
            "##FORMAT=<ID=DP,Number=1,Type=Integer,Description=\"Approximate read depth (reads "
            "with MQ=255 or with bad mates are filtered)\">\n");
        o.put("##FORMAT=<ID=GQ,Number=1,Type=Integer,Description=\"Genotype Quality\">\n");
        o.put("##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n");
        o.put(
            "##FORMAT=<ID=PL,Number=G,Type=Integer,Description=\"Normalized, Phred-scaled "
            "likelihoods for genotypes as defined in the VCF specification\">\n");
        o.put(
            "##INFO=<ID=AC,Number=A,Type=Integer,Description=\"Allele count in genotypes, for each "
            "ALT allele, in the same order as listed\">\n");
        o.put(
            "##INFO=<ID=AF,Number=A,Type=Float,Description=\"Allele Frequency, for each ALT "
            "allele, in the same order as listed\">\n");
        o.put(
            "##INFO=<ID=AN,Number=1,Type=Integer,Description=\"Total number of alleles in called "
            "genotypes\">\n");
        o.put(
            "##INFO=<ID=BaseQRankSum,Number=1,Type=Float,Description=\"Z-score from Wilcoxon rank "
            "sum test of Alt Vs. Ref base qualities\">\n");
        o.put(
            "##INFO=<ID=DP,Number=1,Type=Integer,Description=\"Approximate read depth; some reads "
            "may have been filtered\">\n");
        o.put(
            "##INFO=<ID=ExcessHet,Number=1,Type=Float,Description=\"Phred-scaled p-value for exact "
            "test of excess heterozygosity\">\n");
        o.put(
            "##INFO=<ID=FS,Number=1,Type=Float,Description=\"Phred-scaled p-value using Fisher's "
            "exact test to detect strand bias\">\n");
        o.put(
            "##INFO=<ID=MLEAC,Number=A,Type=Integer,Description=\"Maximum likelihood expectation "
            "(MLE) for the allele counts (not necessarily the same as the AC), for each ALT "
            "allele, in the same order as listed\">\n");
        o.put(
            "##INFO=<ID=MLEAF,Number=A,Type=Float,Description=\"Maximum likelihood expectation "
            "(MLE) for the allele frequency (not necessarily the same as the AF), for each ALT "
            "allele, in the same order as listed\">\n");
        o.put("##INFO=<ID=MQ,Number=1,Type=Float,Description=\"RMS Mapping Quality\">\n");
        o.put(
            "##INFO=<ID=MQRankSum,Number=1,Type=Float,Description=\"Z-score From Wilcoxon rank sum "
            "test of Alt vs. Ref read mapping qualities\">\n");
        o.put(
            "##INFO=<ID=QD,Number=1,Type=Float,Description=\"Variant Confidence/Quality by "
            "Depth\">\n");
        o.put(
            "##INFO=<ID=ReadPosRankSum,Number=1,Type=Float,Description=\"Z-score from Wilcoxon "
            "rank sum test of Alt vs. Ref read position bias\">\n");
        o.put(
            "##INFO=<ID=SOR,Number=1,Type=Float,Description=\"Symmetric Odds Ratio of 2x2 "
            "contingency table to detect strand bias\">\n");
        for (const auto& c : kContigs) {
            o.put("##contig=<ID=");
            o.put(c.name);
            o.put(",length=");
            o.put_int(c.length);
            o.put(",assembly=GRCh38>\n");
        }
        o.put("##reference=GRCh38\n");
        o.put("##source=nbscreen bench/gen/gen_wgs_vcf ");
        o.put(kVersion);
        o.put(" (synthetic data: REF bases are random, not the GRCh38 sequence)\n");
        o.put("##gen_wgs_vcfCommand=");
        o.put(opt_.command_line);
        o.put("\n");
        o.put("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT");
        for (int i = 0; i < opt_.samples; ++i) {
            o.put('\t');
            if (opt_.samples == 1 && !opt_.sample_name.empty()) {
                o.put(opt_.sample_name);
            } else {
                char tmp[32];
                const int len = std::snprintf(tmp, sizeof tmp, "SAMPLE%04d", i + 1);
                o.put(std::string_view(tmp, static_cast<size_t>(len)));
            }
        }
        o.put('\n');
    }

    void run() {
        write_header();
        // Drop spikes outside the selection up front.
        std::vector<SpikeDef> kept;
        for (auto& s : spikes_) {
            if (in_regions(s.contig, s.pos))
                kept.push_back(std::move(s));
            else
                note("note: spike " + std::string(kContigs[s.contig].name) + ":" +
                     std::to_string(s.pos) +
                     " is outside the selected contigs/regions, not written");
        }
        spikes_ = std::move(kept);
        spikes_total_ = static_cast<int64_t>(spikes_.size());
        for (int ci = 0; ci < kNumContigs && !capped(); ++ci) {
            if (regions_[ci].empty()) continue;
            run_contig(ci);
        }
        writer_.out().flush();
    }

    const Stats& stats() const { return stats_; }
    int64_t spikes_total() const { return spikes_total_; }

  private:
    bool capped() const { return opt_.max_records >= 0 && stats_.records >= opt_.max_records; }

    bool in_regions(int ci, int64_t pos) const {
        for (const auto& r : regions_[ci])
            if (pos >= r.start && pos <= r.end) return true;
        return false;
    }

    Sex sex_of(int i) const { return sexes_[i]; }

    int ploidy_of(int i, Zone z) const {
        int p = zone_ploidy(z, sex_of(i));
        if (p == 1 && opt_.male_x_diploid && (z == Zone::kXNonPar || z == Zone::kY)) p = 2;
        return p;
    }

    // Number of haplotypes that carry alleles for sample i in zone z (male X/Y: 1 even when
    // written diploid).
    int haplotypes_of(int i, Zone z) const { return zone_ploidy(z, sex_of(i)); }

    void set_lambdas(Zone z, double site_factor) {
        for (int i = 0; i < opt_.samples; ++i)
            lambda_[i] =
                opt_.depth * site_factor * sample_depth_[i] * zone_depth_factor(z, sex_of(i));
    }

    // Resets all calls to hom-ref with the zone's ploidy.
    void reset_calls(Zone z) {
        for (int i = 0; i < opt_.samples; ++i) {
            Call c;
            c.ploidy = static_cast<uint8_t>(ploidy_of(i, z));
            calls_[i] = c;
        }
    }

    void emit_spike(int ci, const SpikeDef& sp, Zone z) {
        Site site;
        site.pos = sp.pos;
        site.ref = sp.ref;
        site.alts = sp.alts;
        reset_calls(z);
        for (const auto& [smp, call] : sp.calls)
            calls_[smp] = call;
        Rng r(
            mix_key(opt_.seed ^ 0x5B1CE, static_cast<uint64_t>(ci), static_cast<uint64_t>(sp.pos)));
        set_lambdas(z, 1.0);
        bool indel = sp.ref.size() != 1;
        for (const auto& a : sp.alts)
            indel |= a.size() != 1;
        writer_.write(ci, site, calls_, lambda_, indel, r, stats_);
    }

    Zone zone_at(int ci, int64_t pos) const {
        if (ci == kChrM) return Zone::kM;
        if (ci == kChrY) return Zone::kY;
        if (ci != kChrX) return Zone::kAutosome;
        if ((pos >= kPar1Start && pos <= kPar1End) || (pos >= kPar2Start && pos <= kPar2End))
            return Zone::kPar;
        return Zone::kXNonPar;
    }

    double candidate_rate(Zone z) const {
        if (opt_.samples == 1) {
            const Sex s = sex_of(0);
            return density_ * genome_density_factor(z, s);
        }
        // Multi-sample: candidate sites such that one genome has the single-genome density.
        switch (z) {
            case Zone::kAutosome:
            case Zone::kPar:
                return density_ / carrier2_;
            case Zone::kXNonPar:
                return density_ * 0.75 / carrier2_;
            case Zone::kY:
                return density_ * 0.35 / carrier1_;
            case Zone::kM:
                return density_ * 1.3 / carrier1_;
        }
        return density_;
    }

    void run_contig(int ci) {
        const auto segments = build_segments(ci);
        Rng pos_rng(mix_key(opt_.seed, static_cast<uint64_t>(ci), 0x706F73ULL));
        size_t sp = 0;
        // Spikes of this contig.
        std::vector<const SpikeDef*> spikes;
        for (const auto& s : spikes_)
            if (s.contig == ci) spikes.push_back(&s);
        int64_t last_spike_end = 0;
        int64_t prev_end = 0;
        const bool multi = opt_.samples > 1;
        Site site;
        for (const auto& seg : segments) {
            if (capped()) break;
            const double rate = candidate_rate(seg.zone);
            if (rate <= 0) continue;
            if (multi && seg.zone == Zone::kY) {
                bool any_male = false;
                for (int i = 0; i < opt_.samples; ++i)
                    any_male |= sex_of(i) == Sex::kXY;
                if (!any_male) continue;
            }
            const double mean_gap = 1.0 / rate;
            int64_t pos = seg.start - 1;
            for (;;) {
                pos += 1 + static_cast<int64_t>(pos_rng.exponential(std::max(mean_gap - 1.0, 0.0)));
                if (pos <= prev_end) pos = prev_end + 1;
                if (pos > seg.end) break;
                Rng r(mix_key(opt_.seed, static_cast<uint64_t>(ci), static_cast<uint64_t>(pos)));
                const Zone z = seg.zone;
                const bool haploid_single = !multi && zone_ploidy(z, sex_of(0)) == 1;
                site.pos = pos;
                SiteClass cls =
                    draw_alleles(site, r, multi ? 0.03 : (haploid_single ? 0.0 : 0.015));
                const int64_t end = pos + static_cast<int64_t>(site.ref.size()) - 1;
                prev_end = end;
                pos = end;  // next candidate starts after this one's REF

                // Spikes before this candidate.
                while (sp < spikes.size() && spikes[sp]->pos < site.pos) {
                    if (capped()) return;
                    emit_spike(ci, *spikes[sp], zone_at(ci, spikes[sp]->pos));
                    last_spike_end = std::max(last_spike_end, spikes[sp]->end());
                    ++sp;
                }
                if (site.pos <= last_spike_end) continue;                    // inside a spike
                if (sp < spikes.size() && spikes[sp]->pos <= end) continue;  // overlaps next spike
                if (!in_regions(ci, site.pos)) continue;
                if (capped()) return;
                if (multi) {
                    if (!draw_cohort(z, site, cls, r)) continue;
                } else {
                    draw_single(z, site, cls, r);
                }
                const double site_factor = std::exp(0.12 * r.normal());
                set_lambdas(z, site_factor);
                bool indel = site.ref.size() != 1;
                for (const auto& a : site.alts)
                    indel |= a.size() != 1;
                writer_.write(ci, site, calls_, lambda_, indel, r, stats_);
            }
        }
        while (sp < spikes.size() && !capped()) {
            emit_spike(ci, *spikes[sp], zone_at(ci, spikes[sp]->pos));
            ++sp;
        }
    }

    // One genome: het:hom-alt ~1.6; multi-allelic records are mostly 1/2.
    void draw_single(Zone z, Site& site, SiteClass cls, Rng& r) {
        reset_calls(z);
        Call& c = calls_[0];
        const int hap = haplotypes_of(0, z);
        if (r.uniform() < 0.012 && hap == 2) c.lowq = true;
        if (hap == 1) {
            c.a0 = c.a1 = 1;
            return;
        }
        if (cls == SiteClass::kMulti) {
            const double u = r.uniform();
            if (u < 0.70)
                c.a0 = 1, c.a1 = 2;
            else if (u < 0.82)
                c.a0 = 0, c.a1 = 1;
            else if (u < 0.90)
                c.a0 = 0, c.a1 = 2;
            else if (u < 0.95)
                c.a0 = 1, c.a1 = 1;
            else
                c.a0 = 2, c.a1 = 2;
            if (c.a0 == c.a1 || c.a0 != 0) c.lowq = false;
            return;
        }
        if (c.lowq || r.uniform() < 1.55 / 2.55) {
            c.a0 = 0;
            c.a1 = 1;
        } else {
            c.a0 = c.a1 = 1;
        }
        (void)site;
    }

    // Cohort: haplotypes drawn independently from the site's allele frequencies. Returns false
    // when no sample carries an ALT allele (the site is not written).
    bool draw_cohort(Zone z, Site& site, SiteClass cls, Rng& r) {
        const int ns = opt_.samples;
        double f1 = sfs_.draw(r.uniform());
        double f2 = cls == SiteClass::kMulti ? 0.5 * sfs_.draw(r.uniform()) : 0.0;
        if (f1 + f2 > 0.995) {
            const double k = 0.995 / (f1 + f2);
            f1 *= k;
            f2 *= k;
        }
        const double p = f1 + f2;
        // Haplotype slots: sample index * 2 + copy.
        int H = 0;
        for (int i = 0; i < ns; ++i)
            H += haplotypes_of(i, z);
        alt_slots_.clear();
        if (H * p < 8.0) {
            const double p0 = std::pow(1.0 - p, H);
            const double u = r.uniform();
            if (u < p0) return false;
            // K ~ Binomial(H, p) given K >= 1, by continuing the inverse CDF from the same u.
            double pmf = p0, cum = p0;
            int K = 0;
            const double ratio = p / (1.0 - p);
            while (u >= cum && K < H) {
                pmf *= ratio * static_cast<double>(H - K) / static_cast<double>(K + 1);
                ++K;
                cum += pmf;
            }
            if (K == 0) K = 1;
            ++stamp_gen_;
            if (stamp_gen_ == 0) {
                std::fill(stamp_.begin(), stamp_.end(), 0);
                stamp_gen_ = 1;
            }
            while (static_cast<int>(alt_slots_.size()) < K) {
                const int sample = static_cast<int>(r.below(static_cast<uint32_t>(ns)));
                const int nh = haplotypes_of(sample, z);
                if (nh == 0) continue;
                // Sample slots proportionally to haplotype count: accept copy 1 of a haploid
                // sample half as often as a diploid pair.
                const int copy = static_cast<int>(r.below(2));
                if (copy >= nh) continue;
                const size_t slot = static_cast<size_t>(sample) * 2 + static_cast<size_t>(copy);
                if (stamp_[slot] == stamp_gen_) continue;
                stamp_[slot] = stamp_gen_;
                alt_slots_.push_back(static_cast<int>(slot));
            }
        } else {
            for (int i = 0; i < ns; ++i) {
                const int nh = haplotypes_of(i, z);
                for (int c = 0; c < nh; ++c)
                    if (r.uniform() < p) alt_slots_.push_back(i * 2 + c);
            }
            if (alt_slots_.empty()) return false;
        }
        reset_calls(z);
        bool seen[3] = {true, false, false};
        const double p1 = f1 / p;
        for (int slot : alt_slots_) {
            const int allele = (cls == SiteClass::kMulti && r.uniform() >= p1) ? 2 : 1;
            seen[allele] = true;
            Call& c = calls_[slot / 2];
            if (slot % 2 == 0)
                c.a0 = static_cast<uint8_t>(allele);
            else
                c.a1 = static_cast<uint8_t>(allele);
        }
        // Finish calls: haploid written diploid copies the allele; sort unphased alleles.
        for (int i = 0; i < ns; ++i) {
            Call& c = calls_[i];
            if (haplotypes_of(i, z) == 1) c.a1 = c.a0;
            if (c.a0 > c.a1) std::swap(c.a0, c.a1);
        }
        // Drop an ALT allele nobody carries (joint callers do), then re-trim.
        if (cls == SiteClass::kMulti && !(seen[1] && seen[2])) {
            const int keep = seen[1] ? 1 : 2;
            site.alts = {site.alts[keep - 1]};
            for (int i = 0; i < ns; ++i) {
                Call& c = calls_[i];
                if (c.a0) c.a0 = 1;
                if (c.a1) c.a1 = 1;
            }
            trim_right(site);
        }
        return true;
    }

    const Options& opt_;
    Writer writer_;
    Sfs sfs_;
    std::vector<std::vector<Region>> regions_;
    std::vector<Sex> sexes_;
    std::vector<double> sample_depth_;
    double density_ = 0;
    double carrier2_ = 1, carrier1_ = 1;
    std::vector<SpikeDef> spikes_;
    int64_t spikes_total_ = 0;
    std::vector<Call> calls_;
    std::vector<double> lambda_;
    std::vector<int> alt_slots_;
    std::vector<uint32_t> stamp_;
    uint32_t stamp_gen_ = 0;
    Stats stats_;
};

}  // namespace

int main(int argc, char** argv) {
    const Options opt = parse_args(argc, argv);
    g_quiet = opt.quiet;
    const auto t0 = std::chrono::steady_clock::now();
    FILE* f = stdout;
    if (opt.out_path != "-") {
        f = std::fopen(opt.out_path.c_str(), "wb");
        if (!f) fatal("cannot write '" + opt.out_path + "': " + std::strerror(errno));
    }
    static char iobuf[1 << 20];
    std::setvbuf(f, iobuf, _IOFBF, sizeof iobuf);
    Stats st;
    int64_t spikes_total = 0;
    {
        Generator gen(opt, f);
        gen.run();
        st = gen.stats();
        spikes_total = gen.spikes_total();
    }
    if (std::fflush(f) != 0 || (f != stdout && std::fclose(f) != 0))
        fatal("write failed (disk full?)");
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!opt.quiet) {
        std::fprintf(stderr,
                     "[gen_wgs_vcf] %" PRId64 " records (snv %" PRId64 ", indel %" PRId64
                     ", multiallelic %" PRId64 ", ts/tv %.2f, LowQual %" PRId64 "), spikes %" PRId64
                     "/%" PRId64 ", %d sample(s), %.1f s\n",
                     st.records, st.snv, st.indel, st.multi,
                     st.tv ? static_cast<double>(st.ts) / static_cast<double>(st.tv) : 0.0,
                     st.lowqual, st.spikes, spikes_total, opt.samples, secs);
        if (opt.samples == 1)
            std::fprintf(
                stderr,
                "[gen_wgs_vcf] het %" PRId64 ", hom-alt %" PRId64
                " (het:hom %.2f), haploid-alt %" PRId64 "\n",
                st.het, st.hom_alt,
                st.hom_alt ? static_cast<double>(st.het) / static_cast<double>(st.hom_alt) : 0.0,
                st.hap_alt);
    }
    return 0;
}
