#include "engine/screen/smn_screen.hpp"

#include <cstdio>

namespace nbs {
namespace {

constexpr const char* kKind = "smn1_copy_number";

std::string summary(const SmnCall& c) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "%u of %u reads over c.840 carry the SMN1 base C (score %.1f)",
                  c.c840_smn1_reads, c.c840_reads, c.c840_phred);
    std::string s = "0 intact SMN1 copies: " + std::string(buf);
    if (c.full_length)
        s += "; SMN1+SMN2 exon 7-8 copy number " + std::to_string(*c.full_length) +
             (c.smn2 ? ", SMN2 " + std::to_string(*c.smn2) : "");
    else if (!c.normalised)
        s += "; depth normalisation not available (" + c.normalisation_note + ")";
    return s;
}

}  // namespace

SmnEvidence apply_smn(BabyResult& r, const Panel& panel, const std::optional<SmnObservation>& obs,
                      bool had_alignments) {
    SmnEvidence ev;
    if (!obs || !panel.smn) {
        ev.why_missing[kKind] =
            !had_alignments ? "SMN1 copy number needs the baby's alignments: give --cram/--bam or "
                              "a cram manifest column"
                            : "the panel has no smn.tsv, so SMN1 copy number was not called";
        return ev;
    }
    ev.available.insert(kKind);
    const SmnCall call = call_smn(*obs, *panel.smn);
    r.smn = call;
    std::set<std::pair<std::string, std::string>> done;
    for (const GeneEntry& e : panel.genes) {
        const Condition* c = panel.find_condition(e.condition_id);
        if (c == nullptr || c->requires_evidence != kKind) continue;
        if (!done.insert({e.condition_id, e.symbol}).second) continue;
        if (!call.assessable) {
            r.not_assessable.push_back({e.condition_id, e.symbol,
                                        "SMN1 copy number not assessable: " + call.reason, 0, 0,
                                        0.0});
            continue;
        }
        if (call.intact_smn1 != 0) continue;
        Finding* f = nullptr;
        for (auto& x : r.findings)
            if (x.condition_id == e.condition_id && x.gene == e.symbol) f = &x;
        if (f == nullptr) {
            Finding n;
            n.condition_id = e.condition_id;
            n.condition_name = c->name;
            n.gene = e.symbol;
            n.hgnc_id = e.hgnc_id;
            n.moi = e.moi;
            n.outcome.reported = true;
            n.outcome.phase = Phase::not_applicable;
            n.outcome.zygosity = "homozygous";
            n.outcome.reason = summary(call);
            r.findings.push_back(std::move(n));
            f = &r.findings.back();
        }
        f->smn = call;
        for (const auto& flag : call.flags)
            f->flags.push_back(flag);
    }
    return ev;
}

}  // namespace nbs
