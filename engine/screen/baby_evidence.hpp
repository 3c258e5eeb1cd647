#pragma once
// What a screen read for one baby, kept so the baby can be decided again under another panel
// without the VCF (issue 14, "Evidence snapshot"; docs/results.md, "The evidence snapshot").
//
// It is exactly what BabyScreen was fed: the records it was handed inside the panel's gene
// regions that carry an ALT for this baby (site, this baby's FORMAT, the INFO keys that were read),
// the sex windows' counts, the file's chromosomes and record counts, the per-interval coverage
// figures, depth sex and SMN observations, the header's INFO lines and the input's identity. It
// also says what was *read*: the gene regions, the regions decoded in full, the INFO keys carried,
// the coverage intervals and settings. A new panel is decided from the snapshot only where all it
// needs was read (evidence_gaps()); anywhere else the baby needs a re-screen from the VCF, never a
// negative from evidence that was not looked at.
//
// Replaying runs the same BabyScreen code on the same inputs, so under an unchanged panel the
// result is the one the screen gave, byte for byte.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/annotate/annotation_schema.hpp"
#include "engine/core/region.hpp"
#include "engine/core/variant.hpp"
#include "engine/coverage/sex_from_depth.hpp"
#include "engine/coverage/smn_copy_number.hpp"
#include "engine/coverage/target_coverage.hpp"
#include "engine/rules/sex_inference.hpp"
#include "engine/screen/baby_result.hpp"
#include "engine/screen/screen_baby.hpp"

namespace nbs {

class ScreenPlan;

/// What the reader says about the file, the same for every baby read from it.
struct VcfFacts {
    std::string access;  // "indexed" | "streaming"
    std::string contig_naming;
    int contigs_checked = 0;
    bool has_lengths = false;
    std::uint64_t vcf_size = 0;
};

/// Coverage as measured, before it is turned into gene figures (those are made again per panel).
struct CoverageEvidence {
    bool assessed = false;
    std::string source;  // "none" | "cram" | "bam" | "gvcf"
    std::string note;
    CoverageSettings settings;  // what the figures were measured with
    DepthStats reads;
    std::vector<IntervalCoverage> intervals;  // the reading plan's coverage_intervals(), in order
    std::optional<DepthSex> depth_sex;
    std::vector<std::string> alignment_samples;
    std::string alignment_sample_check;
    std::optional<SmnObservation> smn;
    std::string smn_reading;  // smn_reading_signature() of the smn.tsv it was read with
};

struct BabyEvidence {
    BabyInput input;  // as the manifest gave it
    // What proves the VCF (batch/vcf_identity.hpp): the whole file's SHA-256, or for an indexed
    // read "footprint-v1:<sha256>:<ranges>"; "" for stdin or a file that is not regular.
    std::string vcf_sha256;
    std::string vcf_sample;  // the column read (the name as the file writes it)
    VcfFacts facts;
    std::string panel_id, panel_version, panel_sha256;  // the panel that read it
    std::string panel_source;  // its path as the screen was given it ("" with --no-provenance)
    // What was read.
    std::vector<Region> gene_regions;    // records were kept only here
    std::vector<Region> decode_regions;  // records were decoded in full only here
    std::vector<std::string> info_keys;  // INFO keys carried into the records (sorted)
    std::vector<InfoHeaderLine> info_header;
    // What was seen.
    std::vector<VcfRecord> records;  // `cohort` empty, `sample` this baby's
    SexEvidence sex;                 // the sex windows' counts (y_called is set when deciding)
    std::vector<std::string> contigs;
    std::uint64_t records_seen = 0, records_decoded = 0;
    CoverageEvidence coverage;
};

/// Something the new panel needs that the snapshot does not hold: `gene` empty when it concerns
/// every condition (an INFO key not read, other coverage settings).
struct EvidenceGap {
    std::string gene;
    std::string reason;
};

/// What a panel's SMN1 caller reads from alignments (sites, regions, read filters); its model
/// parameters are decided again from the counts. "" without smn.tsv.
[[nodiscard]] std::string smn_reading_signature(const Panel& panel);

/// Where `plan` needs evidence that `ev` does not hold, one entry per gene (sorted, unique).
[[nodiscard]] std::vector<EvidenceGap> evidence_gaps(const ScreenPlan& plan,
                                                     const BabyEvidence& ev);

/// The baby decided under `plan` from its snapshot. Call only when evidence_gaps() is empty.
[[nodiscard]] BabyResult decide_from_evidence(const ScreenPlan& plan, const BabyEvidence& ev);

}  // namespace nbs
