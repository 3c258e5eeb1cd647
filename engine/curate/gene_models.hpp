#pragma once
// Transcript models from a GTF (Ensembl, GENCODE, the MANE GTF) or GFF3 (Ensembl, RefSeq) file,
// line by line, and the choice of each panel gene's MANE transcripts among them.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/genome/region_set.hpp"
#include "engine/genome/transcript.hpp"
#include "engine/panel/panel.hpp"

namespace nbs {

/// One feature line of a GTF or GFF3 file. Attribute values are unescaped; a key given several
/// times (GTF `tag "a"; tag "b";`, GFF3 `tag=a,b`) has its values joined with ','.
struct FeatureLine {
    std::string chrom;  // canonical; empty for a contig nbscreen does not name (alts, scaffolds)
    std::string type;   // column 3: gene, transcript, mRNA, exon, CDS, stop_codon, ...
    std::int64_t start = 0;
    std::int64_t end = 0;
    char strand = '.';
    int phase = -1;  // column 8 (GFF3 phase, GTF frame): 0, 1, 2; -1 for '.'
    std::map<std::string, std::string> attrs;

    [[nodiscard]] std::string attr(const std::string& key) const {
        const auto it = attrs.find(key);
        return it == attrs.end() ? std::string() : it->second;
    }
};

/// Parses one line (GTF or GFF3, told apart by the attribute syntax). nullopt for comments and
/// blank lines. \throws InputError (file, line, what, fix) for a line that is not 9 columns with
/// numeric start <= end.
[[nodiscard]] std::optional<FeatureLine> parse_feature_line(std::string_view line,
                                                            const std::string& path,
                                                            std::uint64_t line_number);

/// Collects transcripts from feature lines: exons, CDS (GTF stop codons merged into the CDS, as
/// GFF3 and the MANE models include them), strand, ids with versions, gene symbol and tags.
/// RefSeq's "MANE Select" tag is written MANE_Select.
class TranscriptCollector {
  public:
    /// Features outside `keep` are ignored, so a whole-genome file costs only its parse.
    explicit TranscriptCollector(RegionSet keep) : keep_(std::move(keep)) {}
    void add(const FeatureLine& f);
    /// Every complete transcript (with at least one exon).
    [[nodiscard]] std::vector<TranscriptModel> take();

  private:
    struct Gene {
        std::string id, symbol;
    };
    RegionSet keep_;
    std::map<std::string, Gene> genes_;                 // GFF3 gene ID -> ids
    std::map<std::string, TranscriptModel> by_id_;      // transcript key -> model
    std::map<std::string, std::string> parent_gene_;    // GFF3 transcript ID -> gene ID
    std::map<std::string, std::vector<Region>> stops_;  // GTF stop codons per transcript
    // Per transcript: the phase of its lowest and highest CDS line (the 5'-most one is chosen by
    // strand in take()).
    struct EndPhases {
        std::int64_t low = 0, high = 0;
        int low_phase = 0, high_phase = 0;
    };
    std::map<std::string, EndPhases> cds_phases_;
};

/// The MANE transcripts of each panel gene: a transcript tagged MANE_Select or
/// MANE_Plus_Clinical (or whose accession is the gene's genes.tsv mane_transcript, versions
/// ignored) on the gene's chromosome, overlapping its span, named for the gene (symbol, alias,
/// or the mane_transcript accession). `panel_gene` is set on each model returned.
[[nodiscard]] std::vector<TranscriptModel> select_panel_transcripts(
    const Panel& panel, const std::vector<TranscriptModel>& all);

}  // namespace nbs
