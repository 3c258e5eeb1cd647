#include "engine/rules/inheritance.hpp"

#include <algorithm>

#include "engine/genome/contig.hpp"
#include "engine/rules/genotype_qc.hpp"

namespace nbs {

std::string_view to_string(Phase p) {
    switch (p) {
        case Phase::trans:
            return "trans";
        case Phase::cis:
            return "cis";
        case Phase::unknown:
            return "unknown";
        case Phase::not_applicable:
            return "n/a";
    }
    return "n/a";
}

Phase pair_phase(const AlleleCall& a, const AlleleCall& b) {
    const bool same_record = a.as_written.chrom == b.as_written.chrom &&
                             a.as_written.pos == b.as_written.pos &&
                             a.as_written.ref == b.as_written.ref && a.genotype == b.genotype;
    // Two SNVs decomposed from one MNP allele (or the MNP and one of its SNVs) ride on the same
    // copy of the chromosome.
    if (same_record && a.alt_index == b.alt_index) return Phase::cis;
    if (same_record && a.ploidy == 2 && a.copies == 1 && b.copies == 1) return Phase::trans;
    if (a.phased && b.phased && a.phase_set == b.phase_set &&
        a.as_written.chrom == b.as_written.chrom) {
        if ((a.haplotypes & b.haplotypes) == 0) return Phase::trans;
        if (a.haplotypes == b.haplotypes) return Phase::cis;
    }
    return Phase::unknown;
}

namespace {

InheritanceOutcome biallelic_rule(const std::vector<const AlleleCall*>& alleles) {
    InheritanceOutcome out;
    for (const auto* a : alleles) {
        // A haploid call ("1") outside a hemizygous context shows only this allele: homozygous.
        if (a->copies >= 2 || (a->ploidy == 1 && a->copies == 1)) {
            out.reported = true;
            out.zygosity = "homozygous";
            out.reason = "homozygous qualifying allele " + a->variant.to_string();
            return out;
        }
    }
    if (alleles.size() < 2) {
        out.reason = "one heterozygous qualifying allele: carrier, not reported";
        return out;
    }
    bool any_unknown = false;
    for (std::size_t i = 0; i < alleles.size(); ++i) {
        for (std::size_t j = i + 1; j < alleles.size(); ++j) {
            const Phase p = pair_phase(*alleles[i], *alleles[j]);
            if (p == Phase::trans) {
                out.reported = true;
                out.phase = Phase::trans;
                out.zygosity = "compound_heterozygous";
                out.reason = "two qualifying alleles in trans";
                return out;
            }
            if (p == Phase::unknown) any_unknown = true;
        }
    }
    if (any_unknown) {
        out.reported = true;
        out.phase = Phase::unknown;
        out.zygosity = "compound_heterozygous";
        out.reason = "two qualifying alleles, phase unknown";
        return out;
    }
    out.phase = Phase::cis;
    out.reason = "qualifying alleles are in cis (same phase set, same haplotype): not reported";
    return out;
}

}  // namespace

InheritanceOutcome evaluate_inheritance(const GeneEntry& gene,
                                        const std::vector<const AlleleCall*>& alleles,
                                        Karyotype karyotype) {
    InheritanceOutcome out;
    if (alleles.empty()) {
        out.reason = "no qualifying allele";
        return out;
    }
    const bool par =
        in_par(gene.span.chrom, gene.span.start) && in_par(gene.span.chrom, gene.span.end);
    switch (gene.moi) {
        case Moi::monoallelic:
        case Moi::xlinked_monoallelic: {
            // Several qualifying alleles: the finding is named after the strongest one
            // (hemizygous > homozygous > heterozygous), whatever their order in the file.
            auto rank = [&](const AlleleCall* a) {
                if (!is_homozygous_call(*a)) return 0;
                return is_x_nonpar(a->variant.chrom, a->variant.pos) && is_hemizygous_x(karyotype)
                           ? 2
                           : 1;
            };
            int best = 0;
            for (const auto* a : alleles)
                best = std::max(best, rank(a));
            out.reported = true;
            out.zygosity = best == 2 ? "hemizygous" : best == 1 ? "homozygous" : "heterozygous";
            out.reason = "qualifying allele in a " + std::string(to_string(gene.moi)) + " gene";
            return out;
        }
        case Moi::biallelic:
            return biallelic_rule(alleles);
        case Moi::xlinked_biallelic: {
            if (!par && is_hemizygous_x(karyotype)) {
                for (const auto* a : alleles) {
                    if (!is_x_nonpar(a->variant.chrom, a->variant.pos)) continue;
                    out.reported = true;
                    out.zygosity = "hemizygous";
                    out.reason = "hemizygous qualifying allele in an " +
                                 std::string(to_string(karyotype)) + " baby (" + a->genotype + ")";
                    return out;
                }
            }
            return biallelic_rule(alleles);
        }
    }
    return out;
}

}  // namespace nbs
