#pragma once
// `nbscreen panel knowledge`: compiles a panel's knowledge (knowledge.hpp) from a reference FASTA
// and a MANE GTF/GFF3, for the panel's own genes only.
#include <map>
#include <string>
#include <vector>

#include "engine/panel/knowledge.hpp"
#include "engine/panel/panel.hpp"

namespace nbs {

struct KnowledgeInputs {
    std::string reference;          // FASTA (.fa or bgzip .fa.gz with .fai/.gzi)
    std::string reference_release;  // empty: read from the file name
    std::string transcripts;        // GTF or GFF3, plain or gzip
    std::string transcripts_release;
    std::string clinvar{};              // ClinVar VCF (optional): empty = no ClinVar section
    std::string clinvar_release{};      // empty: the VCF's ##fileDate, else the file name
    std::vector<std::string> gnomad{};  // gnomAD sites VCFs (bgzipped, indexed); optional
    std::string gnomad_release{};       // empty: from each file name ("v4.1")
};

struct GeneKnowledgeReport {
    std::string gene;
    std::string status;  // sequence status: ok | clipped | absent
    std::int64_t bases = 0;
    std::size_t transcripts = 0;
    bool has_mane_select = false;
};

struct KnowledgeBuild {
    Knowledge knowledge;                       // what was built (slices included)
    std::map<std::string, std::string> files;  // knowledge/<name> -> bytes
    std::string toml_block;                    // the [knowledge] tables for panel.toml
    std::vector<GeneKnowledgeReport> genes;    // one per panel gene symbol, genes.tsv order
    std::uint64_t clinvar_records = 0;         // ClinVar records read (all of the file)
    std::size_t clinvar_not_sequence = 0;      // ALTs that are not ACGT (symbolic, N): left out
    std::uint64_t gnomad_sites = 0;            // gnomAD records read in the query regions
    std::int64_t gnomad_query_bp = 0;          // bases of CDS +-20 and ClinVar P/LP queried
};

/// The release of a source named only by its file: the file name without its directory and its
/// compression and format extensions ("MANE.GRCh38.v1.0.ensembl107_derived.noChr1.gtf.gz" ->
/// "MANE.GRCh38.v1.0.ensembl107_derived.noChr1").
[[nodiscard]] std::string release_from_file_name(const std::string& path);

/// The MANE models of the panel's genes in a GTF/GFF3 file (plain or gzip), as `panel knowledge`
/// selects them (select_panel_transcripts). \throws InputError for an unreadable or bad file.
[[nodiscard]] std::vector<TranscriptModel> read_panel_transcripts(const Panel& panel,
                                                                  const std::string& path);

/// Reads the sources and compiles the knowledge. \throws InputError for unreadable sources.
[[nodiscard]] KnowledgeBuild build_knowledge(const Panel& panel, const KnowledgeInputs& in);

}  // namespace nbs
