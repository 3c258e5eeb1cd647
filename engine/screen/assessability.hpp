#pragma once
// "Never negative on evidence nbscreen did not see": the ways a condition becomes not assessable
// other than coverage (coverage_gate.hpp). Each adds NotAssessable entries with the reason, for
// the gene entries that did not already give a finding; the status then reads "incomplete"
// unless something else was found.
//
//   unseen chromosome   the input has no record at all on the chromosome of a panel gene (an
//                       empty, header-only or one-chromosome file; a file cut short). chrY genes
//                       are exempt in a baby whose karyotype has no Y.
//   required evidence   the condition's main mechanism needs evidence a small-variant VCF does
//                       not hold (conditions.tsv requires_evidence, e.g. SMN1 copy number for
//                       SMA), and the screen had none.
//   failed QC           an allele qualified for the entry by some route but failed genotype QC
//                       (FILTER, GQ, DP, allele balance): its genotype cannot be trusted, in
//                       either direction (a low-GQ "0/1" may be "1/1").
#include <map>
#include <set>
#include <string>

#include "engine/panel/panel.hpp"
#include "engine/screen/baby_result.hpp"

namespace nbs {

/// `contigs_with_records`: canonical chromosomes on which the input has at least one record.
void mark_unseen_chromosomes(BabyResult& r, const Panel& panel,
                             const std::set<std::string>& contigs_with_records);

/// `available`: kinds of evidence the screen had (e.g. "smn1_copy_number" when the SMN caller
/// ran). `why_missing`: per kind, what would have given it (appended to the reason).
void mark_required_evidence(BabyResult& r, const Panel& panel,
                            const std::set<std::string>& available,
                            const std::map<std::string, std::string>& why_missing = {});

/// From r.set_aside entries whose reason is "failed genotype QC".
void mark_qc_failed_alleles(BabyResult& r);

/// The status from what the result holds: QC failure, then findings, then not assessable.
[[nodiscard]] BabyStatus decide_status(const BabyResult& r);

}  // namespace nbs
