#include "engine/rules/sex_inference.hpp"

#include <cstdio>

#include "engine/genome/contig.hpp"

namespace nbs {

namespace {

// chrX: 100 kb at 5, 15, ..., 145 Mb. Fifteen windows spread along the chromosome, so one long run
// of homozygosity cannot decide the het ratio. All lie outside PAR1 (to 2,781,479) and PAR2 (from
// 155,701,383; GRC, https://www.ncbi.nlm.nih.gov/grc/human), and at least 1.7 Mb from the
// X-transposed region, chrX:89,140,845-93,328,068 in GRCh38 (DXS1217 to DXS3, the definition of
// Webster et al. 2019, GigaScience 8:giz074, doi:10.1093/gigascience/giz074; marker positions from
// Ensembl), which is 99% identical to chrY and draws male reads both ways.
constexpr std::int64_t kXWindowStartMb[] = {5,  15, 25,  35,  45,  55,  65, 75,
                                            85, 95, 105, 115, 125, 135, 145};
constexpr std::int64_t kXWindowBp = 100000;

// chrY: the X-degenerate single-copy genes of the male-specific region (Skaletsky et al. 2003,
// Nature 423:825-837, doi:10.1038/nature01722), GRCh38 spans from MANE v1.0 (NCBI/EMBL-EBI). The
// X-transposed (PCDH11Y, TGIF2LY: chrY ~3-6 Mb) and ampliconic (TSPY, VCY, CDY, HSFY, RBMY, PRY,
// BPY2, DAZ) regions are left out: reads from chrX or from other copies map there, so they show
// calls in girls. PRKY is left out too (PRKX/PRKY exchange is a known cause of XX males).
struct YWindow {
    std::int64_t start, end;
    const char* genes;
};
constexpr YWindow kYWindows[] = {
    {kPar1YEnd + 1, 2982506, "PAR1 boundary to ZFY end: SRY, RPS4Y1, ZFY"},
    {6865918, 7091683, "AMELY, TBL1Y"},
    {12701231, 13706024, "AZFa: USP9Y, DDX3Y, UTY, to TMSB4Y"},
    {14524529, 14845654, "NLGN4Y"},
    {19703865, 19744726, "KDM5D"},
    {20575776, 20593154, "EIF1AY"},
    {20756108, 20781032, "RPS4Y2"},
};

}  // namespace

std::vector<Region> sex_inference_regions() {
    std::vector<Region> out;
    for (std::int64_t mb : kXWindowStartMb)
        out.push_back({"chrX", mb * 1000000 + 1, mb * 1000000 + kXWindowBp});
    for (const YWindow& w : kYWindows)
        out.push_back({"chrY", w.start, w.end});
    return out;
}

bool in_y_sex_window(std::string_view canonical, std::int64_t pos) {
    if (canonical != "chrY") return false;
    for (const YWindow& w : kYWindows)
        if (pos >= w.start && pos <= w.end) return true;
    return false;
}

void SexEvidence::add(const VcfRecord& rec) {
    const auto& a = rec.sample.alleles;
    if (a.empty()) return;
    bool any_alt = false, any_missing = false;
    for (int x : a) {
        any_alt = any_alt || x > 0;
        any_missing = any_missing || x < 0;
    }
    if (!any_alt || any_missing) return;
    if (is_x_nonpar(rec.chrom, rec.pos)) {
        ++x_nonpar_calls;
        if (a.size() == 1) ++x_haploid_calls;
        if (a.size() >= 2 && a[0] != a[1]) ++x_nonpar_het;
    } else if (in_y_sex_window(rec.chrom, rec.pos)) {
        ++y_nonpar_calls;
    }
}

std::optional<double> SexEvidence::x_het_ratio() const {
    if (x_nonpar_calls == 0) return std::nullopt;
    return static_cast<double>(x_nonpar_het) / static_cast<double>(x_nonpar_calls);
}

std::string_view to_string(YEvidence y) {
    switch (y) {
        case YEvidence::present:
            return "present";
        case YEvidence::absent:
            return "absent";
        case YEvidence::not_assessed:
            return "not_assessed";
    }
    return "not_assessed";
}

SexInference infer_karyotype(const SexEvidence& e) {
    SexInference out;
    char buf[200];
    // Y: present with enough calls; absent only with none at all in the windows (a man shows
    // about 25 there on average: one per ~73 kb, docs/rules.md rule 5); a few calls, or many
    // that are too few beside chrX, decide nothing (mismapped reads in a girl, or a man whose Y
    // is close to the reference's), so Y is then not assessed rather than absent.
    bool undecided = false;
    if (!e.y_called) {
        out.y = YEvidence::not_assessed;
    } else {
        const bool y =
            e.y_nonpar_calls >= kMinYCalls &&
            static_cast<double>(e.y_nonpar_calls) >= 0.02 * static_cast<double>(e.x_nonpar_calls);
        undecided = !y && e.y_nonpar_calls > 0;
        out.y = y ? YEvidence::present : undecided ? YEvidence::not_assessed : YEvidence::absent;
    }
    std::string y_text = e.y_called
                             ? std::to_string(e.y_nonpar_calls) + " chrY non-PAR calls"
                             : std::string("chrY not assessed (the file has no chrY records)");
    if (undecided) {
        std::snprintf(buf, sizeof buf,
                      " (too few to decide on a Y: it needs >= %llu and >= 2%% of the chrX calls; "
                      "none would mean no Y)",
                      static_cast<unsigned long long>(kMinYCalls));
        y_text += buf;
    }
    if (e.x_nonpar_calls < kMinXCalls) {
        std::snprintf(buf, sizeof buf, "too few chrX non-PAR calls to infer (%llu < %llu); ",
                      static_cast<unsigned long long>(e.x_nonpar_calls),
                      static_cast<unsigned long long>(kMinXCalls));
        out.reason = buf + y_text;
        return out;
    }
    const double ratio = *e.x_het_ratio();
    if (ratio >= 0.2)
        out.x_copies = 2;
    else if (ratio <= 0.05)
        out.x_copies = 1;
    std::snprintf(buf, sizeof buf, "chrX non-PAR het ratio %.3f over %llu calls; ", ratio,
                  static_cast<unsigned long long>(e.x_nonpar_calls));
    out.reason = buf + y_text;
    if (out.x_copies == 0) {
        out.reason += " (het ratio between 0.05 and 0.2 is ambiguous)";
        return out;
    }
    switch (out.y) {
        case YEvidence::present:
            out.karyotype = out.x_copies == 2 ? Karyotype::XXY : Karyotype::XY;
            break;
        case YEvidence::absent:
            out.karyotype = out.x_copies == 2 ? Karyotype::XX : Karyotype::X0;
            break;
        case YEvidence::not_assessed:
            if (out.x_copies == 2) {
                out.karyotype = Karyotype::XX;
                out.reason += " (two X; XX and XXY cannot be told apart without chrY)";
            } else {
                out.reason +=
                    " (one X or a long run of homozygosity on chrX; without chrY this is not "
                    "enough to call the baby hemizygous)";
            }
            break;
    }
    return out;
}

}  // namespace nbs
