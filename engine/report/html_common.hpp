#pragma once
// Shared pieces of the HTML report (docs/user-guide.md, "Reports"): escaping, reading values out
// of a result JSON without ever deciding anything, and the page frame (inline CSS, a Content
// Security Policy that forbids scripts and every network fetch).
//
// Internal to engine/report: the public entry points are in html_report.hpp.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace nbs::html {

using Json = nlohmann::json;

/// `s` safe as HTML text and as a double- or single-quoted attribute value: & < > " ' become
/// entities, and every control byte except tab and newline becomes a visible "\xNN", so a
/// sample id, message or VCF text can never open a tag or end an attribute.
/// Worked example: `<script>alert("x")</script>` ->
/// `&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;`.
[[nodiscard]] std::string escape(std::string_view s);

/// The member `key` of object `j`, or nullptr when `j` is not an object or the member is absent
/// or null: absent and null both mean "the result does not say".
[[nodiscard]] const Json* member(const Json& j, std::string_view key);

/// A scalar as text, exactly as the result wrote it: strings as they are, integers in decimal,
/// other numbers in nlohmann's shortest round-trip form, booleans "yes"/"no", null or absent
/// `fallback`. Arrays of scalars are joined with ", ". Not escaped.
[[nodiscard]] std::string text(const Json* j, std::string_view fallback = "—");
[[nodiscard]] std::string text(const Json& obj, std::string_view key,
                               std::string_view fallback = "—");

/// escape(text(...)).
[[nodiscard]] std::string etext(const Json& obj, std::string_view key,
                                std::string_view fallback = "—");

/// The number of elements of the array `obj[key]` (0 when absent or not an array).
[[nodiscard]] std::size_t count(const Json& obj, std::string_view key);

/// "prioritised_for_review" -> "Prioritised for review"; unknown values are shown as written.
[[nodiscard]] std::string status_words(std::string_view status);

/// The CSS class of a status badge ("st-positive", "st-incomplete", "st-failed", "st-negative",
/// "st-error").
[[nodiscard]] std::string status_class(std::string_view status);

/// Opens a page: doctype, charset, the Content Security Policy, the title, the inline style sheet.
[[nodiscard]] std::string page_head(std::string_view title);
/// Closes a page; `footer_html` is already escaped.
[[nodiscard]] std::string page_tail(std::string_view footer_html);

/// The page of one sample id: "<id>.html" (the id has been checked to be a valid sample id).
[[nodiscard]] std::string page_name(std::string_view sample_id);

}  // namespace nbs::html
