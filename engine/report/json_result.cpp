#include "engine/report/json_result.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "engine/core/version.hpp"

namespace nbs {
namespace {

using Json = nlohmann::ordered_json;

double round3(double x) {
    return std::round(x * 1000.0) / 1000.0;
}
double round4(double x) {
    return std::round(x * 10000.0) / 10000.0;
}

template <typename T>
Json opt(const std::optional<T>& v) {
    return v ? Json(*v) : Json(nullptr);
}

// Which compiled knowledge matching used (null: none; alleles were trimmed, not left-aligned).
Json knowledge_json(const Panel& panel) {
    if (!panel.knowledge) return nullptr;
    Json sources = Json::array();
    for (const auto& s : panel.knowledge->sources)
        sources.push_back(
            {{"kind", s.kind}, {"name", s.name}, {"release", s.release}, {"sha256", s.sha256}});
    return {{"schema_version", panel.knowledge->schema_version}, {"sources", sources}};
}

/// What a reviewer needs about the condition beside the call, from the panel's conditions.tsv
/// (docs/result-schema.md, "condition_info"): only the keys the panel fills, in a fixed order.
/// OMIM ids are a list; the ICoNS cells are copied as written ("2", or "DNAH5:2,DNAI1:3" where
/// the condition's genes differ).
Json condition_info(const Panel& panel, const std::string& condition_id) {
    Json info = Json::object();
    const Condition* c = panel.find_condition(condition_id);
    if (c == nullptr) return info;
    if (!c->omim.empty()) {
        Json ids = Json::array();
        std::size_t start = 0;
        for (;;) {
            const auto comma = c->omim.find(',', start);
            ids.push_back(c->omim.substr(
                start, comma == std::string::npos ? std::string::npos : comma - start));
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
        info["omim"] = ids;
    }
    const std::pair<const char*, const std::string*> cells[] = {
        {"onset", &c->onset},
        {"asqm_severity", &c->asqm_severity},
        {"asqm_efficacy", &c->asqm_efficacy},
        {"orthogonal_test", &c->orthogonal_test}};
    for (const auto& [key, value] : cells)
        if (!value->empty()) info[key] = *value;
    return info;
}

Json allele_json(const ReportedAllele& a) {
    const AlleleCall& c = a.call;
    Json j;
    j["chrom"] = c.variant.chrom;
    j["pos"] = c.variant.pos;
    j["ref"] = c.variant.ref;
    j["alt"] = c.variant.alt;
    if (c.as_written != c.variant) {
        j["as_written"] = {
            {"pos", c.as_written.pos}, {"ref", c.as_written.ref}, {"alt", c.as_written.alt}};
    }
    j["genotype"] = c.genotype;
    j["route"] = a.qualification.routes.empty()
                     ? Json(nullptr)
                     : Json(to_string(a.qualification.routes.front().route));
    Json routes = Json::array();
    for (const auto& r : a.qualification.routes)
        routes.push_back({{"route", to_string(r.route)}, {"why", r.why}});
    j["routes"] = routes;
    if (a.qualification.excluded_because) j["excluded_because"] = *a.qualification.excluded_because;
    j["gq"] = opt(c.gq);
    j["dp"] = opt(c.dp);
    const auto ab = c.allele_balance();
    j["allele_balance"] = ab ? Json(round3(*ab)) : Json(nullptr);
    j["ad"] =
        c.ad_alt ? Json({{"alt", *c.ad_alt}, {"total", c.ad_total.value_or(0)}}) : Json(nullptr);
    j["phased"] = c.phased;
    j["phase_set"] = opt(c.phase_set);
    j["filter"] = c.filters.empty() ? Json(".") : Json(c.filters);
    j["clinvar_stars"] = opt(a.qualification.clinvar_stars);
    j["population_af"] = a.qualification.max_population_af
                             ? Json(*a.qualification.max_population_af)
                             : Json(nullptr);
    if (a.qualification.max_population_af)
        j["population_af_key"] = a.qualification.max_population_af_key;
    if (a.qualification.population_af_unknown) j["population_af_unknown"] = true;
    if (const auto& cv = a.qualification.clinvar) {
        // The full submission picture, so a reviewer sees "1 LP vs 3 VUS".
        j["clinvar"] = {
            {"clnsig", cv->counts.clnsig},
            {"pathogenic_submissions", cv->counts.pathogenic},
            {"uncertain_submissions", cv->counts.uncertain},
            {"benign_submissions", cv->counts.benign},
            {"review_status", cv->review_status},
            {"stars", opt(cv->stars)},
            {"variation_id", cv->variation_id.empty() ? Json(nullptr) : Json(cv->variation_id)},
            {"allele_id", cv->allele_id.empty() ? Json(nullptr) : Json(cv->allele_id)}};
        // Said where a reader could wonder: always for the knowledge table, and for the input's
        // INFO when the panel's knowledge also has a ClinVar table (the input won).
        if (cv->source == "knowledge") {
            j["clinvar"]["source"] = "knowledge";
            j["clinvar"]["release"] = cv->release;
        } else if (cv->knowledge_has_clinvar) {
            j["clinvar"]["source"] = "input";
        }
    }
    if (const auto& pf = a.qualification.population_frequency) {
        Json f = {{"source", pf->source}, {"status", pf->status}};
        if (pf->status == "observed") {
            f["max_af"] = *pf->max_af;
            f["population"] = pf->population;
            f["population_source"] = pf->population_source;
            f["ac"] = pf->ac;
            f["an"] = pf->an;
            f["filter"] = pf->filter;
        }
        f["threshold"] = pf->threshold;
        f["above_threshold"] = pf->above_threshold;
        j["population_frequency"] = f;
    }
    if (const auto& c = a.qualification.consequence) {
        Json cj = {{"source", c->source}, {"transcript", c->transcript}, {"terms", c->terms}};
        if (!c->hgvs_c.empty()) cj["hgvs_c"] = c->hgvs_c;
        if (!c->hgvs_p.empty()) cj["hgvs_p"] = c->hgvs_p;
        if (c->source == "nbscreen") {
            cj["nmd_escape"] =
                c->nmd_escape && *c->nmd_escape != "none" ? Json(*c->nmd_escape) : Json(nullptr);
            cj["knowledge"] = c->knowledge;
        }
        j["consequence"] = std::move(cj);
    }
    if (!a.qualification.flags.empty()) j["annotation_flags"] = a.qualification.flags;
    j["genotype_qc"] = {{"pass", a.qc.pass},
                        {"failures", a.qc.failures},
                        {"warnings", a.qc.warnings},
                        {"not_checked", a.qc.not_checked}};
    if (c.decomposed_from) j["decomposed_from"] = c.decomposed_from->to_string();
    if (c.line != 0) j["vcf_line"] = c.line;
    return j;
}

// The SMN1 copy-number call with everything behind it (docs/result-schema.md "smn").
Json smn_json(const SmnCall& c) {
    Json sites = Json::array();
    for (const auto& s : c.sites)
        sites.push_back({{"name", s.name},
                         {"c840", s.c840},
                         {"smn1_reads", s.smn1_reads},
                         {"smn2_reads", s.smn2_reads},
                         {"other_reads", s.other_reads},
                         {"smn1_copy_number", opt(s.smn1_cn)},
                         {"posterior", round3(s.posterior)}});
    Json j{
        {"assessable", c.assessable},
        {"intact_smn1", c.intact_label.empty() ? Json(nullptr) : Json(c.intact_label)},
        {"carrier", c.intact_smn1 == 1},
        {"smn2_copy_number", opt(c.smn2)},
        {"full_length_copy_number", opt(c.full_length)},
        {"confidence", c.confidence},
        {"basis", c.basis},
        {"c840_test",
         {{"result", c.c840_test},
          {"reads", c.c840_reads},
          {"smn1_reads", c.c840_smn1_reads},
          {"score", round3(c.c840_phred)}}},
        {"depth",
         {{"normalised", c.normalised},
          {"note", c.normalisation_note},
          {"norm_regions_used", c.norm_regions_used},
          {"norm_median_depth", round3(c.norm_median_depth)},
          {"norm_mad", round4(c.norm_mad)},
          {"smn_exon7_8_depth", round3(c.smn_depth)},
          {"full_length_raw", c.full_length_raw ? Json(round3(*c.full_length_raw)) : Json(nullptr)},
          {"full_length_posterior", round4(c.full_length_posterior)}}},
        {"consensus",
         {{"smn1_copy_number", opt(c.consensus_smn1)}, {"sites_agreeing", c.consensus_sites}}},
        {"sites", sites},
        {"flags", c.flags}};
    if (!c.assessable) j["reason"] = c.reason;
    return j;
}

}  // namespace

std::string result_to_json(const BabyResult& r, const Panel& panel,
                           const std::optional<RunProvenance>& prov) {
    Json j;
    j["schema_version"] = kResultSchemaVersion;
    j["sample_id"] = r.sample_id;
    j["status"] = to_string(r.status);
    j["panel"] = {
        {"id", panel.manifest.id}, {"version", panel.manifest.version}, {"sha256", panel.sha256}};

    const auto& e = r.sex.evidence;
    Json sex;
    sex["reported"] = r.sex.reported ? Json(to_string(*r.sex.reported)) : Json(nullptr);
    sex["inferred"] = to_string(r.sex.inferred.karyotype);
    sex["used"] = to_string(r.sex.used);
    sex["used_source"] = r.sex.used_source;
    sex["evidence"] = {
        {"x_nonpar_calls", e.x_nonpar_calls},
        {"x_nonpar_het", e.x_nonpar_het},
        {"x_het_ratio", e.x_het_ratio() ? Json(round3(*e.x_het_ratio())) : Json(nullptr)},
        {"x_haploid_calls", e.x_haploid_calls},
        {"y_nonpar_calls", e.y_nonpar_calls},
        {"y_called", e.y_called},
        {"reason", r.sex.inferred.reason}};
    sex["from_vcf"] = {
        {"karyotype", to_string(r.sex.from_vcf.karyotype)},
        {"x_copies", r.sex.from_vcf.x_copies == 0 ? Json(nullptr) : Json(r.sex.from_vcf.x_copies)},
        {"y", to_string(r.sex.from_vcf.y)},
        {"reason", r.sex.from_vcf.reason}};
    if (r.sex.from_depth) {
        const DepthSex& d = *r.sex.from_depth;
        sex["from_depth"] = {{"karyotype", to_string(d.karyotype)},
                             {"autosome_depth", round3(d.autosome_depth)},
                             {"x_depth", round3(d.x_depth)},
                             {"y_depth", round3(d.y_depth)},
                             {"x_ratio", round3(d.x_ratio)},
                             {"y_ratio", round3(d.y_ratio)},
                             {"reason", d.reason}};
    } else {
        sex["from_depth"] = nullptr;
    }
    j["sex"] = sex;

    Json findings = Json::array();
    for (const auto& f : r.findings) {
        Json fj;
        fj["condition_id"] = f.condition_id;
        fj["condition_name"] = f.condition_name;
        fj["condition_info"] = condition_info(panel, f.condition_id);
        fj["gene"] = f.gene;
        fj["hgnc_id"] = f.hgnc_id;
        fj["moi"] = to_string(f.moi);
        fj["phase"] = to_string(f.outcome.phase);
        fj["zygosity"] = f.outcome.zygosity;
        fj["reason"] = f.outcome.reason;
        fj["flags"] = f.flags;
        Json vs = Json::array();
        for (const auto& a : f.variants)
            vs.push_back(allele_json(a));
        fj["variants"] = vs;
        if (f.smn) {
            fj["route"] = "smn1_copy_number";
            fj["smn"] = smn_json(*f.smn);
        }
        findings.push_back(fj);
    }
    j["findings"] = findings;

    Json set_aside = Json::array();
    for (const auto& s : r.set_aside) {
        Json sj{{"gene", s.gene}, {"condition_id", s.condition_id}, {"reason", s.reason}};
        sj["variant"] = allele_json(s.allele);
        set_aside.push_back(sj);
    }
    j["set_aside"] = set_aside;

    Json na = Json::array();
    for (const auto& n : r.not_assessable) {
        Json nj{{"condition_id", n.condition_id}, {"gene", n.gene}, {"reason", n.reason}};
        nj["condition_info"] = condition_info(panel, n.condition_id);
        if (n.target_bases > 0) {
            nj["target_bases"] = n.target_bases;
            nj["callable_bases"] = n.callable_bases;
            nj["callable_fraction"] = round4(n.callable_fraction);
        }
        na.push_back(nj);
    }
    j["not_assessable"] = na;
    if (r.smn) j["smn"] = smn_json(*r.smn);

    j["coverage"] = {{"assessed", r.coverage.assessed},
                     {"source", r.coverage.source},
                     {"note", r.coverage.note}};
    if (r.coverage.assessed) {
        const CoverageSettings& st = r.coverage.settings;
        Json& cj = j["coverage"];
        cj["callability"] = {{"min_depth", st.callability_min_depth},
                             {"min_fraction", st.callability_min_fraction}};
        if (r.coverage.source != "gvcf") {
            // Whose reads these are: "matched" (every @RG SM is the VCF sample) or "ignored"
            // (--ignore-sm; a QC flag says so too).
            cj["alignment_samples"] = r.input.alignment_samples;
            cj["alignment_sample_check"] = r.input.alignment_sample_check;
            cj["min_mapq"] = st.min_mapq;
            const DepthStats& rs = r.coverage.reads;
            cj["reads"] = {{"seen", rs.reads_seen},
                           {"used", rs.reads_used},
                           {"failed_flag", rs.reads_failed_flag},
                           {"failed_mapq", rs.reads_failed_mapq},
                           {"mate_overlap_bases", rs.mate_overlap_bases}};
        } else {
            cj["min_gq"] = st.min_gq;
        }
        cj["thresholds"] = st.thresholds;
        Json genes = Json::array();
        for (const auto& g : r.coverage.genes) {
            Json frac = Json::object();
            for (std::size_t t = 0; t < st.thresholds.size() && t < g.bases_at.size(); ++t)
                frac[std::to_string(st.thresholds[t]) + "x"] =
                    g.target_bases > 0 ? round4(static_cast<double>(g.bases_at[t]) /
                                                static_cast<double>(g.target_bases))
                                       : 0.0;
            genes.push_back(
                {{"gene", g.gene},
                 {"intervals", g.intervals},
                 {"target_bases", g.target_bases},
                 {"mean_depth", g.mean_depth ? Json(round3(*g.mean_depth)) : Json(nullptr)},
                 {"fraction_at", frac},
                 {"callable_bases", g.callable_bases},
                 {"callable_fraction", round4(g.callable_fraction)},
                 {"callable", g.callable}});
        }
        cj["genes"] = genes;
        Json low = Json::array();
        for (const auto& t : r.coverage.low_targets)
            low.push_back({{"gene", t.gene},
                           {"chrom", t.region.chrom},
                           {"start", t.region.start},
                           {"end", t.region.end},
                           {"bases", t.bases},
                           {"callable_bases", t.callable_bases}});
        cj["low_targets"] = low;
        Json targets = Json::array();
        for (const auto& t : r.coverage.gene_targets)
            targets.push_back(
                {{"gene", t.gene},
                 {"chrom", t.region.chrom},
                 {"start", t.region.start},
                 {"end", t.region.end},
                 {"bases", t.bases},
                 {"callable_bases", t.callable_bases},
                 {"mean_depth", t.mean_depth ? Json(round3(*t.mean_depth)) : Json(nullptr)}});
        cj["gene_targets"] = targets;
        Json sites = Json::array();
        for (const auto& sg : r.coverage.uncallable_sites)
            sites.push_back(
                {{"gene", sg.gene},
                 {"variant", sg.variant},
                 {"bases", sg.bases},
                 {"callable_bases", sg.callable_bases},
                 {"mean_depth", sg.mean_depth ? Json(round3(*sg.mean_depth)) : Json(nullptr)}});
        cj["uncallable_known_sites"] = sites;
    }
    j["qc"] = {{"records_seen", r.qc.records_seen},
               {"records_decoded", r.qc.records_decoded},
               {"alleles_in_panel_genes", r.qc.alleles_in_panel_genes},
               {"flags", r.qc.flags},
               {"failures", r.qc.failures}};
    if (prov) {
        j["provenance"] = {{"nbscreen_version", prov->nbscreen_version},
                           {"htslib_version", prov->htslib_version},
                           {"command_line", prov->command_line},
                           {"started_at", prov->started_at},
                           {"panel_source", prov->panel_source},
                           {"knowledge", knowledge_json(panel)},
                           {"input",
                            {{"vcf", r.input.vcf_path},
                             {"vcf_sample", r.input.vcf_sample},
                             {"vcf_size", r.input.vcf_size},
                             {"access", r.input.access},
                             {"contig_naming", r.input.contig_naming},
                             {"grch38_contigs_checked", r.input.contigs_checked}}}};
    }
    return j.dump(2) + "\n";
}

}  // namespace nbs
