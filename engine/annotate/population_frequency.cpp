#include "engine/annotate/population_frequency.hpp"

#include <cstdio>

#include "engine/panel/knowledge_frequency.hpp"

namespace nbs {
namespace {

std::string number_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
}

}  // namespace

double population_ceiling(const Thresholds& th, Moi moi, const std::string& population) {
    const bool mono = uses_monoallelic_af(moi);
    const auto& table = mono ? th.population_af_monoallelic : th.population_af_biallelic;
    const auto it = table.find(population);
    if (it != table.end()) return it->second;
    return mono ? th.max_af_monoallelic : th.max_af_biallelic;
}

std::string PopulationFrequency::describe() const {
    if (status == "not_covered")
        return source + ": position not covered by the gnomAD files in the knowledge, so the " +
               "population ceiling could not be applied from them";
    if (status == "absent") return source + ": allele absent (position covered, no record)";
    std::string out = source + ": AF " + number_text(max_af.value_or(0)) + " in " + population +
                      " (" + std::to_string(ac) + "/" + std::to_string(an) + ") " +
                      (above_threshold ? ">= " : "< ") + number_text(threshold);
    if (!filter.empty() && filter != "PASS" && filter != ".") out += ", gnomAD FILTER " + filter;
    return out;
}

std::optional<PopulationFrequency> assess_population_frequency(const Panel& panel,
                                                               const Variant& key, Moi moi) {
    if (!panel.knowledge) return std::nullopt;
    const Knowledge& k = *panel.knowledge;
    const auto sources = k.frequency_sources();
    if (sources.empty()) return std::nullopt;
    const Thresholds& th = panel.manifest.thresholds;

    PopulationFrequency pf;
    for (const auto* s : sources) {
        const std::string name = describe_frequency_source(*s);
        if (pf.source.find(name) == std::string::npos)
            pf.source += (pf.source.empty() ? "" : " + ") + name;
    }
    pf.source += " (knowledge)";
    pf.status = "not_covered";
    pf.threshold = uses_monoallelic_af(moi) ? th.max_af_monoallelic : th.max_af_biallelic;

    // The deciding population: the largest AF / ceiling over every source and population with
    // called alleles (AN > 0); ties go to the larger AF, then the first met.
    double best_ratio = -1;
    const auto records = k.find_frequency(key);
    for (const auto* r : records) {
        for (const auto& c : r->populations) {
            if (c.an <= 0) continue;
            const double af = static_cast<double>(c.ac) / static_cast<double>(c.an);
            const double ceiling = population_ceiling(th, moi, c.population);
            const double ratio = af / ceiling;
            if (ratio > best_ratio || (ratio == best_ratio && af > pf.max_af.value_or(-1))) {
                best_ratio = ratio;
                pf.status = "observed";
                pf.max_af = af;
                pf.population = c.population;
                pf.population_source = r->source;
                pf.ac = c.ac;
                pf.an = c.an;
                pf.threshold = ceiling;
                pf.filter = r->filter;
                pf.above_threshold = af >= ceiling;
            }
        }
    }
    if (pf.status == "observed") return pf;
    // No record with called alleles: absent if a source covers the position (and then a record
    // without called alleles, AN = 0 everywhere, is not evidence of absence: not covered there).
    for (const auto* s : sources) {
        bool has_record = false;
        for (const auto* r : records)
            has_record = has_record || r->source == s->kind;
        if (!has_record && k.frequency_covers(s->kind, key.chrom, key.pos)) pf.status = "absent";
    }
    return pf;
}

}  // namespace nbs
