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
    if (!e.y_called) {
        out.y = YEvidence::not_assessed;
    } else {
        const bool y =
            e.y_nonpar_calls >= kMinYCalls &&
            static_cast<double>(e.y_nonpar_calls) >= 0.02 * static_cast<double>(e.x_nonpar_calls);
        out.y = y ? YEvidence::present : YEvidence::absent;
    }
    const std::string y_text =
        e.y_called ? std::to_string(e.y_nonpar_calls) + " chrY non-PAR calls"
                   : std::string("chrY not assessed (the file has no chrY records)");
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
