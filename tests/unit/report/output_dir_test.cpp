// OutputDir: the one owner of an output folder. A result is reusable only while its record names
// the input key and the SHA-256 of its exact bytes; the folder lists verified results and last
// failures; files get exactly the mode asked for; a second owner in this process is refused (the
// two-process case runs the real binary: tests/scripts/output_lock_test.sh).
#include "engine/report/output_dir.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "engine/core/input_error.hpp"

namespace nbs {
namespace {

namespace fs = std::filesystem;

fs::path scratch(const std::string& name) {
    const auto p = fs::path(NBS_SCRATCH_DIR) / ("output_dir_" + name);
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
}

unsigned mode_of(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
    return st.st_mode & 07777;
}

TEST(OutputDir, ASecondOwnerInTheSameProcessIsRefused) {
    const auto dir = scratch("second_owner");
    {
        OutputDir first(dir, {});
        EXPECT_THROW(OutputDir(dir, {}), OutputDirLocked);
        EXPECT_THROW(OutputDir(dir / "." / "", {}), OutputDirLocked) << "the same folder, spelled "
                                                                        "otherwise";
    }
    EXPECT_NO_THROW(OutputDir(dir, {})) << "released when the owner goes";
}

TEST(OutputDir, AResultIsReusableOnlyWhileItsRecordMatchesItsBytesAndKey) {
    const auto dir = scratch("reusable");
    OutputDir out(dir, {});
    out.commit("a", "{\"sample_id\": \"a\"}\n", "key-a");
    out.commit("b", "{\"sample_id\": \"b\"}\n", "key-b");
    EXPECT_EQ(out.reusable("a", "key-a"), "{\"sample_id\": \"a\"}\n");
    EXPECT_EQ(out.reusable("a", "key-b"), std::nullopt) << "another input";
    EXPECT_EQ(out.reusable("a", ""), std::nullopt) << "stdin is never reused";

    // Another baby's result copied over a's: a's record names other bytes.
    fs::copy_file(dir / "b.json", dir / "a.json", fs::copy_options::overwrite_existing);
    EXPECT_EQ(out.reusable("a", "key-a"), std::nullopt);
    // A hand edit of one byte.
    out.commit("a", "{\"sample_id\": \"a\"}\n", "key-a");
    std::ofstream(dir / "a.json", std::ios::trunc) << "{\"sample_id\": \"A\"}\n";
    EXPECT_EQ(out.reusable("a", "key-a"), std::nullopt);
    // A result without its record (killed between the two writes).
    out.commit("a", "{\"sample_id\": \"a\"}\n", "key-a");
    fs::remove(dir / ".nbscreen" / "a.key");
    EXPECT_EQ(out.reusable("a", "key-a"), std::nullopt);
}

TEST(OutputDir, ContentsAreVerifiedResultsAndLastFailuresSortedById) {
    const auto dir = scratch("contents");
    OutputDir out(dir, {});
    out.commit("zed", "Z\n", "kz");
    out.commit("alpha", "A\n", "");  // stdin: listed, never reused
    out.record_failure("mid", "cannot open the VCF\nsecond line");
    out.commit("edited", "E\n", "ke");
    std::ofstream(dir / "edited.json", std::ios::app) << "more";
    std::ofstream(dir / "stray.json") << "a user's file, not a result";

    auto c = out.contents();
    ASSERT_EQ(c.size(), 3U);
    EXPECT_EQ(c[0].sample_id, "alpha");
    EXPECT_EQ(c[0].result_json, "A\n");
    EXPECT_EQ(c[1].sample_id, "mid");
    EXPECT_FALSE(c[1].result_json);
    EXPECT_EQ(c[1].failure, "cannot open the VCF second line");
    EXPECT_EQ(c[2].sample_id, "zed");
    const auto others = out.contents({"alpha", "zed"});  // a batch's own babies left out
    ASSERT_EQ(others.size(), 1U);
    EXPECT_EQ(others[0].sample_id, "mid");

    // The last attempt decides: a failure retires the result, a success clears the failure.
    out.record_failure("zed", "gone");
    EXPECT_EQ(out.reusable("zed", "kz"), std::nullopt);
    out.commit("mid", "M\n", "km");
    c = out.contents();
    ASSERT_EQ(c.size(), 3U);
    EXPECT_EQ(c[1].result_json, "M\n");
    EXPECT_TRUE(c[1].failure.empty());
    EXPECT_FALSE(c[2].result_json);
    EXPECT_EQ(c[2].failure, "gone");
}

TEST(OutputDir, FilesGetExactlyTheModeAskedForWhateverTheUmask) {
    const auto dir = scratch("mode");
    const auto old_mask = ::umask(077);
    {
        OutputDirOptions o;
        o.file_mode = 0660;
        OutputDir out(dir, o);
        out.commit("a", "A\n", "k");
        out.write_file("batch_summary.tsv", "x\n");
    }
    ::umask(old_mask);
    EXPECT_EQ(mode_of(dir / "a.json"), 0660U);
    EXPECT_EQ(mode_of(dir / ".nbscreen" / "a.key"), 0660U);
    EXPECT_EQ(mode_of(dir / "batch_summary.tsv"), 0660U);
    {
        OutputDir out(dir, {});
        out.commit("b", "B\n", "k");
    }
    EXPECT_EQ(mode_of(dir / "b.json"), 0640U) << "the default";
}

TEST(OutputDir, FileModesThatWouldExecuteOrLockTheOwnerOutAreRefused) {
    EXPECT_EQ(parse_file_mode("0640"), 0640U);
    EXPECT_EQ(parse_file_mode("600"), 0600U);
    EXPECT_EQ(parse_file_mode("0666"), 0666U);
    for (const char* bad : {"0755", "0400", "4640", "1640", "0648", "64", "06400", "rw-r-----", ""})
        EXPECT_EQ(parse_file_mode(bad), std::nullopt) << bad;
}

TEST(OutputDir, ResultNamesComeOnlyFromValidSampleIds) {
    const auto dir = scratch("names");
    OutputDir out(dir, {});
    EXPECT_EQ(out.result_path("baby_1"), dir / "baby_1.json");
    for (const char* bad : {"../x", "/abs", ".hidden", "a/b", ""})
        EXPECT_THROW((void)out.result_path(bad), InputError) << bad;
    EXPECT_THROW(out.commit("../../escape", "x", "k"), InputError);
    EXPECT_FALSE(fs::exists(dir.parent_path().parent_path() / "escape.json"));
}

TEST(OutputDir, ItsRecordsFolderIsNeverALinkToElsewhere) {
    const auto dir = scratch("state_link");
    fs::create_directories(dir / "elsewhere");
    fs::create_directories(dir / "out");
    fs::create_directory_symlink(dir / "elsewhere", dir / "out" / ".nbscreen");
    EXPECT_THROW(OutputDir(dir / "out", {}), std::runtime_error);
    EXPECT_TRUE(fs::is_empty(dir / "elsewhere"));
}

}  // namespace
}  // namespace nbs
