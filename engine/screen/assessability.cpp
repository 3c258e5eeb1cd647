#include "engine/screen/assessability.hpp"

#include <utility>

#include "engine/genome/contig.hpp"

namespace nbs {
namespace {

using EntryKey = std::pair<std::string, std::string>;  // condition_id, gene

std::set<EntryKey> found_entries(const BabyResult& r) {
    std::set<EntryKey> found;
    for (const auto& f : r.findings)
        found.insert({f.condition_id, f.gene});
    return found;
}

bool has_y(Karyotype k) {
    return k == Karyotype::XY || k == Karyotype::XXY;
}

}  // namespace

void mark_unseen_chromosomes(BabyResult& r, const Panel& panel,
                             const std::set<std::string>& contigs_with_records) {
    const std::set<EntryKey> found = found_entries(r);
    std::set<EntryKey> listed;
    for (const GeneEntry& e : panel.genes) {
        const std::string& chrom = e.span.chrom;
        if (contigs_with_records.count(chrom) != 0) continue;
        // A baby without a Y chromosome is not missing chrY data.
        if (chrom == "chrY" && r.sex.used != Karyotype::unknown && !has_y(r.sex.used)) continue;
        const EntryKey key{e.condition_id, e.symbol};
        if (found.count(key) != 0 || !listed.insert(key).second) continue;
        r.not_assessable.push_back({e.condition_id, e.symbol,
                                    "no calls on " + chrom +
                                        " in this file: the gene was not seen, so a negative "
                                        "cannot be vouched for",
                                    0, 0, 0.0});
    }
}

void mark_required_evidence(BabyResult& r, const Panel& panel,
                            const std::set<std::string>& available,
                            const std::map<std::string, std::string>& why_missing) {
    const std::set<EntryKey> found = found_entries(r);
    std::set<EntryKey> listed;
    for (const GeneEntry& e : panel.genes) {
        const Condition* c = panel.find_condition(e.condition_id);
        if (c == nullptr || c->requires_evidence.empty()) continue;
        if (available.count(c->requires_evidence) != 0) continue;
        const EntryKey key{e.condition_id, e.symbol};
        if (found.count(key) != 0 || !listed.insert(key).second) continue;
        std::string reason = "needs " + c->requires_evidence + ", which this screen did not have";
        if (const auto w = why_missing.find(c->requires_evidence); w != why_missing.end())
            reason += " (" + w->second + ")";
        if (!c->requires_reason.empty()) reason += ": " + c->requires_reason;
        r.not_assessable.push_back({e.condition_id, e.symbol, std::move(reason), 0, 0, 0.0});
    }
}

void mark_qc_failed_alleles(BabyResult& r) {
    const std::set<EntryKey> found = found_entries(r);
    for (const SetAsideAllele& s : r.set_aside) {
        if (s.reason != "failed genotype QC") continue;
        const EntryKey key{s.condition_id, s.gene};
        if (found.count(key) != 0) continue;
        std::string why;
        for (const auto& f : s.allele.qc.failures)
            why += (why.empty() ? "" : "; ") + f;
        r.not_assessable.push_back({s.condition_id, s.gene,
                                    "qualifying allele " + s.allele.call.variant.to_string() +
                                        " (GT " + s.allele.call.genotype +
                                        ") failed genotype QC: " + why,
                                    0, 0, 0.0});
    }
}

BabyStatus decide_status(const BabyResult& r) {
    if (!r.qc.failures.empty()) return BabyStatus::sample_failed_qc;
    if (!r.findings.empty()) return BabyStatus::prioritised_for_review;
    if (!r.not_assessable.empty()) return BabyStatus::incomplete;
    return BabyStatus::no_condition_suspected;
}

}  // namespace nbs
