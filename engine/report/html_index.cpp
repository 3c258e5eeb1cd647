// The batch index: counts per status and per condition, then every baby grouped by status (the
// statuses needing action first) with a link to its page and its flags, then the result files
// that could not be shown.
#include <algorithm>
#include <map>
#include <set>

#include "engine/report/html_pages.hpp"

namespace nbs::html {
namespace {

// Action first: a failed sample and a finding need someone; incomplete needs a decision about
// what was not screened; an error was not screened at all.
constexpr const char* kStatusOrder[] = {
    "sample_failed_qc", "prioritised_for_review", "error", "needs_rescreen",
    "incomplete",       "no_condition_suspected"};

std::size_t rank(const std::string& status) {
    std::size_t i = 0;
    for (const char* s : kStatusOrder) {
        if (status == s) return i;
        ++i;
    }
    return i;  // an unknown status (a newer minor schema) last
}

}  // namespace

IndexEntry index_entry(const Json& r, bool verified) {
    IndexEntry e;
    e.sample_id = text(r, "sample_id", "");
    e.status = text(r, "status", "");
    e.has_page = true;
    e.verified = verified;
    if (const Json* fs = member(r, "findings"); fs && fs->is_array())
        for (const auto& f : *fs) {
            e.findings.emplace_back(text(f, "condition_name"), text(f, "gene"));
            if (const Json* fl = member(f, "flags"); fl && fl->is_array())
                for (const auto& x : *fl)
                    e.flags.push_back(text(f, "gene") + ": " + text(&x));
        }
    std::set<std::string> na;
    if (const Json* a = member(r, "not_assessable"); a && a->is_array())
        for (const auto& n : *a)
            na.insert(text(n, "condition_id", ""));
    e.n_not_assessable = na.size();
    e.n_set_aside = count(r, "set_aside");
    if (const Json* q = member(r, "qc")) {
        for (const char* list : {"failures", "flags"})
            if (const Json* a = member(*q, list); a && a->is_array())
                for (const auto& x : *a)
                    e.flags.push_back(std::string(list) == "failures" ? "QC failure: " + text(&x)
                                                                      : text(&x));
    }
    if (const Json* s = member(r, "sex"))
        e.sex = text(*s, "used") + " (inferred " + text(*s, "inferred") + ", reported " +
                text(*s, "reported", "none") + ")";
    return e;
}

std::string footer(const ReportOptions& o) {
    std::string out = "Made by nbscreen report " + escape(o.nbscreen_version) +
                      " from the result JSON files only; it decides nothing the results do not "
                      "say.";
    if (o.provenance && !o.generated_at.empty())
        out += " Generated " + escape(o.generated_at) + ".";
    return out;
}

namespace {

// The rescreen's change report: what the new panel changed, baby by condition, with the panel
// line that caused it. UNCHANGED rows are counted, not listed.
std::string changes_section(const ChangeSummary& changes) {
    if (changes.per_class.empty()) return {};
    const auto& per_class = changes.per_class;
    std::string out =
        "<h2>Changes since the previous panel</h2><p>From change_report.tsv, written by "
        "<code>nbscreen rescreen</code>: each baby &times; condition under the new panel "
        "compared with the previous results.</p><table><tr><th>Change</th><th "
        "class=\"num\">Baby &times; condition</th></tr>";
    for (const auto& [c, n] : per_class)
        out +=
            "<tr><td>" + escape(c) + "</td><td class=\"num\">" + std::to_string(n) + "</td></tr>";
    out += "</table>";
    constexpr std::size_t kMaxRows = 2000;  // the TSV has them all
    std::size_t shown = 0, listed = 0;
    std::string rows;
    for (const auto& c : changes.changed) {
        ++listed;
        if (shown == kMaxRows) continue;
        ++shown;
        rows += "<tr><td>" + escape(c.sample_id) + "</td><td>" + escape(c.condition_id) +
                "</td><td><b>" + escape(c.change) + "</b></td><td>" + escape(c.before) +
                " &rarr; " + escape(c.after) + "</td><td>" +
                escape(c.cause.empty() ? "—" : c.cause) + "</td><td>" +
                escape(c.detail.empty() ? "—" : c.detail) + "</td></tr>";
    }
    if (listed == 0) return out + "<p>No baby's answer changed.</p>";
    out +=
        "<table><tr><th>Sample</th><th>Condition</th><th>Change</th><th>Before &rarr; "
        "after</th><th>Caused by (panel diff)</th><th>Detail</th></tr>" +
        rows + "</table>";
    if (listed > shown)
        out += "<p class=\"muted\">" + std::to_string(listed - shown) +
               " more changed rows are in change_report.tsv.</p>";
    return out;
}

}  // namespace

std::string render_index(const std::vector<IndexEntry>& babies,
                         const std::vector<ReportProblem>& problems, const ReportOptions& o,
                         const ChangeSummary& changes) {
    std::vector<const IndexEntry*> order;
    for (const auto& b : babies)
        order.push_back(&b);
    std::stable_sort(order.begin(), order.end(), [](const IndexEntry* a, const IndexEntry* b) {
        const auto ra = rank(a->status), rb = rank(b->status);
        return ra != rb ? ra < rb : a->sample_id < b->sample_id;
    });
    std::map<std::string, std::size_t> per_status;
    std::map<std::pair<std::string, std::string>, std::size_t> per_condition;
    for (const auto& b : babies) {
        ++per_status[b.status];
        std::set<std::pair<std::string, std::string>> once;
        for (const auto& f : b.findings)
            if (once.insert(f).second) ++per_condition[f];
    }

    std::string out = page_head("nbscreen batch report");
    out +=
        "<header class=\"top\"><div class=\"inner\"><h1>Newborn genomic screen: batch "
        "index</h1><div class=\"meta\">" +
        std::to_string(babies.size()) + " bab" + (babies.size() == 1 ? "y" : "ies") +
        (problems.empty() ? std::string()
                          : ", " + std::to_string(problems.size()) + " unreadable result(s)") +
        "</div></div></header>\n<main>\n";
    if (!problems.empty())
        out += "<div class=\"status st-failed\"><div class=\"word\">" +
               std::to_string(problems.size()) +
               " result file(s) could not be shown</div><p>They are listed at the end of this "
               "page with what is wrong; every other baby is shown.</p></div>";

    out +=
        "<h2>Babies per status</h2><table><tr><th>Status</th><th class=\"num\">Babies</th>"
        "</tr>";
    std::vector<std::pair<std::size_t, std::string>> statuses;
    for (const auto& [s, n] : per_status)
        statuses.emplace_back(rank(s), s);
    std::sort(statuses.begin(), statuses.end());
    for (const auto& [r, s] : statuses)
        out += "<tr><td><span class=\"badge " + status_class(s) + "\">" + escape(status_words(s)) +
               "</span></td><td class=\"num\">" + std::to_string(per_status[s]) + "</td></tr>";
    out += "</table>";

    out += "<h2>Findings per condition</h2>";
    if (per_condition.empty()) {
        out += "<p>No baby has a finding.</p>";
    } else {
        out += "<table><tr><th>Condition</th><th>Gene</th><th class=\"num\">Babies</th></tr>";
        for (const auto& [cg, n] : per_condition)
            out += "<tr><td>" + escape(cg.first) + "</td><td><i>" + escape(cg.second) +
                   "</i></td><td class=\"num\">" + std::to_string(n) + "</td></tr>";
        out += "</table>";
    }

    out += changes_section(changes);

    out +=
        "<h2>Babies</h2><table><tr><th>Sample</th><th>Status</th><th>Findings "
        "(condition, gene)</th><th class=\"num\">Not assessable</th><th class=\"num\">Set "
        "aside</th><th>Sex used</th><th>Flags</th></tr>";
    for (const IndexEntry* b : order) {
        std::string findings;
        for (const auto& [c, g] : b->findings)
            findings +=
                (findings.empty() ? "" : "<br>") + escape(c) + " (<i>" + escape(g) + "</i>)";
        std::string flags;
        for (const auto& f : b->flags)
            flags += "<li>" + escape(f) + "</li>";
        if (!b->verified && b->has_page)
            flags += "<li>result not proven by the results folder record</li>";
        if (!b->message.empty()) flags += "<li>" + escape(b->message) + "</li>";
        out += "<tr><td>" +
               (b->has_page ? "<a href=\"" + escape(page_name(b->sample_id)) + "\">" +
                                  escape(b->sample_id) + "</a>"
                            : escape(b->sample_id)) +
               "</td><td><span class=\"badge " + status_class(b->status) + "\">" +
               escape(status_words(b->status)) + "</span></td><td>" +
               (findings.empty() ? "—" : findings) + "</td><td class=\"num\">" +
               (b->has_page ? std::to_string(b->n_not_assessable) : "—") +
               "</td><td class=\"num\">" + (b->has_page ? std::to_string(b->n_set_aside) : "—") +
               "</td><td>" + escape(b->sex.empty() ? "—" : b->sex) + "</td><td>" +
               (flags.empty() ? "—" : "<ul class=\"tight\">" + flags + "</ul>") + "</td></tr>";
    }
    out += "</table>";

    if (!problems.empty()) {
        out += "<h2>Result files not shown</h2><table><tr><th>File</th><th>What is wrong</th></tr>";
        for (const auto& p : problems)
            out += "<tr><td class=\"mono\">" + escape(p.file) + "</td><td>" + escape(p.message) +
                   "</td></tr>";
        out += "</table>";
    }
    out +=
        "<p class=\"muted\">Statuses (docs/result-schema.md): <b>prioritised for review</b>, a "
        "finding a clinical scientist must review; <b>incomplete</b>, nothing found but some "
        "conditions not assessable; <b>no condition suspected</b>, nothing found and every "
        "condition assessable; <b>sample failed QC</b>, e.g. reported and inferred sex "
        "disagree; <b>not screened</b>, the input could not be read (no result).</p>";
    out += "</main>\n";
    return out + page_tail(footer(o));
}

}  // namespace nbs::html
