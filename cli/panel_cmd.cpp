// nbscreen panel: the curator's tools. Each subcommand reads and writes through engine/panel
// (and engine/io for ClinVar's VCF); this file only parses options, prints, and picks exit codes.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "cli/commands.hpp"
#include "engine/core/input_error.hpp"
#include "engine/core/utf8.hpp"
#include "engine/core/version.hpp"
#include "engine/curate/knowledge_builder.hpp"
#include "engine/curate/target_maker.hpp"
#include "engine/io/vcf_sites.hpp"
#include "engine/panel/clinvar_import.hpp"
#include "engine/panel/panel_diff.hpp"
#include "engine/panel/panel_parser.hpp"
#include "engine/panel/panel_validate.hpp"
#include "engine/panel/panel_writer.hpp"
#include "engine/panel/panelapp_import.hpp"
#include "engine/report/atomic_file.hpp"

namespace nbs::cli {
namespace {

namespace fs = std::filesystem;

struct PanelArgs {
    std::string path;           // PANEL / DIR
    std::string other;          // NEW (diff), FILE.json (import-panelapp), clinvar.vcf.gz
    std::string previous;       // validate --previous
    std::string out;            // -o
    std::string release;        // import-clinvar --release
    std::string added_in;       // import-clinvar --added-in
    KnowledgeInputs knowledge;  // panel knowledge
    std::string transcripts;    // targets --make --transcripts
    bool make = false;          // targets --make
    bool json = false;
    bool force = false;
    bool dry_run = false;
};

/// Prints every problem as its own block, then the count; returns the exit code.
int report_problems(const std::vector<PanelProblem>& problems, const std::string& what) {
    for (const auto& p : problems)
        std::cerr << terminal_safe(p.to_string(), true) << "\n\n";
    std::cerr << "[nbscreen] " << count_problems(problems.size()) << " in " << what << '\n';
    return kBadInput;
}

/// Prints every warning as its own block ("file:line:column: warning: ..."), then the count.
/// Warnings never change the exit code.
void report_warnings(const std::vector<PanelProblem>& warnings, const std::string& what) {
    if (warnings.empty()) return;
    for (const auto& w : warnings) {
        const std::string text = w.to_string();
        const auto colon = text.find(": ");
        std::cerr << terminal_safe(text.substr(0, colon + 2) + "warning: " + text.substr(colon + 2),
                                   true)
                  << "\n\n";
    }
    std::cerr << "[nbscreen] " << warnings.size()
              << (warnings.size() == 1 ? " warning" : " warnings") << " in " << what << '\n';
}

int run_validate(const PanelArgs& a) {
    const PanelFiles files = read_panel_files(a.path);
    ValidateOptions opt;
    PanelFiles previous;
    if (!a.previous.empty()) {
        previous = read_panel_files(a.previous);
        opt.previous = &previous;
        opt.changelog = read_panel_changelog(a.path);
        opt.changelog_path = (fs::path(a.path) / "CHANGELOG.md").string();
    }
    const PanelValidation v = validate_panel(files, opt);
    report_warnings(v.warnings, a.path);
    if (!v.ok()) return report_problems(v.problems, a.path);
    const auto& m = v.panel.manifest;
    std::cout << a.path << ": valid panel " << m.id << ' ' << m.version << " ("
              << v.panel.conditions.size() << " conditions, " << v.panel.genes.size()
              << " gene entries, " << v.panel.variants.size() << " curated variants), sha256 "
              << v.panel.sha256 << '\n';
    return kOk;
}

int run_diff(const PanelArgs& a) {
    const PanelDiff d = diff_panels(load_panel(a.path), load_panel(a.other));
    std::cout << (a.json ? render_diff_json(d) : render_diff_text(d));
    return kOk;
}

int run_build(const PanelArgs& a) {
    const PanelFiles files = read_panel_files(a.path);
    const PanelValidation v = validate_panel(files);
    report_warnings(v.warnings, a.path);
    if (!v.ok()) {
        report_problems(v.problems, a.path);
        std::cerr << "[nbscreen] no bundle written: fix the problems above first\n";
        return kBadInput;
    }
    const std::string bytes = encode_bundle(files);
    write_file_atomically(a.out, bytes, kSharedFileMode);
    // Read it back: a bundle that does not load is worse than none.
    const Panel check = load_panel(a.out);
    if (check.sha256 != v.panel.sha256)
        throw std::runtime_error("the written bundle does not reproduce the panel's checksum");
    std::cout << "wrote " << a.out << " (" << bytes.size() << " bytes): " << check.manifest.id
              << ' ' << check.manifest.version << ", sha256 " << check.sha256 << '\n';
    return kOk;
}

int run_info(const PanelArgs& a) {
    const Panel p = load_panel(a.path);
    const auto& m = p.manifest;
    std::set<std::string> symbols;
    for (const auto& g : p.genes)
        symbols.insert(g.symbol);
    std::cout << "id\t" << m.id << "\nname\t" << m.name << "\nversion\t" << m.version
              << "\nreleased\t" << m.released << "\nschema_version\t" << m.schema_version
              << "\nreference\t" << m.reference << "\nsha256\t" << p.sha256 << "\nconditions\t"
              << p.conditions.size() << "\ngenes\t" << symbols.size() << "\ngene_entries\t"
              << p.genes.size() << '\n';
    // Each count names what it counts: a gene entry is a genes.tsv row (gene, condition, MOI),
    // so "BIALLELIC 398" is entries, not genes, and categories are counted both ways.
    std::map<std::string, int> by_moi, conditions_by_category, entries_by_category;
    for (const auto& g : p.genes) {
        ++by_moi[std::string(to_string(g.moi))];
        const Condition* c = p.find_condition(g.condition_id);
        ++entries_by_category[c == nullptr || c->category.empty() ? "(none)" : c->category];
    }
    for (const auto& c : p.conditions)
        ++conditions_by_category[c.category.empty() ? "(none)" : c.category];
    for (const auto& [k, v] : by_moi)
        std::cout << "gene_entries_by_moi\t" << k << '\t' << v << '\n';
    for (const auto& [k, v] : conditions_by_category)
        std::cout << "conditions_by_category\t" << k << '\t' << v << '\n';
    for (const auto& [k, v] : entries_by_category)
        std::cout << "gene_entries_by_category\t" << k << '\t' << v << '\n';
    int inc = 0, exc = 0, lof = 0;
    for (const auto& v : p.variants)
        (v.list == ListKind::include ? inc : exc)++;
    for (const auto& g : p.genes)
        lof += g.lof_mechanism ? 1 : 0;
    std::cout << "gene_entries_lof_mechanism_yes\t" << lof << "\ninclude_variants\t" << inc
              << "\nexclude_variants\t" << exc << "\ntargets\t" << p.targets.size() << '\n';
    if (!p.knowledge) {
        std::cout << "knowledge\tnone\n";
        return kOk;
    }
    const Knowledge& k = *p.knowledge;
    std::cout << "knowledge_schema_version\t" << k.schema_version << '\n';
    for (const auto& s : k.sources)
        std::cout << "knowledge_source\t" << s.kind << '\t' << s.name << '\t' << s.release << '\t'
                  << s.sha256 << '\n';
    std::int64_t bases = 0;
    std::size_t with = 0;
    for (const auto& r : k.sequence_index)
        if (r.status != "absent") {
            ++with;
            bases += r.region.length();
        }
    std::cout << "knowledge_sequence_genes\t" << with << '/' << k.sequence_index.size()
              << "\nknowledge_sequence_bp\t" << bases << "\nknowledge_transcripts\t"
              << k.transcripts.size() << "\nknowledge_clinvar_alleles\t" << k.clinvar.size()
              << '\n';
    for (const auto* s : k.frequency_sources()) {
        std::size_t alleles = 0;
        std::int64_t covered = 0;
        for (const auto& r : k.frequency)
            alleles += r.source == s->kind ? 1 : 0;
        for (const auto& c : k.frequency_covered)
            covered += c.source == s->kind ? c.region.length() : 0;
        std::cout << "knowledge_gnomad\t" << s->kind << '\t' << alleles << " alleles\t" << covered
                  << " bp covered\n";
    }
    return kOk;
}

int run_knowledge(const PanelArgs& a) {
    const fs::path dir = a.path;
    if (!fs::is_directory(dir))
        throw InputError({dir.string()}, "not a panel directory",
                         "panel knowledge writes into a panel directory; build the bundle after");
    // The panel as it is without its old knowledge: stale or damaged knowledge must not stop
    // the rebuild that replaces it.
    PanelFiles files = read_panel_dir(dir);
    for (auto name : kKnowledgeFiles)
        files.content.erase(std::string(name));
    files.content["panel.toml"] = set_toml_knowledge(files.content.at("panel.toml"), "");
    std::vector<PanelProblem> problems;
    const Panel panel = parse_panel(files, problems);
    if (!problems.empty()) return report_problems(problems, dir.string());
    const KnowledgeBuild b = build_knowledge(panel, a.knowledge);
    fs::create_directories(dir / "knowledge");
    for (const auto& [name, bytes] : b.files)
        write_file_atomically(dir / name, bytes);
    // An optional section of an earlier build whose source was not given this time goes: left
    // behind, panel.toml would no longer vouch for it.
    for (auto name : kKnowledgeFiles)
        if (b.files.count(std::string(name)) == 0) fs::remove(dir / std::string(name));
    const std::string toml_path = (dir / "panel.toml").string();
    write_file_atomically(toml_path, set_toml_knowledge(read_file_bytes(toml_path), b.toml_block));
    std::size_t ok = 0, absent = 0, no_tx = 0;
    std::int64_t bases = 0;
    for (const auto& g : b.genes) {
        std::cout << g.gene << '\t' << g.status << '\t' << g.bases << " bp\t" << g.transcripts
                  << " transcript(s)" << (g.has_mane_select ? "" : "\tno MANE Select") << '\n';
        ok += g.status != "absent" ? 1 : 0;
        absent += g.status == "absent" ? 1 : 0;
        no_tx += g.transcripts == 0 ? 1 : 0;
        bases += g.bases;
    }
    std::size_t bytes = 0;
    for (const auto& [name, data] : b.files)
        bytes += data.size();
    std::cout << "knowledge for " << b.genes.size() << " genes: sequence for " << ok << " ("
              << bases << " bp), none for " << absent << "; " << b.knowledge.transcripts.size()
              << " transcript models, " << no_tx << " genes without one; " << bytes << " bytes in "
              << (dir / "knowledge").string() << '\n';
    if (!a.knowledge.clinvar.empty())
        std::cout << "ClinVar: " << b.clinvar_records << " records read, "
                  << b.knowledge.clinvar.size() << " alleles in panel genes kept, "
                  << b.clinvar_not_sequence << " not-ACGT alleles left out\n";
    if (!a.knowledge.gnomad.empty()) {
        std::int64_t covered = 0;
        for (const auto& c : b.knowledge.frequency_covered)
            covered += c.region.length();
        std::cout << "gnomAD: " << a.knowledge.gnomad.size() << " file(s), " << b.gnomad_query_bp
                  << " bp queried (CDS +-20 bp and ClinVar P/LP positions), " << covered
                  << " bp covered over all files, " << b.gnomad_sites << " records read, "
                  << b.knowledge.frequency.size() << " alleles kept\n";
    }
    if (absent + no_tx > 0)
        std::cerr << "[nbscreen] genes without sequence are matched as written (not "
                     "left-aligned); see the list above\n";
    // What we wrote must pass the validator (REF of curated rows against the new sequence).
    const PanelValidation v = validate_panel(read_panel_dir(dir));
    if (!v.ok()) return report_problems(v.problems, dir.string());
    std::cerr << "[nbscreen] " << dir.string() << " changed but its version is still "
              << panel.manifest.version
              << ": bump version in panel.toml and add a CHANGELOG.md entry\n";
    return kOk;
}

/// `panel targets DIR --make`: coding-exon targets for genes without any (target_maker.hpp).
int run_make_targets(const PanelArgs& a) {
    const fs::path dir = a.path;
    if (!a.out.empty()) {
        std::cerr << "[nbscreen] panel targets --make writes DIR/targets.tsv; -o/--out is for the "
                     "BED listing (run without --make)\n";
        return kUsage;
    }
    if (!fs::is_directory(dir))
        throw InputError({dir.string()}, "not a panel directory",
                         "panel targets --make writes DIR/targets.tsv; build the bundle after");
    const PanelFiles files = read_panel_dir(dir);
    std::vector<PanelProblem> problems;
    const Panel panel = parse_panel(files, problems);
    if (!problems.empty()) return report_problems(problems, dir.string());
    std::vector<TranscriptModel> models;
    if (!a.transcripts.empty()) {
        models = read_panel_transcripts(panel, a.transcripts);
    } else if (panel.knowledge) {
        models = panel.knowledge->transcripts;
    } else {
        throw InputError({(dir / "knowledge" / "transcripts.tsv").string()},
                         "the panel has no transcript models to derive targets from",
                         "give --transcripts MANE.GRCh38.gtf.gz (or GFF3), or run 'nbscreen panel "
                         "knowledge' first");
    }
    const auto it = files.content.find("targets.tsv");
    const bool curated = it != files.content.end();
    const TargetMake made = make_targets(panel, curated, models);
    const std::string source =
        a.transcripts.empty() ? (dir / "knowledge" / "transcripts.tsv").string() : a.transcripts;
    for (const auto& g : made.added)
        std::cout << "+ " << g.gene << '\t' << g.transcript << '\t' << g.rows
                  << " coding_exon target(s)\n";
    for (const auto& g : made.gene_span)
        std::cout << "+ " << g << "\t(no MANE Select model)\t1 gene_span target\n";
    if (!made.gene_span.empty()) {
        std::cerr << "[nbscreen] no MANE Select coding model in " << source << " for "
                  << made.gene_span.size() << " gene(s), their gene span is the target:";
        for (const auto& g : made.gene_span)
            std::cerr << ' ' << g;
        std::cerr << '\n';
    }
    std::cout << "targets: " << made.kept << " rows kept, " << made.added.size()
              << " genes given coding_exon targets (+/- "
              << panel.manifest.thresholds.target_padding_bp << " bp), " << made.gene_span.size()
              << " given their gene span\n";
    if (made.added.empty() && made.gene_span.empty()) {
        std::cout << "no change to " << dir.string() << '\n';
        return kOk;
    }
    if (a.dry_run) {
        std::cout << "dry run: nothing written\n";
        return kOk;
    }
    const std::string path = (dir / "targets.tsv").string();
    write_file_atomically(
        path, render_targets_tsv(made.targets, curated ? tsv_preamble(it->second) : std::string()),
        kSharedFileMode);
    const PanelValidation v = validate_panel(read_panel_dir(dir));
    report_warnings(v.warnings, dir.string());
    if (!v.ok()) return report_problems(v.problems, dir.string());
    std::cerr << "[nbscreen] " << dir.string() << " changed but its version is still "
              << panel.manifest.version
              << ": bump version in panel.toml and add a CHANGELOG.md entry\n";
    return kOk;
}

int run_targets(const PanelArgs& a) {
    if (a.make) return run_make_targets(a);
    const std::string bed = render_targets_bed(load_panel(a.path));
    if (a.out.empty() || a.out == "-")
        std::cout << bed;
    else
        write_file_atomically(a.out, bed, kSharedFileMode);
    return kOk;
}

int run_import_panelapp(const PanelArgs& a) {
    const fs::path dir = a.out;
    if (fs::exists(dir) && !(fs::is_directory(dir) && fs::is_empty(dir)) && !a.force)
        throw InputError({dir.string()}, "output directory exists and is not empty",
                         "choose a new directory, or pass --force to overwrite its panel files");
    const PanelAppImport imp =
        import_panelapp(read_file_bytes(a.path), fs::path(a.path).filename().string());
    fs::create_directories(dir);
    for (const auto& [name, text] : imp.files)
        write_file_atomically(dir / name, text, kSharedFileMode);
    for (const auto& n : imp.not_imported)
        std::cerr << "[nbscreen] not imported: " << n << '\n';
    std::cout << "wrote " << dir.string() << ": panel " << imp.id << ' ' << imp.version << ", "
              << imp.gene_entries << " gene entries from " << imp.green_genes
              << " Green genes; left out: " << imp.not_imported.size()
              << " Green genes (listed above and in CHANGELOG.md), " << imp.not_green
              << " Amber/Red genes, " << imp.strs << " STRs, " << imp.regions << " regions\n";
    // What we wrote must pass the validator; if not, that is our bug, and the curator must see it.
    const PanelValidation v = validate_panel(read_panel_dir(dir));
    if (!v.ok()) return report_problems(v.problems, dir.string());
    return kOk;
}

int run_import_clinvar(const PanelArgs& a) {
    const fs::path dir = a.path;
    if (!fs::is_directory(dir))
        throw InputError({dir.string()}, "not a panel directory",
                         "import-clinvar edits a panel directory; bundles are built from one");
    const Panel panel = load_panel(dir);

    VcfSiteReader reader(a.other, {"CLNSIG", "CLNSIGCONF", "CLNREVSTAT", "GENEINFO"});
    std::string release = a.release;
    if (release.empty()) {
        const auto file_date = reader.header_value("fileDate");
        const auto date = file_date ? clinvar_release_date(*file_date) : std::nullopt;
        if (!date)
            throw InputError(
                {a.other}, "the VCF header has no ##fileDate=YYYY-MM-DD (or YYYYMMDD)",
                "ClinVar releases carry one; otherwise give the release with --release YYYY-MM-DD");
        release = *date;
    } else if (const auto d = clinvar_release_date(release)) {
        release = *d;
    } else {
        throw InputError({a.other}, "--release '" + a.release + "' is not a date",
                         "write YYYY-MM-DD");
    }
    std::vector<Region> spans;
    for (const auto& g : panel.genes)
        spans.push_back(g.span);
    reader.restrict_to(RegionSet(spans));
    std::vector<ClinvarRecord> records;
    VcfSite site;
    while (reader.next(site)) {
        for (const auto& alt : site.alts) {
            ClinvarRecord r;
            r.variant = Variant{site.chrom, site.pos, site.ref, alt};
            r.id = site.id;
            r.clnsig = site.info[0].value_or("");
            r.clnsigconf = site.info[1].value_or("");
            r.clnrevstat = site.info[2].value_or("");
            r.geneinfo = site.info[3].value_or("");
            records.push_back(std::move(r));
        }
    }
    const ClinvarImportResult res = import_clinvar(
        panel, records, {release, a.added_in.empty() ? panel.manifest.version : a.added_in});
    const auto& rep = res.report;

    for (const auto& s : rep.added)
        std::cout << "+ " << s << '\n';
    for (const auto& s : rep.refreshed)
        std::cout << "~ " << s << '\n';
    for (const auto& s : rep.removed)
        std::cout << "- " << s << '\n';
    std::cout << "ClinVar " << release << ": " << reader.records_seen() << " records read, "
              << records.size() << " alleles inside panel genes; " << rep.qualifying
              << " qualify (>= " << std::max(1, panel.manifest.thresholds.clinvar_min_pathogenic)
              << " P/LP, <= " << panel.manifest.thresholds.clinvar_max_benign << " B/LB), "
              << rep.not_qualifying << " do not, " << rep.not_sequence << " not ACGT alleles\n"
              << "include rows: " << rep.added.size() << " added, " << rep.refreshed.size()
              << " refreshed, " << rep.removed.size() << " removed, " << rep.unchanged
              << " unchanged, " << rep.kept_not_in_file << " ClinVar rows not in this file kept; "
              << rep.skipped_excluded << " qualifying alleles on the exclude list skipped, "
              << rep.kept_other_source << " already included from another source\n";

    const std::string toml_path = (dir / "panel.toml").string();
    const std::string toml = read_file_bytes(toml_path);
    const std::string new_toml = set_toml_source(toml, "clinvar_release", release);
    const bool release_changed = new_toml != toml;
    if (!rep.changed() && !release_changed) {
        std::cout << "no change to " << dir.string() << '\n';
        return kOk;
    }
    if (a.dry_run) {
        std::cout << "dry run: nothing written\n";
        return kOk;
    }
    const std::string variants_path = (dir / "variants.tsv").string();
    if (rep.changed()) {
        // Keep the file's comments and its column layout (a schema 1.0 file stays 1.0).
        const std::string before = read_file_bytes(variants_path);
        write_file_atomically(
            variants_path,
            render_variants_tsv(res.variants, tsv_preamble(before), tsv_header_columns(before)),
            kSharedFileMode);
    }
    if (release_changed) write_file_atomically(toml_path, new_toml, kSharedFileMode);
    // The version is the curator's decision; say so rather than bump it silently.
    std::cerr
        << "[nbscreen] " << dir.string() << " changed but its version is still "
        << panel.manifest.version
        << ": bump version in panel.toml and add a CHANGELOG.md entry (new rows carry added_in "
        << (a.added_in.empty() ? panel.manifest.version : a.added_in)
        << ", which must be the new version: import with --added-in NEW); 'nbscreen panel "
           "validate "
        << dir.string() << " --previous OLD' checks both\n";
    return kOk;
}

}  // namespace

Runner add_panel_command(CLI::App& app) {
    CLI::App* cmd = app.add_subcommand("panel", "Curator's tools for versioned panels");
    cmd->require_subcommand(1);
    cmd->footer(
        "Exit codes: 0 ok, 1 internal or I/O failure, 2 usage error, 3 bad input (problems are "
        "printed with file:line:column and a hint).");
    auto args = std::make_shared<PanelArgs>();

    CLI::App* validate = cmd->add_subcommand("validate",
                                             "Report every problem of a panel at once "
                                             "(file:line:column, what, how to fix); exit 3 if any");
    validate->add_option("DIR", args->path, "Panel directory or .nbpanel bundle")->required();
    validate->add_option(
        "--previous", args->previous,
        "The previous release (directory or bundle): changed content needs a version bump "
        "and a CHANGELOG.md entry");

    CLI::App* diff =
        cmd->add_subcommand("diff", "Conditions, genes and variants added, removed and changed");
    diff->add_option("OLD", args->path, "Old panel (directory or bundle)")->required();
    diff->add_option("NEW", args->other, "New panel (directory or bundle)")->required();
    diff->add_flag("--json", args->json, "Write the differences as JSON");

    CLI::App* build = cmd->add_subcommand(
        "build",
        "Compile a valid panel into one zstd-compressed .nbpanel bundle carrying its SHA-256");
    build->add_option("DIR", args->path, "Panel directory")->required();
    build->add_option("-o,--out", args->out, "Bundle to write (FILE.nbpanel)")->required();

    CLI::App* info =
        cmd->add_subcommand("info", "Id, version, checksum, counts by category and MOI");
    info->add_option("PANEL", args->path, "Panel directory or .nbpanel bundle")->required();

    CLI::App* knowledge = cmd->add_subcommand(
        "knowledge",
        "Compile the panel genes' reference sequence (± padding) and MANE transcript models into "
        "DIR/knowledge/, recording each source's name, release and SHA-256 in panel.toml");
    knowledge->add_option("DIR", args->path, "Panel directory to update")->required();
    knowledge
        ->add_option("--reference", args->knowledge.reference,
                     "GRCh38 FASTA (.fa, or bgzip .fa.gz) with its samtools faidx index")
        ->required();
    knowledge
        ->add_option("--transcripts", args->knowledge.transcripts,
                     "MANE GTF or GFF3 (plain or gzip)")
        ->required();
    knowledge->add_option("--reference-release", args->knowledge.reference_release,
                          "Release of the FASTA [default: its file name]");
    knowledge->add_option(
        "--clinvar", args->knowledge.clinvar,
        "ClinVar VCF (GRCh38): a table of every ClinVar allele in the panel genes");
    knowledge->add_option("--clinvar-release", args->knowledge.clinvar_release,
                          "ClinVar release date [default: the VCF's ##fileDate]");
    knowledge->add_option(
        "--gnomad", args->knowledge.gnomad,
        "gnomAD sites VCF(s), bgzipped with a .tbi (v4 or v3.1; exomes and/or genomes, one file "
        "per chromosome is fine): per-population allele counts over the panel's CDS +-20 bp and "
        "ClinVar P/LP positions");
    knowledge->add_option("--gnomad-release", args->knowledge.gnomad_release,
                          "gnomAD release, e.g. 'v4.1' [default: read from each file name]");
    knowledge->add_option("--transcripts-release", args->knowledge.transcripts_release,
                          "Release of the GTF/GFF3, e.g. 'MANE v1.4' [default: its file name]");

    CLI::App* targets = cmd->add_subcommand(
        "targets",
        "The panel's coverage targets as BED (0-based half-open: chrom start end symbol)");
    targets->add_option("PANEL", args->path, "Panel directory or .nbpanel bundle")->required();
    targets->add_option("-o,--out", args->out, "Write the BED here instead of stdout");
    targets->add_flag("--make", args->make,
                      "Add targets.tsv rows for genes without targets: MANE Select CDS exons +/- "
                      "target_padding_bp (curated rows are kept as they are); PANEL must be a "
                      "directory");
    targets->add_option("--transcripts", args->transcripts,
                        "With --make: MANE GTF or GFF3 (plain or gzip) [default: the panel's "
                        "knowledge/transcripts.tsv]");
    targets->add_flag("--dry-run", args->dry_run, "With --make: report, write nothing");

    CLI::App* panelapp = cmd->add_subcommand(
        "import-panelapp",
        "Convert a PanelApp API v1 panel (JSON) into a panel directory (Green genes only)");
    panelapp->add_option("FILE", args->path, "PanelApp panel JSON (GET /api/v1/panels/<id>/)")
        ->required();
    panelapp->add_option("-o,--out", args->out, "Panel directory to create")->required();
    panelapp->add_flag("--force", args->force,
                       "Overwrite the panel files of an existing directory");

    CLI::App* clinvar = cmd->add_subcommand("import-clinvar",
                                            "Add or refresh include rows for panel genes from a "
                                            "ClinVar VCF (>= 1 P/LP, <= 1 B/LB); the version "
                                            "is left for the curator to bump");
    clinvar->add_option("DIR", args->path, "Panel directory to update")->required();
    clinvar->add_option("VCF", args->other, "ClinVar VCF (clinvar_YYYYMMDD.vcf.gz, GRCh38)")
        ->required();
    clinvar->add_option("--release", args->release,
                        "ClinVar release date [default: the VCF's ##fileDate]");
    clinvar->add_option("--added-in", args->added_in,
                        "added_in for new rows [default: the panel's current version]");
    clinvar->add_flag("--dry-run", args->dry_run, "Report what would change; write nothing");

    return [=]() -> int {
        const PanelArgs& a = *args;
        if (validate->parsed()) return run_validate(a);
        if (diff->parsed()) return run_diff(a);
        if (build->parsed()) return run_build(a);
        if (info->parsed()) return run_info(a);
        if (targets->parsed()) return run_targets(a);
        if (knowledge->parsed()) return run_knowledge(a);
        if (panelapp->parsed()) return run_import_panelapp(a);
        if (clinvar->parsed()) return run_import_clinvar(a);
        return kUsage;
    };
}

}  // namespace nbs::cli
