// Fuzz target: the compiled panel bundle loader (`nbscreen panel build` writes it, `screen
// --panel X.nbpanel` loads it: read_panel_bundle in engine/panel/panel_files.cpp, then
// parse_panel). Any bytes give a Panel or an InputError, never a crash, a hang or an
// allocation the size of a lie in the zstd header. The first byte picks what the rest is:
//   0: the bundle file itself (zstd frame, as on disk);
//   1: the bundle's decompressed payload ("NBSPANEL\x01\n", "sha256 ...", "file NAME SIZE"
//      entries), which the harness compresses, so mutations reach the entry parser;
//   2: the content files, separated by NUL bytes in kPanelContentFiles order; the harness
//      encodes them with encode_bundle, and loading that bundle must give back exactly the
//      same files and checksum (a bundle that does not reproduce its panel is worse than none).
#include <zstd.h>

#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/input_error.hpp"
#include "engine/panel/panel_files.hpp"
#include "engine/panel/panel_parser.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

std::string zstd_compress(std::string_view raw) {
    std::string out(ZSTD_compressBound(raw.size()), '\0');
    const std::size_t n = ZSTD_compress(out.data(), out.size(), raw.data(), raw.size(), 1);
    if (ZSTD_isError(n)) nbs::fuzz::fail(std::string("zstd: ") + ZSTD_getErrorName(n));
    out.resize(n);
    return out;
}

void load(const std::string& bundle_bytes) {
    const nbs::fuzz::ScratchFile file("panel_bundle", "panel.nbpanel", bundle_bytes);
    try {
        const nbs::PanelFiles files = nbs::read_panel_files(file.path());
        std::vector<nbs::PanelProblem> problems;
        const nbs::Panel panel = nbs::parse_panel(files, problems);
        for (const auto& p : problems)
            (void)p.to_string();
        (void)panel;
    } catch (const nbs::InputError&) {
        // expected for a damaged bundle
    }
}

void round_trip(std::string_view rest) {
    nbs::PanelFiles files;
    files.origin = "fuzz";
    files.origin_kind = "directory";
    std::size_t start = 0;
    for (auto name : nbs::kPanelContentFiles) {
        if (start > rest.size()) break;
        const std::size_t nul = rest.find('\0', start);
        const std::size_t end = nul == std::string_view::npos ? rest.size() : nul;
        files.content.emplace(std::string(name), std::string(rest.substr(start, end - start)));
        start = end + 1;
    }
    const nbs::fuzz::ScratchFile file("panel_bundle", "round_trip.nbpanel",
                                      nbs::encode_bundle(files));
    nbs::PanelFiles back;
    try {
        back = nbs::read_panel_bundle(file.path());
    } catch (const nbs::InputError& e) {
        nbs::fuzz::fail(std::string("a bundle encode_bundle wrote does not load: ") + e.what());
    }
    if (back.content != files.content)
        nbs::fuzz::fail("the bundle gave back other files than were put in");
    if (nbs::content_sha256(back) != nbs::content_sha256(files))
        nbs::fuzz::fail("the bundle's checksum differs from the files'");
    std::vector<nbs::PanelProblem> problems;
    (void)nbs::parse_panel(back, problems);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::string_view rest = nbs::fuzz::as_text(data + 1, size - 1);
    switch (data[0] % 3) {
        case 0:
            load(std::string(rest));
            break;
        case 1:
            load(zstd_compress(rest));
            break;
        default:
            round_trip(rest);
            break;
    }
    return 0;
}
