#include "engine/report/html_common.hpp"

#include <cstdio>

namespace nbs::html {

std::string escape(std::string_view s) {
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (ch) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                if ((c < 0x20 && ch != '\t' && ch != '\n') || c == 0x7f) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\x%02x", c);
                    out += buf;
                } else {
                    out += ch;
                }
        }
    }
    return out;
}

const Json* member(const Json& j, std::string_view key) {
    if (!j.is_object()) return nullptr;
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return nullptr;
    return &*it;
}

std::string text(const Json* j, std::string_view fallback) {
    if (j == nullptr || j->is_null()) return std::string(fallback);
    if (j->is_string()) return j->get<std::string>();
    if (j->is_boolean()) return j->get<bool>() ? "yes" : "no";
    if (j->is_array()) {
        if (j->empty()) return std::string(fallback);
        std::string out;
        for (const auto& e : *j)
            out += (out.empty() ? "" : ", ") + (e.is_object() ? e.dump() : text(&e, "null"));
        return out;
    }
    return j->dump();  // numbers: integers in decimal, doubles in shortest round-trip form
}

std::string text(const Json& obj, std::string_view key, std::string_view fallback) {
    return text(member(obj, key), fallback);
}

std::string etext(const Json& obj, std::string_view key, std::string_view fallback) {
    return escape(text(obj, key, fallback));
}

std::size_t count(const Json& obj, std::string_view key) {
    const Json* a = member(obj, key);
    return a != nullptr && a->is_array() ? a->size() : 0;
}

std::string status_words(std::string_view status) {
    if (status == "prioritised_for_review") return "Prioritised for review";
    if (status == "incomplete") return "Incomplete";
    if (status == "no_condition_suspected") return "No condition suspected";
    if (status == "sample_failed_qc") return "Sample failed QC";
    if (status == "error") return "Not screened (error)";
    if (status == "needs_rescreen") return "Needs re-screen from the VCF";
    return std::string(status);
}

std::string status_class(std::string_view status) {
    if (status == "prioritised_for_review") return "st-positive";
    if (status == "incomplete") return "st-incomplete";
    if (status == "no_condition_suspected") return "st-negative";
    if (status == "sample_failed_qc") return "st-failed";
    return "st-error";
}

std::string page_name(std::string_view sample_id) {
    return std::string(sample_id) + ".html";
}

namespace {

// System fonts only (no web fonts: the page must open offline). Colours: status colours that
// also differ in lightness, so a grey-scale print keeps them apart; the words always say it too.
constexpr const char* kStyle = R"CSS(
:root{--ink:#1b2430;--muted:#5b6675;--line:#d7dde4;--bg:#f5f7f9;--card:#fff;
--pos:#9a3412;--pos-bg:#fff1e6;--inc:#8a5a00;--inc-bg:#fff8db;--neg:#1d6b3a;--neg-bg:#e8f6ed;
--fail:#a1121b;--fail-bg:#fde8ea;--err:#4b5563;--err-bg:#eceff2;--acc:#1f4e79}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);
font:14px/1.45 "Segoe UI","Helvetica Neue",Helvetica,Arial,"Liberation Sans",sans-serif}
main{max-width:1120px;margin:0 auto;padding:20px 28px 40px}
header.top{background:var(--acc);color:#fff;padding:14px 28px}
header.top .inner{max-width:1120px;margin:0 auto;display:flex;justify-content:space-between;
align-items:baseline;gap:16px;flex-wrap:wrap}
header.top h1{font-size:20px;margin:0;font-weight:600}
header.top .meta{font-size:12.5px;opacity:.9}
header.top a{color:#fff}
h2{font-size:16px;margin:26px 0 8px;padding-bottom:4px;border-bottom:2px solid var(--line);
color:var(--acc)}
h3{font-size:15px;margin:0 0 6px}
section.card,div.card{background:var(--card);border:1px solid var(--line);border-radius:6px;
padding:14px 16px;margin:10px 0}
.status{border-radius:6px;padding:14px 18px;margin:16px 0 6px;border-left:8px solid}
.status .word{font-size:22px;font-weight:700;letter-spacing:.2px}
.status p{margin:6px 0 0}
.st-positive{background:var(--pos-bg);border-color:var(--pos);color:var(--pos)}
.st-incomplete{background:var(--inc-bg);border-color:var(--inc);color:var(--inc)}
.st-negative{background:var(--neg-bg);border-color:var(--neg);color:var(--neg)}
.st-failed{background:var(--fail-bg);border-color:var(--fail);color:var(--fail)}
.st-error{background:var(--err-bg);border-color:var(--err);color:var(--err)}
.status p,.status li{color:var(--ink)}
.badge{display:inline-block;border-radius:10px;padding:1px 9px;font-size:12px;font-weight:600;
border:1px solid;white-space:nowrap}
table{border-collapse:collapse;width:100%;margin:6px 0;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:5px 7px;text-align:left;vertical-align:top}
th{background:#eef2f6;font-weight:600;color:#2d3a4a}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
table.kv th{width:220px;background:none;color:var(--muted);font-weight:500}
code,.mono{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12.5px}
.muted{color:var(--muted)}
.note{background:#eef4fb;border-left:4px solid var(--acc);padding:8px 12px;margin:8px 0}
.warn{background:var(--inc-bg);border-left:4px solid var(--inc);padding:8px 12px;margin:8px 0}
.facts{display:flex;flex-wrap:wrap;gap:6px 18px;margin:4px 0 10px}
.facts div{min-width:120px}
.facts .k{display:block;font-size:11.5px;color:var(--muted);text-transform:uppercase;
letter-spacing:.4px}
.facts .v{font-weight:600}
ul.tight{margin:4px 0;padding-left:20px}
details summary{cursor:pointer;color:var(--acc);font-weight:600;margin:4px 0}
.qc-pass{color:var(--neg);font-weight:600}
.qc-fail{color:var(--fail);font-weight:600}
svg text{font-family:"Segoe UI",Helvetica,Arial,"Liberation Sans",sans-serif}
footer{max-width:1120px;margin:0 auto;padding:10px 28px 30px;color:var(--muted);font-size:12px}
@media print{body{background:#fff}header.top{background:#fff;color:var(--ink);
border-bottom:2px solid var(--ink)}header.top a{color:var(--ink)}section.card{break-inside:avoid}}
)CSS";

}  // namespace

std::string page_head(std::string_view title) {
    std::string out =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        // No scripts, no fetches of any kind: the page is a document, and a value that slipped
        // past escaping still could not run or call out.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"referrer\" content=\"no-referrer\">\n<title>";
    out += escape(title);
    out += "</title>\n<style>";
    out += kStyle;
    out += "</style>\n</head>\n<body>\n";
    return out;
}

std::string page_tail(std::string_view footer_html) {
    std::string out = "<footer>";
    out += footer_html;
    out += "</footer>\n</body>\n</html>\n";
    return out;
}

}  // namespace nbs::html
