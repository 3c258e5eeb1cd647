// `nbscreen panel build`: one zstd bundle; `screen` gives the same bytes for the bundle and the
// directory it came from.
#include <gtest/gtest.h>

#include <fstream>

#include "support/cli_runner.hpp"

namespace nbs::test {
namespace {

std::string sha_line(const std::string& info) {
    const auto p = info.find("sha256\t");
    return p == std::string::npos ? std::string() : info.substr(p, info.find('\n', p) - p);
}

TEST(PanelBuild, BundleCarriesTheContentChecksum) {
    const auto out = scratch_dir("panel_build_checksum") / "starter.nbpanel";
    const auto dir = (source_dir() / "panels/starter").string();
    const auto r = run_nbscreen({"panel", "build", dir, "-o", out.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("wrote " + out.string()), std::string::npos);
    ASSERT_TRUE(std::filesystem::exists(out));
    const std::string bytes = slurp(out);
    ASSERT_GE(bytes.size(), 4u);
    EXPECT_EQ(bytes.substr(0, 4), std::string("\x28\xb5\x2f\xfd", 4));  // zstd frame
    const auto from_dir = run_nbscreen({"panel", "info", dir});
    const auto from_bundle = run_nbscreen({"panel", "info", out.string()});
    ASSERT_EQ(from_bundle.exit_code, 0) << from_bundle.err;
    EXPECT_FALSE(sha_line(from_dir.out).empty());
    EXPECT_EQ(sha_line(from_dir.out), sha_line(from_bundle.out));
    EXPECT_NE(r.out.find(sha_line(from_dir.out).substr(7)), std::string::npos);
    EXPECT_EQ(from_dir.out, from_bundle.out);
}

TEST(PanelBuild, RefusesAnInvalidPanel) {
    const auto dir = scratch_dir("panel_build_invalid") / "panel";
    std::filesystem::copy(test_data() / "panel" / "mini", dir);
    std::ofstream(dir / "variants.tsv", std::ios::app)
        << "chr12\t1\tT\tC\tPAH\tinclude\toutside\tcurated\t\t1.0.0\n";
    const auto out = dir.parent_path() / "mini.nbpanel";
    const auto r = run_nbscreen({"panel", "build", dir.string(), "-o", out.string()});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_NE(r.err.find("lies outside PAH"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("no bundle written"), std::string::npos);
    EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(PanelBuild, ScreenGivesIdenticalBytesForDirectoryAndBundle) {
    const auto scratch = scratch_dir("panel_build_screen");
    const auto bundle = scratch / "starter.nbpanel";
    const auto dir = (source_dir() / "panels/starter").string();
    ASSERT_EQ(run_nbscreen({"panel", "build", dir, "-o", bundle.string()}).exit_code, 0);
    const auto manifest = (source_dir() / "sample_data/batch.tsv").string();
    const auto a = run_nbscreen({"screen", "--panel", dir, "--manifest", manifest, "--out",
                                 (scratch / "dir").string(), "--no-provenance", "--quiet"});
    const auto b =
        run_nbscreen({"screen", "--panel", bundle.string(), "--manifest", manifest, "--out",
                      (scratch / "bundle").string(), "--no-provenance", "--quiet"});
    ASSERT_EQ(a.exit_code, b.exit_code) << a.err << b.err;
    EXPECT_EQ(a.out, b.out);
    // Every file, the resume keys under .nbscreen/ included; not the lock, which names its
    // holder's pid.
    std::size_t files = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(scratch / "dir")) {
        if (!e.is_regular_file() || e.path().filename() == "lock") continue;
        const auto other =
            scratch / "bundle" / std::filesystem::relative(e.path(), scratch / "dir");
        ASSERT_TRUE(std::filesystem::exists(other)) << other;
        EXPECT_EQ(slurp(e.path()), slurp(other)) << e.path();
        ++files;
    }
    std::size_t other_files = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(scratch / "bundle"))
        other_files += e.is_regular_file() && e.path().filename() != "lock" ? 1 : 0;
    EXPECT_EQ(files, other_files);
    EXPECT_GE(files, 9u);  // eight babies and the batch summary
}

}  // namespace
}  // namespace nbs::test
