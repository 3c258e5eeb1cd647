#include "engine/rules/genotype_qc.hpp"

#include <cstdio>

namespace nbs {

bool is_homozygous_call(const AlleleCall& call) {
    return call.copies > 0 && call.copies == call.ploidy - call.missing_alleles &&
           call.missing_alleles == 0;
}

GenotypeQc check_genotype(const AlleleCall& call, const Thresholds& th) {
    GenotypeQc qc;
    if (th.require_filter_pass) {
        for (const auto& f : call.filters) {
            if (f != "PASS" && f != ".") {
                qc.pass = false;
                qc.failures.push_back("FILTER " + f);
            }
        }
    }
    if (call.gq) {
        if (*call.gq < th.min_gq) {
            qc.pass = false;
            qc.failures.push_back("GQ " + std::to_string(*call.gq) + " < " +
                                  std::to_string(th.min_gq));
        }
    } else {
        qc.not_checked.emplace_back("GQ");
    }
    if (call.dp) {
        if (*call.dp < th.min_dp) {
            qc.pass = false;
            qc.failures.push_back("DP " + std::to_string(*call.dp) + " < " +
                                  std::to_string(th.min_dp));
        }
    } else {
        qc.not_checked.emplace_back("DP");
    }
    if (const auto ab = call.allele_balance()) {
        const bool hom = is_homozygous_call(call);
        const char* kind = hom ? (call.ploidy == 1 ? "hemizygous" : "homozygous") : "heterozygous";
        char buf[200];
        if (*ab < th.min_het_allele_balance) {
            qc.pass = false;
            std::snprintf(buf, sizeof buf, "allele balance %.2f < %.2f (%s)", *ab,
                          th.min_het_allele_balance, kind);
            qc.failures.emplace_back(buf);
        } else if (hom && *ab < th.min_hom_allele_balance) {
            std::snprintf(buf, sizeof buf,
                          "allele balance %.2f < %.2f in a %s call: zygosity uncertain "
                          "(mosaicism, contamination or a heterozygous call)",
                          *ab, th.min_hom_allele_balance, kind);
            qc.warnings.emplace_back(buf);
        }
    } else {
        qc.not_checked.emplace_back("AD");
    }
    return qc;
}

}  // namespace nbs
