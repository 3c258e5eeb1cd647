// OutputDir: the one owner of an output folder. A result is reusable only while its record names
// the input key and the SHA-256 of its exact bytes; the folder lists verified results and last
// failures; files get exactly the mode asked for; a second owner in this process is refused (the
// two-process case runs the real binary: tests/scripts/output_lock_test.sh). Results are committed
// in groups: a test that changes a result's file by hand flushes first, or the queued commit
// would put the committed bytes back; a killed writer leaves only whole results
// (CommitsInGroups..., and tests/scripts/resume_kill_test.sh with the real binary).
#include "engine/report/output_dir.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

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
    EXPECT_TRUE(out.flush().empty());
    fs::copy_file(dir / "b.json", dir / "a.json", fs::copy_options::overwrite_existing);
    EXPECT_EQ(out.reusable("a", "key-a"), std::nullopt);
    // A hand edit of one byte.
    out.commit("a", "{\"sample_id\": \"a\"}\n", "key-a");
    EXPECT_TRUE(out.flush().empty());
    std::ofstream(dir / "a.json", std::ios::trunc) << "{\"sample_id\": \"A\"}\n";
    EXPECT_EQ(out.reusable("a", "key-a"), std::nullopt);
    // A result without its record (killed between the two writes).
    out.commit("a", "{\"sample_id\": \"a\"}\n", "key-a");
    EXPECT_TRUE(out.flush().empty());
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
    EXPECT_TRUE(out.flush().empty());
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

TEST(OutputDir, CommitsInGroupsThatFlushOrTheOwnersEndMakesWholeAndCounted) {
    const auto dir = scratch("group");
    {
        OutputDir out(dir, {});
        for (int i = 0; i < 40; ++i)
            out.commit("b" + std::to_string(i), "B" + std::to_string(i) + "\n", "k");
        EXPECT_TRUE(out.flush().empty());
        for (int i = 0; i < 40; ++i) {
            const std::string id = "b" + std::to_string(i);
            EXPECT_TRUE(fs::exists(dir / (id + ".json"))) << id << ": committed by flush()";
            EXPECT_TRUE(fs::exists(dir / ".nbscreen" / (id + ".key"))) << id;
        }
        out.commit("last", "L\n", "kl");  // committed by the owner's end
    }
    std::size_t temporaries = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        temporaries += e.path().filename().string().find(".nbscreen-tmp.") != std::string::npos;
    EXPECT_EQ(temporaries, 0U);
    OutputDir again(dir, {});
    EXPECT_EQ(again.reusable("last", "kl"), "L\n");
    EXPECT_EQ(again.reusable("b39", "k"), "B39\n");
    EXPECT_EQ(again.contents().size(), 41U);
}

// A writer killed with its group still queued (its process ends without committing, as under
// SIGKILL) leaves no result that counts but is not whole: the next owner removes the
// temporaries, finds each result either committed with exactly its bytes or not counted, and
// screens the rest again.
TEST(OutputDir, AWriterKilledBeforeItsGroupIsCommittedLeavesNothingThatCountsButIsNotWhole) {
    const auto dir = scratch("killed");
    {
        OutputDir out(dir, {});
        out.commit("a", "old a\n", "ka");  // an earlier run's result
    }
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        OutputDir out(dir, {});
        out.commit("a", "new a\n", "ka2");
        for (int i = 0; i < 30; ++i)
            out.commit("c" + std::to_string(i), "C" + std::to_string(i) + "\n", "k");
        ::_exit(0);  // no flush, no destructor
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status));
    OutputDir out(dir, {});
    std::size_t temporaries = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        temporaries += e.path().filename().string().find(".nbscreen-tmp.") != std::string::npos;
    EXPECT_EQ(temporaries, 0U) << "the next owner removes the killed writer's temporaries";
    // Whichever moment the kill came at (the group is normally still queued), a result counts
    // only with its own bytes and key.
    const auto a_old = out.reusable("a", "ka");
    const auto a_new = out.reusable("a", "ka2");
    EXPECT_FALSE(a_old && a_new);
    if (a_old) {
        EXPECT_EQ(*a_old, "old a\n");
    }
    if (a_new) {
        EXPECT_EQ(*a_new, "new a\n");
    }
    for (int i = 0; i < 30; ++i) {
        const std::string id = "c" + std::to_string(i);
        const auto r = out.reusable(id, "k");
        if (r) {
            EXPECT_EQ(*r, "C" + std::to_string(i) + "\n") << id;
        }
    }
    for (const auto& b : out.contents())
        if (b.result_json) {
            EXPECT_EQ(b.result_json->back(), '\n') << b.sample_id;
        }
}

TEST(OutputDir, CompanionFilesAreCommittedWithTheResultAndCheckedOnReuse) {
    const auto dir = scratch("companions");
    OutputDir out(dir, {});
    out.commit("a", "A\n", "k", {{"a.evidence.zst", "evidence bytes"}});
    EXPECT_TRUE(out.flush().empty());
    EXPECT_TRUE(fs::exists(dir / "a.evidence.zst"));
    EXPECT_EQ(out.reusable("a", "k"), "A\n");
    std::ofstream(dir / "a.evidence.zst", std::ios::app) << "x";
    EXPECT_EQ(out.reusable("a", "k"), std::nullopt) << "a changed companion";
    out.commit("a", "A\n", "k", {{"a.evidence.zst", "evidence bytes"}});
    EXPECT_TRUE(out.flush().empty());
    fs::remove(dir / "a.evidence.zst");
    EXPECT_EQ(out.reusable("a", "k"), std::nullopt) << "a missing companion";
    EXPECT_EQ(out.contents().size(), 1U) << "the result itself is still listed";

    for (const char* bad :
         {"b.evidence.zst", "a.json", "a.", "a./x", "a.x y", "../a.x", "a.x.nbscreen-tmp.1"})
        EXPECT_THROW(out.commit("a", "A\n", "k", {{bad, "x"}}), InputError) << bad;
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

// change_report.tsv of a large rescreen is written in pieces: nothing under its name until it is
// whole, rows taken back by keep_lines, exactly the folder's mode, and no temporary left behind
// by a writer that never commits (a failed run).
TEST(OutputDir, AFileWrittenInPiecesAppearsOnlyWholeAndLeavesNothingWhenAbandoned) {
    const auto dir = scratch("pieces");
    const auto names = [&] {
        std::vector<std::string> v;
        for (const auto& e : fs::directory_iterator(dir))
            if (e.path().filename() != ".nbscreen") v.push_back(e.path().filename().string());
        return v;
    };
    OutputDir out(dir, {false, 0600});
    {
        auto w = out.file_writer("report.tsv");
        w->append("head\n");
        w->append("a\t1\nb\t2\n");
        w->append("c\t3\n");
        EXPECT_FALSE(fs::exists(dir / "report.tsv")) << "not under its name before commit()";
        w->keep_lines([](std::string_view line) { return line.substr(0, 1) != "b"; });
        w->append("d\t4\n");
        w->commit();
    }
    std::ifstream in(dir / "report.tsv");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(text, "head\na\t1\nc\t3\nd\t4\n");
    EXPECT_EQ(mode_of(dir / "report.tsv"), 0600U);
    EXPECT_EQ(names(), std::vector<std::string>{"report.tsv"});
    {
        auto w = out.file_writer("abandoned.tsv");
        w->append("rows of a run that failed\n");
    }
    EXPECT_EQ(names(), std::vector<std::string>{"report.tsv"}) << "the temporary is removed";
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
