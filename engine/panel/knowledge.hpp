#pragma once
// The knowledge a panel carries for its own genes (docs/panel-format.md, "Knowledge"): the
// reference sequence of each gene ± padding and its MANE transcript models, compiled once by
// `nbscreen panel knowledge` from named source files. Each section is a file under knowledge/
// whose SHA-256 panel.toml [knowledge.sections] records, beside each source's name, release and
// SHA-256 ([knowledge.sources.*]). Knowledge is optional: a panel without it loads as before.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/region.hpp"
#include "engine/core/variant.hpp"
#include "engine/genome/reference.hpp"
#include "engine/genome/transcript.hpp"

namespace nbs {

// 1.1 adds the optional gnomAD sections (knowledge_frequency.hpp); a 1.0 panel reads unchanged.
inline constexpr std::string_view kKnowledgeSchemaVersion = "1.1";
inline constexpr int kKnowledgeSchemaMajor = 1;
inline constexpr std::string_view kKnowledgeSequenceIndex = "knowledge/sequence.tsv";
inline constexpr std::string_view kKnowledgeSequence = "knowledge/sequence.fa.zst";
inline constexpr std::string_view kKnowledgeTranscripts = "knowledge/transcripts.tsv";
/// Optional: present only when the knowledge was built with a ClinVar VCF.
inline constexpr std::string_view kKnowledgeClinvar = "knowledge/clinvar.tsv.zst";
/// Optional: present only when the knowledge was built with gnomAD sites VCFs (schema 1.1).
inline constexpr std::string_view kKnowledgeFrequency = "knowledge/gnomad.tsv.zst";
inline constexpr std::string_view kKnowledgeFrequencyCovered = "knowledge/gnomad_covered.tsv.zst";
inline constexpr std::string_view kKnowledgeFiles[] = {
    kKnowledgeSequenceIndex, kKnowledgeSequence,  kKnowledgeTranscripts,
    kKnowledgeClinvar,       kKnowledgeFrequency, kKnowledgeFrequencyCovered};
[[nodiscard]] inline bool is_optional_knowledge_file(std::string_view f) {
    return f == kKnowledgeClinvar || f == kKnowledgeFrequency || f == kKnowledgeFrequencyCovered;
}

/// One source file the knowledge was compiled from.
struct KnowledgeSource {
    std::string kind;     // "reference" | "transcripts" | "clinvar" | "gnomad_exomes" | ...
    std::string name;     // file name as given (no directory)
    std::string release;  // as given, else read from the file name
    std::string sha256;   // of the file's bytes
    bool operator==(const KnowledgeSource&) const = default;
};

/// One row of knowledge/sequence.tsv: the slice kept for a panel gene.
struct SequenceIndexRow {
    std::string gene;
    Region region;       // what was kept (clipped to the contig); the wanted region when absent
    std::string status;  // "ok", "clipped" (the FASTA's contig ends early), "absent"
    std::string sha256;  // of the slice's bases; empty when absent
    std::uint64_t line = 0;
    bool operator==(const SequenceIndexRow& o) const {
        return gene == o.gene && region == o.region && status == o.status && sha256 == o.sha256;
    }
};

/// One ClinVar allele in a panel gene, as the release's VCF describes it.
struct ClinvarAllele {
    Variant variant;            // the key: left-aligned on the panel's sequence where it has one
    bool left_aligned = false;  // false: trimmed only (no sequence there)
    std::string variation_id;   // the VCF's ID column (ClinVar VariationID)
    int pathogenic = 0;         // P/LP submissions (count_clinvar, panel/clinvar.hpp)
    int uncertain = 0;          // VUS submissions
    int benign = 0;             // B/LB submissions
    std::string review_status;  // CLNREVSTAT as written
    std::string clnsig;         // CLNSIG as written
    bool operator==(const ClinvarAllele&) const = default;
};

/// One population's counts in a gnomAD record: AC_<pop> and AN_<pop> as the source names them.
struct PopulationCount {
    std::string population;  // "afr", "nfe", "remaining" (v4), "oth" (v3.1), ...
    std::int64_t ac = 0;
    std::int64_t an = 0;
    bool operator==(const PopulationCount&) const = default;
};

/// One allele of a gnomAD sites VCF in the panel's query regions (knowledge_frequency.hpp).
struct FrequencyRecord {
    std::string source;  // the knowledge source kind it came from, e.g. "gnomad_exomes"
    Variant variant;     // keyed like ClinVar's: trimmed, left-aligned where sequence exists
    bool left_aligned = false;
    std::string filter;  // the record's FILTER: PASS, or e.g. "AC0;AS_VQSR"
    std::int64_t ac = 0;
    std::int64_t an = 0;
    std::string grpmax;     // v4 grpmax / v3.1 popmax, as written ("" when missing)
    std::string af_grpmax;  // v4 AF_grpmax / v3.1 AF_popmax, as written ("" when missing)
    std::vector<PopulationCount> populations;  // in the source header's order
    bool operator==(const FrequencyRecord&) const = default;
};

/// A stretch a gnomAD source was queried over and holds records around: inside it, an allele
/// without a record is absent from the source; outside every such stretch it is not covered.
struct FrequencyCovered {
    std::string source;
    Region region;
    bool operator==(const FrequencyCovered&) const = default;
};

struct Knowledge {
    std::string schema_version;
    std::int64_t padding_bp = 2000;
    std::vector<KnowledgeSource> sources;
    std::map<std::string, std::string> section_sha256;  // file -> SHA-256 panel.toml records
    std::vector<SequenceIndexRow> sequence_index;
    ReferenceSlices reference;
    std::vector<TranscriptModel> transcripts;
    std::vector<ClinvarAllele> clinvar;      // empty without a ClinVar source; sorted by key
    std::vector<FrequencyRecord> frequency;  // empty without gnomAD; sorted by (key, source)
    std::vector<FrequencyCovered> frequency_covered;  // sorted by (source, contig, start)

    /// The gnomAD records with this (normalised) key, one per source that has it.
    [[nodiscard]] std::vector<const FrequencyRecord*> find_frequency(const Variant& key) const;
    /// Does `source` cover chrom:pos (knowledge/gnomad_covered.tsv.zst)?
    [[nodiscard]] bool frequency_covers(const std::string& source, const std::string& chrom,
                                        std::int64_t pos) const;
    /// The knowledge sources that are gnomAD sites files (kind "gnomad_..."), in order.
    [[nodiscard]] std::vector<const KnowledgeSource*> frequency_sources() const;
    /// The source of `kind`, if any.
    [[nodiscard]] const KnowledgeSource* source(const std::string& kind) const;

    /// The ClinVar allele with this (normalised) key, if the table has it.
    [[nodiscard]] const ClinvarAllele* find_clinvar(const Variant& key) const;

    /// The MANE Select model selected for `gene` (a genes.tsv symbol), else its first model.
    [[nodiscard]] const TranscriptModel* transcript_for(const std::string& gene) const;
    /// Does the embedded sequence hold `gene` (status ok or clipped)?
    [[nodiscard]] bool has_sequence(const std::string& gene) const;
    /// "reference NAME (release R, sha256 S); transcripts ..." for messages and provenance.
    [[nodiscard]] std::string describe_sources() const;
};

// ---- the section formats (knowledge_format.cpp) ----

/// knowledge/sequence.tsv for `rows`, with its header.
[[nodiscard]] std::string render_sequence_index(const std::vector<SequenceIndexRow>& rows);
/// knowledge/sequence.fa.zst: one FASTA record per present slice, ">GENE chrom:start-end",
/// bases on one line, zstd level 19 (deterministic for a given libzstd).
[[nodiscard]] std::string encode_sequence_fasta(const std::vector<SequenceSlice>& slices);
/// The FASTA text inside knowledge/sequence.fa.zst. \throws std::runtime_error when damaged.
[[nodiscard]] std::string decode_sequence_fasta(std::string_view packed);
/// zstd level 19 (deterministic for a given libzstd), and back. \throws std::runtime_error.
[[nodiscard]] std::string zstd_pack(std::string_view raw);
[[nodiscard]] std::string zstd_unpack(std::string_view packed);
/// knowledge/clinvar.tsv.zst for `alleles` (sorted by contig, key), and the rows back:
/// chrom pos ref alt left_aligned variation_id pathogenic uncertain benign review_status clnsig.
[[nodiscard]] std::string encode_clinvar(std::vector<ClinvarAllele> alleles);
/// knowledge/transcripts.tsv for `models` (sorted by contig, start, transcript id).
[[nodiscard]] std::string render_transcripts(std::vector<TranscriptModel> models);
/// "1-10,20-30" for regions on one contig, and back (nullopt-like: false on a bad cell).
[[nodiscard]] std::string render_intervals(const std::vector<Region>& rs);
[[nodiscard]] bool parse_intervals(const std::string& cell, const std::string& chrom,
                                   std::vector<Region>& out);
/// The [knowledge] tables of panel.toml for `k` (schema_version, padding, sources, sections).
[[nodiscard]] std::string render_knowledge_toml(const Knowledge& k);
/// panel.toml with its [knowledge] tables replaced by `block` (appended when absent); every
/// other byte is kept.
[[nodiscard]] std::string set_toml_knowledge(const std::string& toml_text,
                                             const std::string& block);

}  // namespace nbs
