#include "engine/curate/knowledge_builder.hpp"

#include <algorithm>
#include <filesystem>

#include "engine/core/input_error.hpp"
#include "engine/curate/gene_models.hpp"
#include "engine/curate/gnomad_import.hpp"
#include "engine/genome/normalize.hpp"
#include "engine/io/fasta_reader.hpp"
#include "engine/io/vcf_sites.hpp"
#include "engine/panel/clinvar.hpp"
#include "engine/panel/clinvar_import.hpp"
#include "engine/panel/knowledge_frequency.hpp"
#include "engine/panel/panel_files.hpp"

namespace nbs {
namespace {

// One region per gene symbol: the union of its entries' spans, padded.
std::vector<std::pair<std::string, Region>> gene_regions(const Panel& panel, std::int64_t pad) {
    std::vector<std::pair<std::string, Region>> out;
    for (const auto& g : panel.genes) {
        auto it = std::find_if(out.begin(), out.end(),
                               [&](const auto& p) { return p.first == g.symbol; });
        const Region r{g.span.chrom, std::max<std::int64_t>(1, g.span.start - pad),
                       g.span.end + pad};
        if (it == out.end()) {
            out.emplace_back(g.symbol, r);
        } else if (it->second.chrom == r.chrom) {
            it->second.start = std::min(it->second.start, r.start);
            it->second.end = std::max(it->second.end, r.end);
        }
    }
    return out;
}

bool is_acgt(const std::string& s) {
    return !s.empty() && s.find_first_not_of("ACGT") == std::string::npos;
}

// Every ALT of every ClinVar record inside the panel's gene regions, keyed as screening keys a
// baby's allele: trimmed, then left-aligned where the sequence covers it.
std::string read_clinvar(const KnowledgeInputs& in, const std::vector<Region>& keep,
                         const ReferenceSlices& ref, KnowledgeBuild& b) {
    VcfSiteReader reader(in.clinvar, {"CLNSIG", "CLNSIGCONF", "CLNREVSTAT"});
    std::string release = in.clinvar_release;
    if (release.empty()) {
        const auto file_date = reader.header_value("fileDate");
        const auto date = file_date ? clinvar_release_date(*file_date) : std::nullopt;
        release = date ? *date : release_from_file_name(in.clinvar);
    }
    reader.restrict_to(RegionSet(keep));
    VcfSite site;
    while (reader.next(site)) {
        for (const auto& alt : site.alts) {
            if (!is_acgt(site.ref) || !is_acgt(alt) || alt == site.ref) {
                ++b.clinvar_not_sequence;
                continue;
            }
            ClinvarAllele a;
            a.variant = minimal_representation({site.chrom, site.pos, site.ref, alt});
            if (auto left = left_align(a.variant, ref)) {
                a.variant = std::move(*left);
                a.left_aligned = true;
            }
            a.variation_id = site.id;
            const ClinvarCounts n =
                count_clinvar(site.info[0].value_or(""), site.info[1].value_or(""));
            a.pathogenic = n.pathogenic;
            a.uncertain = n.uncertain;
            a.benign = n.benign;
            a.clnsig = site.info[0].value_or("");
            a.review_status = site.info[2].value_or("");
            b.knowledge.clinvar.push_back(std::move(a));
        }
    }
    b.clinvar_records = reader.records_seen();
    std::sort(b.knowledge.clinvar.begin(), b.knowledge.clinvar.end(),
              [](const ClinvarAllele& x, const ClinvarAllele& y) { return x.variant < y.variant; });
    return release;
}

}  // namespace

std::string release_from_file_name(const std::string& path) {
    std::string name = std::filesystem::path(path).filename().string();
    for (const char* ext :
         {".gz", ".bgz", ".zst", ".fa", ".fasta", ".fna", ".gtf", ".gff3", ".gff"}) {
        const std::string e(ext);
        if (name.size() > e.size() && name.compare(name.size() - e.size(), e.size(), e) == 0)
            name.resize(name.size() - e.size());
    }
    return name;
}

std::vector<TranscriptModel> read_panel_transcripts(const Panel& panel, const std::string& path) {
    // Stream the file, keeping features inside the panel's gene regions.
    std::vector<Region> keep;
    for (const auto& [gene, r] : gene_regions(panel, panel.manifest.thresholds.gene_padding_bp))
        keep.push_back(r);
    TranscriptCollector collector{RegionSet(keep)};
    TextLineReader lines(path);
    std::string line;
    while (lines.next(line))
        if (const auto f = parse_feature_line(line, path, lines.line_number())) collector.add(*f);
    auto models = select_panel_transcripts(panel, collector.take());
    // The knowledge's transcripts table has no phase column: MANE models are complete (every
    // MANE v1.0 CDS opens in phase 0). A 5'-incomplete model would be translated in the wrong
    // frame, so it is refused rather than stored without its phase.
    for (const auto& t : models)
        if (t.cds_phase != 0)
            throw InputError({path, 0, 0, t.chrom + ":" + std::to_string(t.span().start)},
                             "transcript " + t.transcript_id + " of " + t.panel_gene +
                                 " has a 5'-incomplete CDS (phase " + std::to_string(t.cds_phase) +
                                 " on its first CDS line)",
                             "give MANE models (complete CDS), or leave this transcript out of "
                             "genes.tsv mane_transcript");
    return models;
}

KnowledgeBuild build_knowledge(const Panel& panel, const KnowledgeInputs& in) {
    KnowledgeBuild b;
    Knowledge& k = b.knowledge;
    // The lowest version that describes what is written: without gnomAD sections a build is
    // byte for byte what a 1.0 nbscreen wrote (and reads).
    k.schema_version = in.gnomad.empty() ? "1.0" : std::string(kKnowledgeSchemaVersion);
    k.padding_bp = panel.manifest.thresholds.gene_padding_bp;
    const auto regions = gene_regions(panel, k.padding_bp);

    // Sequence: one slice per gene, clipped to the contig the FASTA has.
    FastaReader fasta(in.reference);
    std::vector<SequenceSlice> slices;
    for (const auto& [gene, want] : regions) {
        SequenceIndexRow row{gene, want, "absent", "", 0};
        const auto len = fasta.length(want.chrom);
        if (len && want.start <= *len) {
            SequenceSlice s{gene, want.chrom, want.start,
                            fasta.fetch(want.chrom, want.start, want.end)};
            // A slice of nothing but N (an unsequenced stretch, or a FASTA that only pads the
            // contig) is no sequence at all.
            if (s.bases.find_first_not_of('N') != std::string::npos) {
                row.region = s.region();
                row.status = s.end() < want.end ? "clipped" : "ok";
                row.sha256 = sha256_hex(s.bases);
                slices.push_back(std::move(s));
            }
        }
        k.sequence_index.push_back(row);
    }

    std::vector<Region> keep;
    for (const auto& [gene, r] : regions)
        keep.push_back(r);
    k.transcripts = read_panel_transcripts(panel, in.transcripts);

    k.sources.push_back(
        {"reference", std::filesystem::path(in.reference).filename().string(),
         in.reference_release.empty() ? release_from_file_name(in.reference) : in.reference_release,
         sha256_file_hex(in.reference)});
    k.sources.push_back({"transcripts", std::filesystem::path(in.transcripts).filename().string(),
                         in.transcripts_release.empty() ? release_from_file_name(in.transcripts)
                                                        : in.transcripts_release,
                         sha256_file_hex(in.transcripts)});

    ReferenceSlices ref;
    for (const auto& s : slices)
        ref.add(s);
    if (!in.clinvar.empty()) {
        const std::string release = read_clinvar(in, keep, ref, b);
        k.sources.push_back({"clinvar", std::filesystem::path(in.clinvar).filename().string(),
                             release, sha256_file_hex(in.clinvar)});
        b.files[std::string(kKnowledgeClinvar)] = encode_clinvar(k.clinvar);
    }
    if (!in.gnomad.empty()) {
        // Query: the CDS of every kept transcript +-20 bp (splice regions included), and every
        // ClinVar allele with a P/LP submission (which may lie deep in an intron).
        std::vector<Region> query;
        for (const auto& t : k.transcripts)
            for (const auto& c : t.cds)
                query.push_back({c.chrom, std::max<std::int64_t>(1, c.start - kFrequencyCdsFlank),
                                 c.end + kFrequencyCdsFlank});
        for (const auto& a : k.clinvar)
            if (a.pathogenic > 0)
                query.push_back({a.variant.chrom, a.variant.pos,
                                 a.variant.pos +
                                     std::max<std::int64_t>(
                                         1, static_cast<std::int64_t>(a.variant.ref.size())) -
                                     1});
        b.gnomad_query_bp = RegionSet(query).total_length();
        GnomadImport g = import_gnomad(in.gnomad, in.gnomad_release, std::move(query), ref);
        b.gnomad_sites = g.sites_read;
        for (auto& s : g.sources)
            k.sources.push_back(std::move(s));
        k.frequency = std::move(g.records);
        k.frequency_covered = std::move(g.covered);
        b.files[std::string(kKnowledgeFrequency)] = encode_frequency(k.frequency);
        b.files[std::string(kKnowledgeFrequencyCovered)] =
            encode_frequency_covered(k.frequency_covered);
    }
    b.files[std::string(kKnowledgeSequenceIndex)] = render_sequence_index(k.sequence_index);
    b.files[std::string(kKnowledgeSequence)] = encode_sequence_fasta(slices);
    b.files[std::string(kKnowledgeTranscripts)] = render_transcripts(k.transcripts);
    for (const auto& [name, bytes] : b.files)
        k.section_sha256[name] = sha256_hex(bytes);
    b.toml_block = render_knowledge_toml(k);

    for (const auto& row : k.sequence_index) {
        GeneKnowledgeReport g{row.gene, row.status,
                              row.status == "absent" ? 0 : row.region.length(), 0, false};
        for (const auto& t : k.transcripts) {
            if (t.panel_gene != row.gene) continue;
            ++g.transcripts;
            g.has_mane_select = g.has_mane_select || t.has_tag("MANE_Select");
        }
        b.genes.push_back(g);
    }
    k.reference = std::move(ref);
    return b;
}

}  // namespace nbs
