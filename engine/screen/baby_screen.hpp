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
#include "engine/screen/baby_result.hpp"
#include "engine/screen/coverage_gate.hpp"
#include "engine/screen/screen_baby.hpp"
#include "engine/screen/screen_plan.hpp"

namespace nbs {

class VcfReader;

/// What the reader says about the file, the same for every baby read from it.
struct VcfFacts {
    std::string access;  // "indexed" | "streaming"
    std::string contig_naming;
    int contigs_checked = 0;
    bool has_lengths = false;
    std::uint64_t vcf_size = 0;
};

/// The annotations the header declares (annotate/ recognises them by their descriptions); their
/// INFO keys are read from here on.
[[nodiscard]] AnnotationSchema read_annotation_schema(VcfReader& reader, const Thresholds& th);
[[nodiscard]] VcfFacts vcf_facts(const VcfReader& reader, const std::string& path);

class BabyScreen {
  public:
    /// `vcf_sample` is the baby's column (the name as the file writes it).
    BabyScreen(const ScreenPlan& plan, const BabyInput& input, const AnnotationSchema& schema,
               const VcfFacts& facts, std::string vcf_sample);

    /// One record, its FORMAT in rec.sample for this baby.
    void add(const VcfRecord& rec);

    /// Sex, inheritance, coverage gate and status, once every record was added.
    /// `contigs`: the file's chromosomes with records (VcfReader::contigs_with_records).
    [[nodiscard]] BabyResult finish(const std::set<std::string>& contigs,
                                    std::uint64_t records_seen, std::uint64_t records_decoded,
                                    CoverageOutcome coverage);

    [[nodiscard]] const std::string& vcf_sample() const { return result_.input.vcf_sample; }

  private:
    struct EntryAlleles {
        std::vector<ReportedAllele> passing;
    };
    const ScreenPlan& plan_;
    const BabyInput& input_;
    const AnnotationSchema& schema_;
    BabyResult result_;
    std::map<std::size_t, EntryAlleles> by_entry_;  // by genes.tsv row: deterministic output
    // Phased SNVs without annotation in one MANE codon, per entry, codon, phase set and
    // haplotype: translated together in finish() (issue 11 item 3).
    std::map<std::tuple<std::size_t, std::int64_t, std::int64_t, int>, std::vector<AlleleCall>>
        cis_;
    void add_cis_codons();
    /// <DEL> alleles: transcript ablation of a panel gene's MANE model, or a flag (rules.md 2g).
    void add_symbolic_deletions(const VcfRecord& rec);
};

/// True when the genotype carries an ALT: only such a genotype can change a baby's screen (no
/// allele to split, no sex evidence), so a cohort pass skips the others.
[[nodiscard]] bool carries_alt(const SampleFormat& s);

}  // namespace nbs
