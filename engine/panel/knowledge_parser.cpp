#include "engine/panel/knowledge_parser.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <set>
#include <sstream>

#include "engine/genome/contig.hpp"
#include "engine/panel/knowledge_frequency.hpp"
#include "engine/panel/knowledge_rows.hpp"
#include "engine/panel/panel_manifest_parser.hpp"

namespace nbs {
namespace {

constexpr const char* kRebuild =
    "rebuild the knowledge with 'nbscreen panel knowledge' (docs/panel-format.md, Knowledge)";

bool to_int(const std::string& s, std::int64_t& out) {
    const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

template <typename F>
void each_row(const std::string& text, std::size_t columns, const std::string& path,
              std::vector<PanelProblem>& problems, F row) {
    each_knowledge_row(text, columns, path, kRebuild, problems, row);
}

void parse_sequence_index(const PanelFiles& files, Knowledge& k,
                          std::vector<PanelProblem>& problems) {
    const std::string name(kKnowledgeSequenceIndex);
    const std::string path = panel_file_path(files, name);
    each_row(files.content.at(name), 6, path, problems, [&](std::uint64_t n, const auto& c) {
        SequenceIndexRow r;
        r.gene = c[0];
        r.status = c[4];
        r.sha256 = c[5];
        r.line = n;
        const auto canon = canonical_contig(c[1]);
        if (!canon || *canon != c[1] || !to_int(c[2], r.region.start) ||
            !to_int(c[3], r.region.end) || r.region.end < r.region.start ||
            (r.status != "ok" && r.status != "clipped" && r.status != "absent")) {
            problems.push_back({{path, n}, "bad sequence index row", kRebuild});
            return;
        }
        r.region.chrom = *canon;
        k.sequence_index.push_back(std::move(r));
    });
}

// The slices in sequence.fa.zst, each checked against its index row's length and checksum.
void parse_sequence(const PanelFiles& files, Knowledge& k, std::vector<PanelProblem>& problems) {
    const std::string name(kKnowledgeSequence);
    const std::string path = panel_file_path(files, name);
    std::string fasta;
    try {
        fasta = decode_sequence_fasta(files.content.at(name));
    } catch (const std::exception& e) {
        problems.push_back({{path}, std::string("cannot decompress: ") + e.what(), kRebuild});
        return;
    }
    std::map<std::string, const SequenceIndexRow*> rows;
    for (const auto& r : k.sequence_index)
        if (r.status != "absent") rows[r.gene] = &r;
    std::istringstream in(fasta);
    std::string header, bases;
    std::set<std::string> seen;
    while (std::getline(in, header) && std::getline(in, bases)) {
        const auto sp = header.find(' ');
        const std::string gene = header.substr(1, sp == std::string::npos ? sp : sp - 1);
        const auto it = rows.find(gene);
        if (header.empty() || header[0] != '>' || it == rows.end()) {
            problems.push_back(
                {{path}, "slice '" + header + "' has no row in sequence.tsv", kRebuild});
            continue;
        }
        const SequenceIndexRow& r = *it->second;
        const InputLocation at{panel_file_path(files, std::string(kKnowledgeSequenceIndex)),
                               r.line};
        if (static_cast<std::int64_t>(bases.size()) != r.region.length() ||
            bases.find_first_not_of("ACGTN") != std::string::npos) {
            problems.push_back({at,
                                "the slice of " + gene + " is not " +
                                    std::to_string(r.region.length()) + " bases of ACGTN",
                                kRebuild});
            continue;
        }
        const std::string sha = sha256_hex(bases);
        if (sha != r.sha256) {
            problems.push_back({at,
                                "sequence checksum mismatch for " + gene + ": recorded " +
                                    r.sha256 + ", bases " + sha,
                                kRebuild});
            continue;
        }
        seen.insert(gene);
        k.reference.add({gene, r.region.chrom, r.region.start, std::move(bases)});
    }
    for (const auto& [gene, row] : rows)
        if (seen.count(gene) == 0)
            problems.push_back(
                {{panel_file_path(files, std::string(kKnowledgeSequenceIndex)), row->line},
                 "no bases for " + gene + " in sequence.fa.zst",
                 kRebuild});
}

void parse_transcripts(const PanelFiles& files, Knowledge& k, std::vector<PanelProblem>& problems) {
    const std::string name(kKnowledgeTranscripts);
    const std::string path = panel_file_path(files, name);
    each_row(files.content.at(name), 9, path, problems, [&](std::uint64_t n, const auto& c) {
        TranscriptModel t;
        t.transcript_id = c[0];
        t.gene_id = c[1];
        t.gene_symbol = c[2];
        t.panel_gene = c[3];
        const auto canon = canonical_contig(c[4]);
        std::string tags = c[6];
        for (std::size_t p = 0; !tags.empty() && p <= tags.size();) {
            auto e = tags.find(',', p);
            if (e == std::string::npos) e = tags.size();
            t.tags.push_back(tags.substr(p, e - p));
            p = e + 1;
        }
        if (!canon || (c[5] != "+" && c[5] != "-") || t.transcript_id.empty() ||
            !parse_intervals(c[7], *canon, t.exons) || t.exons.empty() ||
            !parse_intervals(c[8], *canon, t.cds)) {
            problems.push_back({{path, n}, "bad transcript row", kRebuild});
            return;
        }
        t.chrom = *canon;
        t.strand = c[5][0];
        k.transcripts.push_back(std::move(t));
    });
}

void parse_clinvar(const PanelFiles& files, Knowledge& k, std::vector<PanelProblem>& problems) {
    const std::string name(kKnowledgeClinvar);
    const std::string path = panel_file_path(files, name);
    std::string text;
    try {
        text = zstd_unpack(files.content.at(name));
    } catch (const std::exception& e) {
        problems.push_back({{path}, std::string("cannot decompress: ") + e.what(), kRebuild});
        return;
    }
    each_row(text, 11, path, problems, [&](std::uint64_t n, const auto& c) {
        ClinvarAllele a;
        const auto canon = canonical_contig(c[0]);
        std::int64_t p = 0, path_n = 0, vus = 0, ben = 0;
        if (!canon || !to_int(c[1], p) || p < 1 || c[2].empty() || c[3].empty() ||
            (c[4] != "yes" && c[4] != "no") || !to_int(c[6], path_n) || !to_int(c[7], vus) ||
            !to_int(c[8], ben)) {
            problems.push_back({{path, n}, "bad ClinVar row", kRebuild});
            return;
        }
        a.variant = Variant{*canon, p, c[2], c[3]};
        a.left_aligned = c[4] == "yes";
        a.variation_id = c[5];
        a.pathogenic = static_cast<int>(path_n);
        a.uncertain = static_cast<int>(vus);
        a.benign = static_cast<int>(ben);
        a.review_status = c[9];
        a.clnsig = c[10];
        k.clinvar.push_back(std::move(a));
    });
    // find_clinvar searches by key.
    std::sort(k.clinvar.begin(), k.clinvar.end(),
              [](const ClinvarAllele& x, const ClinvarAllele& y) { return x.variant < y.variant; });
}

}  // namespace

void parse_knowledge(const PanelFiles& files, Panel& panel, std::vector<PanelProblem>& problems) {
    const auto toml_it = files.content.find("panel.toml");
    const std::string toml_path = panel_file_path(files, "panel.toml");
    toml::table tbl;
    if (toml_it != files.content.end()) {
        try {
            tbl = toml::parse(toml_it->second, toml_path);
        } catch (const toml::parse_error&) {
            return;  // parse_manifest reports it
        }
    }
    const toml::table* kt = tbl["knowledge"].as_table();
    std::vector<std::string> present;
    for (auto f : kKnowledgeFiles)
        if (files.content.count(std::string(f)) != 0) present.emplace_back(f);
    if (kt == nullptr) {
        for (const auto& f : present)
            problems.push_back({{panel_file_path(files, f)},
                                "knowledge file present but panel.toml has no [knowledge] table",
                                kRebuild + std::string(", or delete the knowledge/ folder")});
        return;
    }
    const InputLocation at{toml_path, kt->source().begin.line, kt->source().begin.column};
    auto k = std::make_shared<Knowledge>();
    k->schema_version = (*kt)["schema_version"].value_or(std::string());
    int major = -1;
    std::from_chars(k->schema_version.data(), k->schema_version.data() + k->schema_version.size(),
                    major);
    if (major < 1 || major > kKnowledgeSchemaMajor) {
        problems.push_back({at,
                            "knowledge schema_version '" + k->schema_version +
                                "' is not one this nbscreen reads (" +
                                std::string(kKnowledgeSchemaVersion) + ")",
                            kRebuild});
        return;
    }
    k->padding_bp = (*kt)["padding_bp"].value_or(std::int64_t{2000});
    if (const auto* src = (*kt)["sources"].as_table())
        for (const auto& [kind, v] : *src) {
            const auto* s = v.as_table();
            if (s == nullptr) continue;
            k->sources.push_back({std::string(kind.str()), (*s)["name"].value_or(std::string()),
                                  (*s)["release"].value_or(std::string()),
                                  (*s)["sha256"].value_or(std::string())});
        }
    if (const auto* sec = (*kt)["sections"].as_table())
        for (const auto& [file, v] : *sec)
            k->section_sha256[std::string(file.str())] = v.value_or(std::string());
    bool complete = true;
    for (auto f : kKnowledgeFiles) {
        const std::string name(f);
        const auto it = files.content.find(name);
        const auto rec = k->section_sha256.find(name);
        if (is_optional_knowledge_file(name) && it == files.content.end() &&
            rec == k->section_sha256.end())
            continue;  // an optional section that was not built
        if (it == files.content.end()) {
            problems.push_back({{panel_file_path(files, name)},
                                "panel.toml has [knowledge] but this section is missing",
                                kRebuild});
            complete = false;
        } else if (rec == k->section_sha256.end() || rec->second != sha256_hex(it->second)) {
            problems.push_back({at,
                                "[knowledge.sections] does not record the SHA-256 of " + name +
                                    " (the file changed after it was built)",
                                kRebuild});
            complete = false;
        }
    }
    if (!complete) return;
    parse_sequence_index(files, *k, problems);
    parse_sequence(files, *k, problems);
    parse_transcripts(files, *k, problems);
    if (files.content.count(std::string(kKnowledgeClinvar)) != 0)
        parse_clinvar(files, *k, problems);
    parse_frequency(files, *k, problems);
    panel.knowledge = std::move(k);
}

void check_knowledge(const PanelFiles& files, const Panel& panel,
                     std::vector<PanelProblem>& problems) {
    if (!panel.knowledge) return;
    const Knowledge& k = *panel.knowledge;
    const std::string variants = panel_file_path(files, "variants.tsv");
    for (const auto& v : panel.variants) {
        const Variant& a = v.variant;
        const auto end = a.pos + static_cast<std::int64_t>(a.ref.size()) - 1;
        const auto bases = k.reference.bases(a.chrom, a.pos, end);
        if (bases && *bases != a.ref)
            problems.push_back(
                {{variants, v.line, 3},
                 "ref " + a.ref + " at " + a.chrom + ':' + std::to_string(a.pos) +
                     " is not the reference (" + std::string(*bases) + ")",
                 "check the row's coordinates and build (GRCh38), or the knowledge's "
                 "reference FASTA"});
    }
    std::set<std::string> genes;
    for (const auto& g : panel.genes)
        genes.insert(g.symbol);
    const std::string index = panel_file_path(files, std::string(kKnowledgeSequenceIndex));
    for (const auto& g : genes) {
        bool found = false;
        for (const auto& r : k.sequence_index)
            found = found || r.gene == g;
        if (!found)
            problems.push_back(
                {{index}, "gene " + g + " of genes.tsv has no sequence row", kRebuild});
    }
    const std::string cv = panel_file_path(files, std::string(kKnowledgeClinvar));
    for (const auto& a : k.clinvar) {
        const Variant& v = a.variant;
        const auto bases =
            k.reference.bases(v.chrom, v.pos, v.pos + static_cast<std::int64_t>(v.ref.size()) - 1);
        if (a.left_aligned && (!bases || *bases != v.ref))
            problems.push_back({{cv},
                                "ClinVar allele " + v.to_string() +
                                    " is marked left-aligned but its REF is not the "
                                    "embedded sequence",
                                kRebuild});
    }
    const std::string gn = panel_file_path(files, std::string(kKnowledgeFrequency));
    for (const auto& r : k.frequency) {
        const Variant& v = r.variant;
        const auto bases =
            k.reference.bases(v.chrom, v.pos, v.pos + static_cast<std::int64_t>(v.ref.size()) - 1);
        if (r.left_aligned && (!bases || *bases != v.ref))
            problems.push_back({{gn},
                                "gnomAD allele " + v.to_string() + " (" + r.source +
                                    ") is marked left-aligned but its REF is not the embedded "
                                    "sequence",
                                kRebuild});
    }
    const std::string tx = panel_file_path(files, std::string(kKnowledgeTranscripts));
    for (const auto& t : k.transcripts) {
        const Region s = t.span();
        if (k.reference.covering(s.chrom, s.start, s.end) == nullptr &&
            k.has_sequence(t.panel_gene))
            problems.push_back({{tx},
                                t.transcript_id + " (" + s.to_string() +
                                    ") is not inside the sequence kept for " + t.panel_gene,
                                kRebuild});
        if (genes.count(t.panel_gene) == 0)
            problems.push_back(
                {{tx},
                 t.transcript_id + " is for " + t.panel_gene + ", which is not a gene of genes.tsv",
                 kRebuild});
    }
}

}  // namespace nbs
