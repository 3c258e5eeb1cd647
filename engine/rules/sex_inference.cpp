#include "engine/rules/sex_inference.hpp"

#include <cstdio>

#include "engine/genome/contig.hpp"

namespace nbs {

std::vector<Region> sex_inference_regions() {
    std::vector<Region> out;
    for (std::int64_t mb = 5; mb <= 145; mb += 10)
        out.push_back({"chrX", mb * 1000000 + 1, (mb + 1) * 1000000});
    out.push_back({"chrY", kPar1YEnd + 1, kPar2YStart - 1});
    return out;
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
    } else if (is_y_nonpar(rec.chrom, rec.pos)) {
        ++y_nonpar_calls;
    }
}

std::optional<double> SexEvidence::x_het_ratio() const {
    if (x_nonpar_calls == 0) return std::nullopt;
    return static_cast<double>(x_nonpar_het) / static_cast<double>(x_nonpar_calls);
}

SexInference infer_karyotype(const SexEvidence& e) {
    SexInference out;
    if (e.x_nonpar_calls < kMinXCalls) {
        out.reason = "too few chrX non-PAR calls to infer (" + std::to_string(e.x_nonpar_calls) +
                     " < " + std::to_string(kMinXCalls) + ")";
        return out;
    }
    const double ratio = *e.x_het_ratio();
    int n_x = 0;
    if (ratio >= 0.2)
        n_x = 2;
    else if (ratio <= 0.05)
        n_x = 1;
    // Females show a few chrY calls from mismapped reads; a Y is called only with many.
    const bool y = e.y_nonpar_calls >= 10 && static_cast<double>(e.y_nonpar_calls) >=
                                                 0.02 * static_cast<double>(e.x_nonpar_calls);
    char buf[160];
    std::snprintf(buf, sizeof buf,
                  "chrX non-PAR het ratio %.3f over %llu calls; %llu chrY non-PAR calls", ratio,
                  static_cast<unsigned long long>(e.x_nonpar_calls),
                  static_cast<unsigned long long>(e.y_nonpar_calls));
    out.reason = buf;
    if (n_x == 0) {
        out.reason += " (het ratio between 0.05 and 0.2 is ambiguous)";
        return out;
    }
    out.karyotype =
        n_x == 2 ? (y ? Karyotype::XXY : Karyotype::XX) : (y ? Karyotype::XY : Karyotype::X0);
    return out;
}

}  // namespace nbs
