// The streaming pre-check reads a line's first columns two ways (engine/io/record_precheck.cpp):
// from one 32-byte look at lines of 48 bytes or more (nearly every line of a genome), and by byte
// loops otherwise. Both must keep the same lines and refuse the same lines with the same message:
// each case below is given as a short line and as the same record with a long INFO (the window's
// path), and each answer is also checked against the expected one.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/input_error.hpp"
#include "engine/io/record_precheck.hpp"

namespace nbs {
namespace {

RegionSet regions() {
    return RegionSet({{"chr7", 1000, 2000}, {"chr7", 123456000, 123457000}, {"chrX", 100, 200}});
}

struct Case {
    std::string chrom, pos, id, ref, alt, info;
    std::string expect;  // "keep", "drop", or a piece of the refusal's message
};

std::string line_of(const Case& c, bool long_info) {
    const std::string info =
        long_info ? c.info + ";DP=31;MQ=60.00;QD=16.52;FS=0.000;SOR=0.693;ReadPosRankSum=0.12"
                  : c.info;
    return c.chrom + '\t' + c.pos + '\t' + c.id + '\t' + c.ref + '\t' + c.alt + "\t.\t.\t" + info;
}

// Runs the cases in order through one pre-check; "keep"/"drop" or the refusal's message for each.
// A refused line leaves the pre-check as it was, so the cases after it go on.
std::vector<std::string> answers(const std::vector<Case>& cases, bool long_info) {
    const RegionSet rs = regions();
    RecordPrecheck pc(&rs);
    std::vector<std::string> out;
    std::uint64_t n = 0;
    for (const Case& c : cases) {
        const std::string line = line_of(c, long_info);
        EXPECT_EQ(line.size() >= 48, long_info) << line;  // each form takes the path it tests
        try {
            out.push_back(pc.wanted_line(line, "x.vcf", ++n) ? "keep" : "drop");
        } catch (const InputError& e) {
            out.push_back(e.what());
        }
    }
    return out;
}

TEST(RecordPrecheckWindow, LongAndShortLinesGetTheSameAnswers) {
    const std::vector<Case> cases = {
        {"chr7", "999", ".", "A", "G", ".", "drop"},
        {"chr7", "1000", ".", "A", "G", ".", "keep"},
        {"chr7", "996", ".", "ACGTA", "G", ".", "not sorted"},  // after 1000
        {"chr7", "2001", ".", "A", "G", ".", "drop"},
        // A symbolic deletion reaching the second region through END, by ALT alone or in a list.
        {"chr7", "123000000", ".", "N", "<DEL>", "END=123456100", "keep"},
        {"chr7", "123000001", ".", "N", "A,<DEL>", "END=123456100", "keep"},
        {"chr7", "123000002", ".", "N", "<DUP>", "END=123456100", "drop"},
        {"chr7", "123000003", ".", "N", "<DEL>", "END=123000100", "drop"},
        // A deletion starting 3 bases before the region: REF decides.
        {"chr7", "123455997", ".", "ACGTA", "A", ".", "keep"},
        {"chr7", "123455998", ".", "AC", "A", ".", "drop"},
        // A long ID pushes REF and ALT past the first 32 bytes.
        {"chr7", "123456500", "rs12345678901234", "A", "G", ".", "keep"},
        {"chr7", "123457001", ".", "A", "G", ".", "drop"},
        // POS: not digits, trailing garbage, too large (10 and 23 digits), beyond chr7.
        {"chr7", "12345678x", ".", "A", "G", ".", "is not a number"},
        {"chr7", ".", ".", "A", "G", ".", "is not a number"},
        {"chr7", "", ".", "A", "G", ".", "is not a number"},
        {"chr7", "-5", ".", "A", "G", ".", "is not a number"},
        {"chr7", "2147483648", ".", "A", "G", ".", "larger than any chromosome"},
        {"chr7", "99999999999999999999999", ".", "A", "G", ".", "larger than any chromosome"},
        {"chr7", "159345975", ".", "A", "G", ".", "beyond the end of chr7"},
        // Another contig, then back to chr7: refused as unsorted.
        {"chrX", "150", ".", "A", "G", ".", "keep"},
        {"chrUn_KI270302v1", "2147483647", ".", "A", "G", ".", "drop"},
        {"chr7", "123457002", ".", "A", "G", ".", "appears again"},
    };
    const auto short_form = answers(cases, false);
    const auto long_form = answers(cases, true);
    ASSERT_EQ(short_form.size(), cases.size());
    ASSERT_EQ(long_form.size(), cases.size());
    for (std::size_t i = 0; i < cases.size(); ++i) {
        SCOPED_TRACE("case " + std::to_string(i) + ": " + line_of(cases[i], true));
        EXPECT_EQ(long_form[i], short_form[i]);
        if (cases[i].expect == "keep" || cases[i].expect == "drop")
            EXPECT_EQ(long_form[i], cases[i].expect);
        else
            EXPECT_NE(long_form[i].find(cases[i].expect), std::string::npos) << long_form[i];
        if (cases[i].expect != "keep" && cases[i].expect != "drop") {
            EXPECT_NE(long_form[i].find("x.vcf:" + std::to_string(i + 1)), std::string::npos)
                << "a refusal names its line: " << long_form[i];
        }
    }
}

// Every POS length from 1 to 9 digits, on both paths (the window reads 8 digits at once): a
// one-base region at 1, 12, 123, ... keeps the line at that POS and drops those beside it, so a
// value read one off either way fails.
TEST(RecordPrecheckWindow, ReadsEveryLengthOfPos) {
    std::vector<Region> one_base;
    std::vector<std::int64_t> at;
    for (std::int64_t pos = 1; pos < 1000000000;
         pos = pos * 10 + static_cast<std::int64_t>(at.size() + 1) % 10) {
        at.push_back(pos);
        one_base.push_back({"chr1", pos, pos});
    }
    ASSERT_EQ(at.size(), 9U);
    const RegionSet rs(one_base);
    for (const bool long_info : {false, true}) {
        RecordPrecheck pc(&rs);
        std::uint64_t n = 0;
        const auto wanted = [&](std::int64_t pos) {
            const Case c{"chr1", std::to_string(pos), ".", "A", "G", ".", ""};
            return pc.wanted_line(line_of(c, long_info), "x.vcf", ++n);
        };
        for (const std::int64_t pos : at) {
            SCOPED_TRACE(std::to_string(pos) + (long_info ? " (long line)" : " (short line)"));
            if (pos > 1) {
                EXPECT_FALSE(wanted(pos - 1));
            }
            EXPECT_TRUE(wanted(pos));
            EXPECT_FALSE(wanted(pos + 1));
        }
    }
}

}  // namespace
}  // namespace nbs
