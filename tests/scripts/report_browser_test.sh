#!/usr/bin/env bash
# The HTML report in a real browser. Screens the demo batch (sample_data/batch.tsv on
# panels/generation-study), runs `nbscreen report`, and opens pages in headless Chromium from
# file:// URLs: each renders to a PNG, logs nothing to the console (no script error, no Content
# Security Policy violation, i.e. no blocked fetch), and its rendered DOM holds the key text
# (status, gene, variant; HGVS on the schema-1.3 fixture). The fixture's injected markup must
# reach the DOM as text, never as an element.
#
# Chromium is installed by scripts/install_deps.sh (Debian package `chromium`): without it the
# test skips outside CI and fails in CI. As root Chromium needs --no-sandbox.
# NBS_REPORT_SCREENSHOTS=DIR also copies the positive and incomplete screenshots there (how
# docs/images/report-*.png were made).
set -u
root=$1
nbscreen=$2
tmp=${NBS_SCRATCH_DIR:-$(mktemp -d)}; rm -rf "$tmp"; mkdir -p "$tmp" || exit 1
fail() { echo "FAIL: $*"; exit 1; }

chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
    case "${CI-}" in
        "" | 0 | false) echo "skipped: chromium not found (scripts/install_deps.sh installs it)"; exit 77 ;;
        *) fail "chromium not found, and CI is set: scripts/install_deps.sh installs it" ;;
    esac
fi

# One browser run. $1: what to do (--screenshot=FILE or --dump-dom), $2: the page; stdout is
# the DOM for --dump-dom, stderr (with Chromium's logging on) collects console messages.
browse() {
    timeout 120 "$chromium" --headless --disable-gpu --no-sandbox --hide-scrollbars \
        --no-first-run --disable-extensions --disable-sync --user-data-dir="$tmp/profile" \
        --enable-logging=stderr --v=0 --window-size=1200,1600 "$1" "file://$2"
}

# Console messages reach stderr as "CONSOLE(" lines (Chromium's logging format); an uncaught
# exception as "Uncaught". The probe shows this check sees them: a page that logs an error.
console_errors() { grep -E "CONSOLE|Uncaught|Refused to|Content Security Policy" "$1"; }
printf '<!DOCTYPE html><title>probe</title><script>console.error("probe-console-error")</script>\n' \
    >"$tmp/probe.html"
browse --dump-dom "$tmp/probe.html" >"$tmp/probe.dom" 2>"$tmp/probe.err"
console_errors "$tmp/probe.err" | grep -q "probe-console-error" ||
    fail "the console check does not see a console error (Chromium's log format changed?): $(tail -5 "$tmp/probe.err")"

"$nbscreen" screen --panel "$root/panels/generation-study" --manifest "$root/sample_data/batch.tsv" \
    -o "$tmp/res" --no-provenance --quiet || fail "screen exited $?"
"$nbscreen" report "$tmp/res" -o "$tmp/rep" --quiet || fail "report exited $?"
mkdir -p "$tmp/fixture"
cp "$root/tests/data/report/fixture13.json" "$tmp/fixture/" || exit 1
"$nbscreen" report "$tmp/fixture" -o "$tmp/fixture_rep" --quiet --no-provenance ||
    fail "report of the fixture exited $?"

checked=0
# check PAGE NAME TEXT...: the DOM of PAGE holds every TEXT, and the page logs no console error.
check() {
    local page=$1 name=$2; shift 2
    browse --dump-dom "$page" >"$tmp/$name.dom" 2>"$tmp/$name.err" || fail "$name: chromium exited $?"
    grep -q "</html>" "$tmp/$name.dom" || fail "$name: no DOM"
    if console_errors "$tmp/$name.err" >/dev/null; then
        fail "$name: console messages: $(console_errors "$tmp/$name.err" | head -5)"
    fi
    for text in "$@"; do
        grep -qF -- "$text" "$tmp/$name.dom" || fail "$name: '$text' is not in the rendered DOM"
    done
    checked=$((checked + 1))
}
shot() {
    local page=$1 name=$2
    browse --screenshot="$tmp/$name.png" "$page" >/dev/null 2>"$tmp/$name.shot.err" ||
        fail "$name: screenshot failed"
    [ "$(head -c 8 "$tmp/$name.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] ||
        fail "$name: $tmp/$name.png is not a PNG"
    [ "$(stat -c %s "$tmp/$name.png")" -gt 20000 ] || fail "$name: the screenshot is nearly empty"
}

check "$tmp/rep/index.html" index "Babies per status" 'href="baby04.html"' 'href="baby01.html"' \
    "Prioritised for review" "Incomplete" "Cystic fibrosis"
check "$tmp/rep/baby04.html" positive "Prioritised for review" "<i>CFTR</i>" \
    "chr7:117559590 ATCT&gt;A" "HGVS c. / p." "parental testing resolves cis/trans"
check "$tmp/rep/baby01.html" incomplete ">Incomplete<" "could not be assessed" \
    "no calls on chr12 in this file"
# baby09: a raw VCF whose finding comes from nbscreen's built-in consequence on the shipped
# knowledge, so its page shows real HGVS (not a fixture's).
check "$tmp/rep/baby09.html" builtin_lof "<i>SLC52A3</i>" "c.475C&gt;T" "p.Gln159Ter" "stop_gained"
check "$tmp/fixture_rep/fixture13.html" fixture "NM_000492.4:c.1521_1523del" \
    "NP_000483.3:p.(Phe508del)" "<i>CFTR</i>" "&lt;script&gt;alert('x')&lt;/script&gt; injected flag"
grep -qi "<script" "$tmp/fixture.dom" && fail "fixture: injected markup became a script element"
grep -qi "<img" "$tmp/fixture.dom" && fail "fixture: injected markup became an img element"
[ "$(grep -o "<svg" "$tmp/fixture.dom" | wc -l)" -eq 8 ] || fail "fixture: expected 8 coverage plots"

shot "$tmp/rep/baby04.html" positive
shot "$tmp/rep/baby01.html" incomplete
shot "$tmp/rep/index.html" index
shot "$tmp/rep/baby09.html" builtin_lof
if [ -n "${NBS_REPORT_SCREENSHOTS-}" ]; then
    cp "$tmp/positive.png" "$NBS_REPORT_SCREENSHOTS/report-positive.png" &&
        cp "$tmp/incomplete.png" "$NBS_REPORT_SCREENSHOTS/report-incomplete.png" &&
        cp "$tmp/index.png" "$NBS_REPORT_SCREENSHOTS/report-index.png" &&
        cp "$tmp/builtin_lof.png" "$NBS_REPORT_SCREENSHOTS/report-builtin-lof.png" || exit 1
fi
[ "$checked" -eq 5 ] || fail "checked $checked pages, expected 5"
echo "ok: $checked pages rendered in $("$chromium" --version 2>/dev/null | head -1) without console messages; 4 screenshots"
