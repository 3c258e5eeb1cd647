#pragma once
// Built-in consequence on a transcript model (issue 11 item 3): what an allele does to the MANE
// transcript the panel carries, from the panel's own sequence, for inputs that carry no
// consequence annotation (the caller's raw VCF: DRAGEN, GATK, DeepVariant).
//
// Terms are Sequence Ontology names as VEP writes them (transcript_ablation, splice_donor_variant,
// stop_gained, frameshift_variant, missense_variant, ...); the region definitions follow SO and
// VEP (docs/rules.md, "Built-in consequence"): splice donor/acceptor = the first/last two bases of
// an intron; splice region = 1-3 exon bases or 3-8 intron bases from an exon-intron boundary.
//
// Worked example (bcftools' TLR8 test transcript ENST00000218032, + strand, CDS starting at 108 in
// exon 1 = 21-110): X:107 CATG>C deletes 108-110, the whole start codon, the last three bases of
// exon 1: inframe_deletion, start_lost, splice_region_variant; c.1_3del, p.Met1?.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/variant.hpp"
#include "engine/genome/reference.hpp"
#include "engine/genome/transcript.hpp"

namespace nbs {

/// Why a truncating allele is predicted to escape nonsense-mediated decay (Abou Tayoun et al.
/// 2018, ClinGen SVI PVS1 decision tree): the premature stop lies in the last exon, in the 3'-most
/// 50 nucleotides of the penultimate exon, or the transcript has a single exon.
enum class NmdEscape { none, last_exon, penultimate_exon_last_50nt, single_exon };
[[nodiscard]] std::string_view to_string(NmdEscape e);

/// One change in genomic orientation: bases start..end replaced by `ins` (end = start - 1 for a
/// pure insertion between start - 1 and start).
struct GenomicEdit {
    std::int64_t start = 0;
    std::int64_t end = 0;
    std::string ins;
    /// A symbolic insertion (<INS>, <INS:ME:ALU>): bases of unknown number and sequence go in
    /// between start - 1 and start; `ins` is empty.
    bool unknown_insertion = false;
    [[nodiscard]] bool insertion() const { return end < start; }
};
/// The edit a VCF-style allele makes (shared first and last bases trimmed).
[[nodiscard]] GenomicEdit to_edit(const Variant& v);

struct BuiltinConsequence {
    std::string transcript;          // with version
    std::vector<std::string> terms;  // SO terms, most severe first
    std::string hgvs_c;              // e.g. "c.1_3del", "c.[76A>T;78G>C]"; empty when unnamed
    std::string hgvs_p;              // e.g. "p.Met1?", "p.Arg97ProfsTer23"; empty off the CDS
    NmdEscape nmd_escape = NmdEscape::none;  // set only for stop_gained / frameshift_variant
    /// The most severe loss-of-function term (consequence.hpp is_lof_term), empty if none.
    [[nodiscard]] std::string lof_term() const;
};

enum class ConsequenceStatus {
    annotated,           // `out` holds the consequence
    outside_transcript,  // the allele touches no base of the transcript
    no_sequence,         // the panel's sequence does not cover the allele's bases
    ref_mismatch,        // REF disagrees with the panel's sequence
    not_sequence,        // a symbolic ALT other than an insertion ('*', <DEL>, <DUP>, a breakend):
                         // see symbolic_deletion
};

/// A transcript model with its spliced sequence, built once and asked many times.
class CodingTranscript {
  public:
    /// nullopt when `slices` lack any exon's bases. `slices` must outlive the object.
    [[nodiscard]] static std::optional<CodingTranscript> build(const TranscriptModel& model,
                                                               const ReferenceSlices& slices);

    /// The consequence of `haplotype` — alleles on one haplotype, sorted by position, not
    /// overlapping (one allele; an MNP; SNVs in one codon combined before translation; a group
    /// of haplotype_consequence.hpp translation_groups).
    [[nodiscard]] ConsequenceStatus annotate(const std::vector<Variant>& haplotype,
                                             BuiltinConsequence& out) const;
    /// A symbolic deletion (e.g. <DEL> with INFO/END) of chrom:start-end: transcript_ablation
    /// when it covers the whole transcript, else nullopt (partial deletions are not named).
    [[nodiscard]] std::optional<BuiltinConsequence> symbolic_deletion(std::int64_t start,
                                                                      std::int64_t end) const;

    /// 0-based codon number of a genomic CDS base, nullopt off the CDS.
    [[nodiscard]] std::optional<std::int64_t> codon_of(std::int64_t pos) const;
    [[nodiscard]] const TranscriptModel& model() const { return model_; }
    [[nodiscard]] bool coding() const { return cds_start_ >= 0; }

    // ---- the coordinate map, used by hgvs.cpp ----
    /// 0-based index in the spliced transcript (5'->3') of an exonic base, nullopt otherwise.
    [[nodiscard]] std::optional<std::int64_t> tx_index(std::int64_t pos) const;
    /// HGVS c. (n. for a non-coding transcript) position of a genomic base: "123", "-5", "*10",
    /// "87+1", "88-2", "-15+3".
    [[nodiscard]] std::string c_position(std::int64_t pos) const;
    [[nodiscard]] const std::string& mrna() const { return mrna_; }
    [[nodiscard]] std::int64_t cds_start() const { return cds_start_; }
    [[nodiscard]] std::int64_t cds_end() const { return cds_end_; }
    [[nodiscard]] const ReferenceSlices& slices() const { return *slices_; }
    /// The exon (genomic order index) that holds `pos`, or -1.
    [[nodiscard]] int exon_of(std::int64_t pos) const;

  private:
    struct TxExon {
        std::int64_t start = 0, end = 0;  // genomic
        std::int64_t tx_start = 0;        // 0-based transcript index of the exon's 5' base
    };
    [[nodiscard]] std::string position_from_tx(std::int64_t tx) const;
    void splice_terms(const GenomicEdit& e, std::vector<std::string>& terms) const;
    /// An insertion or deletion shifted as far 5' (`left`) or 3' on the genome as the sequence
    /// allows: every position between names the same change. Other edits come back unchanged.
    [[nodiscard]] GenomicEdit shifted(GenomicEdit e, bool left) const;
    /// The splice terms every equivalent position of `e` earns (the splice sites it hits in all
    /// of them), with splice_region when any touches the region.
    void splice_terms_any_position(const GenomicEdit& e, std::vector<std::string>& terms) const;
    [[nodiscard]] NmdEscape nmd_escape_at(std::int64_t ref_tx) const;

    TranscriptModel model_;
    const ReferenceSlices* slices_ = nullptr;
    std::vector<TxExon> exons_;                   // transcript order (5'->3')
    std::string mrna_;                            // spliced exons, transcript orientation
    std::int64_t cds_start_ = -1, cds_end_ = -1;  // 0-based transcript indexes; stop included
    std::string ref_protein_;                     // CDS translated (stop codon as '*')
    bool start_complete_ = true;                  // no GFF3 phase: the CDS opens with codon 1
};

}  // namespace nbs
