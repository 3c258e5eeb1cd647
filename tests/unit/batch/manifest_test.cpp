// read_manifest: every validation it makes, one test each, plus what it accepts (comments, CRLF,
// relative paths resolved against the manifest's folder, optional columns). A manifest error
// refuses the whole batch (InputError, exit 3); a row problem fails only that baby.
#include "engine/batch/manifest.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "engine/core/input_error.hpp"
#include "support/cli_runner.hpp"

namespace nbs {
namespace {

namespace fs = std::filesystem;

fs::path write_manifest(const std::string& name, const std::string& text) {
    const fs::path p = test::scratch_dir("manifest_" + name) / "batch.tsv";
    std::ofstream(p, std::ios::binary) << text;
    return p;
}

// The InputError read_manifest throws for `text`; fails the test when nothing is thrown.
InputError refusal(const std::string& name, const std::string& text) {
    const fs::path p = write_manifest(name, text);
    try {
        (void)read_manifest(p);
    } catch (const InputError& e) {
        EXPECT_EQ(e.where().file, p.string());
        EXPECT_FALSE(e.hint().empty()) << "every refusal says how to fix it";
        return e;
    }
    ADD_FAILURE() << "manifest accepted:\n" << text;
    return InputError({}, "");
}

TEST(Manifest, ReadsColumnsInAnyOrderAndResolvesRelativePaths) {
    const fs::path p =
        write_manifest("ok",
                       "# a comment line\r\n"
                       "reported_sex\tvcf\tsample_id\tvcf_sample\tcram\treference\r\n"
                       "XY\tdata/b1.vcf.gz\tb1\tCHILD\t../b1.cram\t/abs/ref.fa\r\n"
                       "\r\n"
                       "\tb2.bcf\tb2\t\t\t\r\n"
                       "XX\t-\tb3\t\t\t\r\n");
    const auto rows = read_manifest(p);
    ASSERT_EQ(rows.size(), 3u);
    const fs::path base = p.parent_path();
    EXPECT_EQ(rows[0].input.sample_id, "b1");
    EXPECT_EQ(rows[0].line, 3u);
    EXPECT_EQ(rows[0].input.vcf, (base / "data/b1.vcf.gz").string());
    EXPECT_EQ(rows[0].input.vcf_sample, std::optional<std::string>("CHILD"));
    EXPECT_EQ(rows[0].input.reported_sex, std::optional<Karyotype>(Karyotype::XY));
    EXPECT_EQ(rows[0].input.cram, (base.parent_path() / "b1.cram").string());
    EXPECT_EQ(rows[0].input.reference, "/abs/ref.fa");  // absolute: kept
    EXPECT_FALSE(rows[0].problem) << *rows[0].problem;
    EXPECT_EQ(rows[1].input.sample_id, "b2");
    EXPECT_EQ(rows[1].line, 5u);
    EXPECT_FALSE(rows[1].input.vcf_sample.has_value()) << "an empty vcf_sample means the only one";
    EXPECT_FALSE(rows[1].input.reported_sex.has_value()) << "empty: not reported";
    EXPECT_EQ(rows[1].input.cram, "");
    EXPECT_FALSE(rows[1].problem) << *rows[1].problem;
    EXPECT_EQ(rows[2].input.vcf, "-") << "stdin is not a path to resolve";
    EXPECT_EQ(rows[2].input.reported_sex, std::optional<Karyotype>(Karyotype::XX));
}

TEST(Manifest, MissingFileIsRefused) {
    const fs::path p = test::scratch_dir("manifest_missing") / "nope.tsv";
    try {
        (void)read_manifest(p);
        FAIL() << "a missing manifest was accepted";
    } catch (const InputError& e) {
        EXPECT_EQ(e.why(), "cannot open the manifest");
        EXPECT_EQ(e.where().file, p.string());
    }
}

TEST(Manifest, UnknownColumnIsRefusedWithItsPosition) {
    const InputError e = refusal("unknown_col", "sample_id\tvcf\tsex\nb1\tb1.vcf\tXX\n");
    EXPECT_EQ(e.why(), "unknown manifest column 'sex'");
    EXPECT_EQ(e.where().line, 1u);
    EXPECT_EQ(e.where().column, 3u);
    EXPECT_NE(e.hint().find("reported_sex"), std::string::npos) << e.hint();
}

TEST(Manifest, EachRequiredColumnIsRequired) {
    const InputError no_id = refusal("no_sample_id", "vcf\treported_sex\nb1.vcf\tXX\n");
    EXPECT_EQ(no_id.why(), "the manifest has no 'sample_id' column");
    EXPECT_EQ(no_id.where().line, 1u);
    const InputError no_vcf = refusal("no_vcf", "# header next\nsample_id\tcram\nb1\tb1.cram\n");
    EXPECT_EQ(no_vcf.why(), "the manifest has no 'vcf' column");
    EXPECT_EQ(no_vcf.where().line, 2u);
}

TEST(Manifest, EmptyOrCommentOnlyIsRefused) {
    EXPECT_EQ(refusal("empty", "").why(), "the manifest is empty");
    EXPECT_EQ(refusal("comments", "# only\n\n# comments\n").why(), "the manifest is empty");
}

TEST(Manifest, SampleIdsThatCannotNameAResultFileAreRefused) {
    // Each would write outside the output folder, a hidden file, or no file at all.
    for (const std::string bad : {"", "../b1", "a/b", "a\\b", "baby 1", ".hidden"}) {
        SCOPED_TRACE("'" + bad + "'");
        const InputError e = refusal("bad_id", "sample_id\tvcf\nok1\tb.vcf\n" + bad + "\tb1.vcf\n");
        EXPECT_NE(e.why().find("(from the manifest's sample_id column) cannot name a result file"),
                  std::string::npos)
            << e.why();
        EXPECT_EQ(e.why().rfind("sample id '", 0), 0U) << e.why();
        EXPECT_EQ(e.where().line, 3u);
        EXPECT_EQ(e.where().column, 1u);
    }
    // Dots inside, dashes and underscores are fine.
    const auto rows = read_manifest(write_manifest("good_id", "vcf\tsample_id\nb.vcf\tb-1_x.2\n"));
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].input.sample_id, "b-1_x.2");
}

TEST(Manifest, DuplicateSampleIdIsRefused) {
    const InputError e = refusal("dup", "vcf\tsample_id\na.vcf\tb1\nb.vcf\tb2\nc.vcf\tb1\n");
    EXPECT_EQ(e.why(), "duplicate sample_id 'b1'");
    EXPECT_EQ(e.where().line, 4u);
    EXPECT_EQ(e.where().column, 2u);
}

// Row problems fail only their baby: the other rows are read normally.
TEST(Manifest, RowWithTheWrongNumberOfCellsFailsOnlyThatBaby) {
    const auto rows = read_manifest(write_manifest(
        "cells",
        "sample_id\tvcf\treported_sex\nb1\tb1.vcf\tXX\nb2\tb2.vcf\nb3\tb3.vcf\tXY\textra\n"));
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_FALSE(rows[0].problem);
    ASSERT_TRUE(rows[1].problem);
    EXPECT_EQ(*rows[1].problem, "manifest line 3 has 2 cells, the header has 3");
    ASSERT_TRUE(rows[2].problem);
    EXPECT_EQ(*rows[2].problem, "manifest line 4 has 4 cells, the header has 3");
}

TEST(Manifest, RowWithoutAVcfFailsOnlyThatBaby) {
    const auto rows =
        read_manifest(write_manifest("no_vcf_cell", "sample_id\tvcf\nb1\t\nb2\tb2.vcf\n"));
    ASSERT_EQ(rows.size(), 2u);
    ASSERT_TRUE(rows[0].problem);
    EXPECT_EQ(*rows[0].problem, "manifest line 2 has no vcf");
    EXPECT_FALSE(rows[1].problem);
}

TEST(Manifest, UnknownReportedSexFailsOnlyThatBaby) {
    const auto rows = read_manifest(write_manifest("bad_sex",
                                                   "sample_id\tvcf\treported_sex\nb1\tb1.vcf\tboy\n"
                                                   "b2\tb2.vcf\tXXY\nb3\tb3.vcf\tfemale\n"));
    ASSERT_EQ(rows.size(), 3u);
    ASSERT_TRUE(rows[0].problem);
    EXPECT_EQ(*rows[0].problem,
              "manifest line 2: reported_sex 'boy' is not XX, XY, X0, XXY or unknown");
    EXPECT_FALSE(rows[0].input.reported_sex.has_value()) << "never guessed from 'boy'";
    EXPECT_FALSE(rows[1].problem);
    EXPECT_EQ(rows[1].input.reported_sex, std::optional<Karyotype>(Karyotype::XXY));
    // The spellings LIMS exports use are read (engine/core/karyotype.cpp).
    EXPECT_FALSE(rows[2].problem);
    EXPECT_EQ(rows[2].input.reported_sex, std::optional<Karyotype>(Karyotype::XX));
}

TEST(Manifest, TheFirstRowProblemIsTheOneReported) {
    // Too few cells and no vcf: the cell count is reported (it explains the missing vcf).
    const auto rows =
        read_manifest(write_manifest("first_problem", "sample_id\treported_sex\tvcf\nb1\tbogus\n"));
    ASSERT_EQ(rows.size(), 1u);
    ASSERT_TRUE(rows[0].problem);
    EXPECT_EQ(*rows[0].problem, "manifest line 2 has 2 cells, the header has 3");
}

}  // namespace
}  // namespace nbs
