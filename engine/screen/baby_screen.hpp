#pragma once
// One baby's screen as state that records are fed into, so one reader can feed many babies: a
// single-sample screen (screen_baby) feeds one, a cohort pass over a multi-sample file
// (screen_cohort) feeds each baby of the file from the same records. Either way a baby's result
// is made by the same code from the same records, so it is the same.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "engine/annotate/annotation_schema.hpp"
#include "engine/core/variant.hpp"
#include "engine/screen/baby_evidence.hpp"
#include "engine/screen/baby_result.hpp"
#include "engine/screen/coverage_gate.hpp"
#include "engine/screen/screen_baby.hpp"
#include "engine/screen/screen_plan.hpp"

namespace nbs {

class VcfReader;

/// The annotations the header declares (annotate/ recognises them by their descriptions); their
/// INFO keys are read from here on. `lines`: the header's INFO lines, for the evidence snapshot.
[[nodiscard]] AnnotationSchema read_annotation_schema(VcfReader& reader, const Thresholds& th,
                                                      std::vector<InfoHeaderLine>* lines = nullptr);
/// The INFO keys a reader carries into records under `plan` for a file with this header.
[[nodiscard]] std::vector<std::string> carried_info_keys(const ScreenPlan& plan,
                                                         const AnnotationSchema& schema,
                                                         const std::vector<InfoHeaderLine>& header);
[[nodiscard]] VcfFacts vcf_facts(const VcfReader& reader, const std::string& path);

class BabyScreen {
  public:
    /// `vcf_sample` is the baby's column (the name as the file writes it). `info_header`: the
    /// header's INFO lines, kept in the evidence snapshot (read_annotation_schema gives them).
    BabyScreen(const ScreenPlan& plan, const BabyInput& input, const AnnotationSchema& schema,
               const VcfFacts& facts, std::string vcf_sample,
               std::vector<InfoHeaderLine> info_header = {});

    /// One record, its FORMAT in rec.sample for this baby.
    void add(const VcfRecord& rec);

    /// A snapshot's records under this screen's plan (baby_evidence.hpp): its sex counts as
    /// they were, each record as add() would take it, nothing captured again.
    void replay(const BabyEvidence& ev);

    /// Sex, inheritance, coverage gate and status, once every record was added.
    /// `contigs`: the file's chromosomes with records (VcfReader::contigs_with_records).
    /// `evidence`: when given, receives what the baby's decision was made from (its snapshot);
    /// the caller adds the VCF's checksum.
    [[nodiscard]] BabyResult finish(const std::set<std::string>& contigs,
                                    std::uint64_t records_seen, std::uint64_t records_decoded,
                                    CoverageOutcome coverage, BabyEvidence* evidence = nullptr);

    [[nodiscard]] const std::string& vcf_sample() const { return result_.input.vcf_sample; }

  private:
    struct EntryAlleles {
        std::vector<ReportedAllele> passing;
    };
    const ScreenPlan& plan_;
    const BabyInput& input_;
    const AnnotationSchema& schema_;
    BabyResult result_;
    BabyEvidence evidence_;  // what add() was handed, while capture_
    bool capture_ = true;
    void add_alleles(const VcfRecord& rec);
    std::map<std::size_t, EntryAlleles> by_entry_;  // by genes.tsv row: deterministic output
    // Phased SNVs without annotation in one MANE codon, per entry, codon, phase set and
    // haplotype: translated together in finish() (issue 11 item 3).
    std::map<std::tuple<std::size_t, std::int64_t, std::int64_t, int>, std::vector<AlleleCall>>
        cis_;
    void add_cis_codons();
    /// <DEL> alleles: transcript ablation of a panel gene's MANE model, or a flag (rules.md 2g).
    /// True when a <DEL> of the record reached a panel gene (then the record is evidence).
    bool add_symbolic_deletions(const VcfRecord& rec);
};

/// True when the genotype carries an ALT: only such a genotype can change a baby's screen (no
/// allele to split, no sex evidence), so a cohort pass skips the others.
[[nodiscard]] bool carries_alt(const SampleFormat& s);

/// True when an ALT of the record is a symbolic deletion (<DEL>, <DEL:ME:...>).
[[nodiscard]] bool has_symbolic_deletion(const VcfRecord& rec);

}  // namespace nbs
