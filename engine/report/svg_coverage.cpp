// The coverage section: for each gene with a finding or a not-assessable condition, an inline SVG
// bar chart of the callable fraction (bases at >= callability min depth) of the gene and of each
// of its targets the result lists, against the panel's callability fraction.
//
// What the result carries (docs/result-schema.md, docs/coverage.md): per gene the target bases,
// mean depth, fraction at each threshold and callable fraction (`coverage.genes`); per target,
// every target of these genes (`coverage.gene_targets`, schema 1.4.0). A result of an older schema
// lists only the targets BELOW the fraction (`coverage.low_targets`): the plot then shows those
// and says so. It never recomputes or re-decides a gene's callability.
#include <cstdio>
#include <map>
#include <set>

#include "engine/report/html_pages.hpp"

namespace nbs::html {
namespace {

constexpr int kLabelWidth = 230;
constexpr int kPlotWidth = 520;
constexpr int kRowHeight = 20;
constexpr std::size_t kMaxTargetsPerGene = 40;
constexpr std::size_t kMaxGenesPlotted = 60;

std::string fixed(double v, int decimals) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

double number(const Json& obj, std::string_view key, double fallback = 0.0) {
    const Json* v = member(obj, key);
    return v != nullptr && v->is_number() ? v->get<double>() : fallback;
}

struct Bar {
    std::string label;
    double fraction = 0.0;
    bool gene = false;
};

// Worked example: gene CFTR at 0.623 with threshold 0.95 and one low target chr7:117559500-
// 117559700 (120 of 200 bases callable): two bars, 62.3% (gene) and 60.0% (target), both left of
// the dashed 95% line, so both are drawn in the "below" colour.
std::string svg(const std::vector<Bar>& bars, double threshold, const std::string& title) {
    const int height = static_cast<int>(bars.size()) * kRowHeight + 34;
    const int width = kLabelWidth + kPlotWidth + 60;
    std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" +
                      std::to_string(width) + "\" height=\"" + std::to_string(height) +
                      "\" viewBox=\"0 0 " + std::to_string(width) + " " + std::to_string(height) +
                      "\"><title>" + escape(title) + "</title>";
    // Axis ticks at 0, 25, 50, 75, 100 %.
    for (int t = 0; t <= 4; ++t) {
        const int x = kLabelWidth + kPlotWidth * t / 4;
        out += "<line x1=\"" + std::to_string(x) + "\" y1=\"4\" x2=\"" + std::to_string(x) +
               "\" y2=\"" + std::to_string(height - 22) + "\" stroke=\"#e3e7ec\"/>";
        out += "<text x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(height - 8) +
               "\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5b6675\">" +
               std::to_string(t * 25) + "%</text>";
    }
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const Bar& b = bars[i];
        const int y = 6 + static_cast<int>(i) * kRowHeight;
        const double f = b.fraction < 0 ? 0 : (b.fraction > 1 ? 1 : b.fraction);
        const bool below = b.fraction < threshold;
        out += "<text x=\"" + std::to_string(kLabelWidth - 8) + "\" y=\"" + std::to_string(y + 13) +
               "\" font-size=\"" + (b.gene ? "12.5" : "11") +
               "\" text-anchor=\"end\" fill=\"#1b2430\"" + (b.gene ? " font-weight=\"600\"" : "") +
               ">" + escape(b.label) + "</text>";
        out += "<rect x=\"" + std::to_string(kLabelWidth) + "\" y=\"" + std::to_string(y + 2) +
               "\" width=\"" + fixed(f * kPlotWidth, 1) + "\" height=\"" +
               std::to_string(kRowHeight - 6) + "\" fill=\"" + (below ? "#c2410c" : "#2f7d4f") +
               "\"" + (b.gene ? "" : " fill-opacity=\"0.75\"") + "/>";
        out += "<text x=\"" + fixed(kLabelWidth + f * kPlotWidth + 5, 1) + "\" y=\"" +
               std::to_string(y + 13) + "\" font-size=\"11\" fill=\"#1b2430\">" +
               fixed(b.fraction * 100, 1) + "%</text>";
    }
    const std::string tx = fixed(kLabelWidth + threshold * kPlotWidth, 1);
    out += "<line x1=\"" + tx + "\" y1=\"2\" x2=\"" + tx + "\" y2=\"" +
           std::to_string(height - 22) +
           "\" stroke=\"#1b2430\" stroke-width=\"1.5\" stroke-dasharray=\"5,3\"/>";
    return out + "</svg>";
}

}  // namespace

std::string coverage_section(const Json& r) {
    const Json* cov = member(r, "coverage");
    if (cov == nullptr) return "<p>The result has no coverage block.</p>";
    const Json* assessed = member(*cov, "assessed");
    if (assessed == nullptr || !assessed->is_boolean() || !assessed->get<bool>())
        return "<div class=\"warn\"><b>Callability not assessed</b> (source " +
               etext(*cov, "source") + "): " + etext(*cov, "note") + "</div>";

    const Json empty = Json::object();
    const Json& call = member(*cov, "callability") ? (*cov)["callability"] : empty;
    const double threshold = number(call, "min_fraction", 0.95);
    std::string out = "<p>Source <b>" + etext(*cov, "source") + "</b>. A gene is callable when " +
                      "at least " + fixed(threshold * 100, 1) + "% of its target bases are at " +
                      etext(call, "min_depth") +
                      "x or more (dashed line). Green: at or above; orange: below.</p>";

    // The genes this baby's answer depends on most: findings first, then not assessable.
    std::vector<std::string> genes;
    std::set<std::string> wanted;
    for (const char* list : {"findings", "not_assessable"})
        if (const Json* a = member(r, list); a && a->is_array())
            for (const auto& e : *a) {
                const std::string g = text(e, "gene", "");
                if (!g.empty() && wanted.insert(g).second) genes.push_back(g);
            }
    std::map<std::string, const Json*> by_gene;
    if (const Json* gs = member(*cov, "genes"); gs && gs->is_array())
        for (const auto& g : *gs)
            by_gene[text(g, "gene", "")] = &g;
    // Every target of the genes (1.4.0), else only the low ones (older results).
    const Json* all = member(*cov, "gene_targets");
    const bool every_target = all != nullptr && all->is_array();
    std::map<std::string, std::vector<const Json*>> low;
    if (const Json* lt = every_target ? all : member(*cov, "low_targets"); lt && lt->is_array())
        for (const auto& t : *lt)
            low[text(t, "gene", "")].push_back(&t);

    if (genes.empty())
        return out + "<p>No gene has a finding or a not-assessable condition: no plot.</p>";
    std::string table =
        "<table><tr><th>Gene</th><th class=\"num\">Target bases</th><th class=\"num\">Mean "
        "depth</th><th>Fraction at thresholds</th><th class=\"num\">Callable</th><th>Callable "
        "gene</th></tr>";
    std::size_t plotted = 0;
    for (const auto& g : genes) {
        const auto it = by_gene.find(g);
        if (it == by_gene.end()) {
            table += "<tr><td><i>" + escape(g) +
                     "</i></td><td colspan=\"5\" class=\"muted\">not in coverage.genes</td></tr>";
            continue;
        }
        const Json& gj = *it->second;
        std::string fr;
        if (const Json* fa = member(gj, "fraction_at"); fa && fa->is_object())
            for (const auto& [k, v] : fa->items())
                fr += (fr.empty() ? "" : ", ") + escape(k) + ": " + escape(text(&v));
        table += "<tr><td><i>" + escape(g) + "</i></td><td class=\"num\">" +
                 etext(gj, "target_bases") + "</td><td class=\"num\">" + etext(gj, "mean_depth") +
                 "</td><td>" + fr + "</td><td class=\"num\">" + etext(gj, "callable_bases") + " (" +
                 fixed(number(gj, "callable_fraction") * 100, 1) + "%)</td><td>" +
                 etext(gj, "callable") + "</td></tr>";
        if (plotted >= kMaxGenesPlotted) continue;
        ++plotted;
        std::vector<Bar> bars;
        bars.push_back({g + " (gene, " + text(gj, "intervals") + " targets)",
                        number(gj, "callable_fraction"), true});
        const auto& targets = low[g];
        for (std::size_t i = 0; i < targets.size() && i < kMaxTargetsPerGene; ++i) {
            const Json& t = *targets[i];
            const double bases = number(t, "bases");
            bars.push_back(
                {text(t, "chrom", "?") + ":" + text(t, "start", "?") + "-" + text(t, "end", "?"),
                 bases > 0 ? number(t, "callable_bases") / bases : 0.0, false});
        }
        std::size_t below = 0;
        for (const Json* t : targets)
            if (const double b = number(*t, "bases");
                b <= 0 || number(*t, "callable_bases") / b < threshold)
                ++below;
        const std::string drawn = targets.size() > kMaxTargetsPerGene
                                      ? " (first " + std::to_string(kMaxTargetsPerGene) + " drawn)"
                                      : std::string();
        out += "<div class=\"card\"><h3><i>" + escape(g) + "</i></h3>" +
               svg(bars, threshold, g + " callable fraction per target") + "<p class=\"muted\">" +
               (every_target
                    ? std::to_string(targets.size()) + " target(s), " + std::to_string(below) +
                          " below the threshold" + drawn + "."
                    : std::to_string(targets.size()) + " target(s) below the threshold" + drawn +
                          "; targets at or above it are not listed per target in this "
                          "result (schema before 1.4.0: coverage.low_targets lists only "
                          "those below).") +
               "</p></div>";
    }
    if (plotted < genes.size())
        out += "<p class=\"muted\">Plots are drawn for the first " +
               std::to_string(kMaxGenesPlotted) + " genes; the table lists all " +
               std::to_string(genes.size()) + ".</p>";
    out += table + "</table>";
    if (const Json* us = member(*cov, "uncallable_known_sites");
        us && us->is_array() && !us->empty()) {
        out +=
            "<h3>Known pathogenic positions not callable</h3><table><tr><th>Gene</th><th>"
            "Variant</th><th class=\"num\">Callable bases</th><th class=\"num\">Mean "
            "depth</th></tr>";
        for (const auto& s : *us)
            out += "<tr><td><i>" + etext(s, "gene") + "</i></td><td class=\"mono\">" +
                   etext(s, "variant") + "</td><td class=\"num\">" + etext(s, "callable_bases") +
                   " of " + etext(s, "bases") + "</td><td class=\"num\">" + etext(s, "mean_depth") +
                   "</td></tr>";
        out += "</table>";
    }
    return out;
}

}  // namespace nbs::html
