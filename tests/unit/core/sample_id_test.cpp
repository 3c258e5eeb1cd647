// One validator for every sample id (issue 10 item 1): an id names OUT/<id>.json, so it can never
// name a path, hide a file, or carry a terminal escape.
#include "engine/core/sample_id.hpp"

#include <gtest/gtest.h>

#include <string>

namespace nbs {
namespace {

TEST(SampleId, AcceptsLettersDigitsDotUnderscoreDash) {
    for (const char* ok : {"baby01", "NA12878", "GS-000123_v2.1", "a", "A.b-c_d"})
        EXPECT_FALSE(sample_id_problem(ok).has_value()) << ok;
    EXPECT_FALSE(sample_id_problem(std::string(kMaxSampleIdBytes, 'x')).has_value());
}

TEST(SampleId, RefusesAnythingThatCouldNameAPathOrHideAFile) {
    const std::string nul("a\0b", 3);
    for (const std::string& bad :
         {std::string("../../x"), std::string("/tmp/x"), std::string("a/b"), std::string("a\\b"),
          std::string(".hidden"), std::string(".."), std::string(""), std::string("a b"),
          std::string("tab\there"), nul, std::string("esc\x1b[31m"), std::string("caf\xc3\xa9"),
          std::string(kMaxSampleIdBytes + 1, 'x')}) {
        SCOPED_TRACE(printable(bad));
        EXPECT_TRUE(sample_id_problem(bad).has_value());
        EXPECT_THROW(check_sample_id(bad, "a test"), InputError);
    }
}

TEST(SampleId, MessagesNeverCarryRawControlBytes) {
    try {
        check_sample_id(std::string("x\x1b]0;owned\x07y"), "--sample-id");
        FAIL() << "accepted";
    } catch (const InputError& e) {
        const std::string m = e.what();
        EXPECT_EQ(m.find('\x1b'), std::string::npos) << printable(m);
        EXPECT_EQ(m.find('\x07'), std::string::npos) << printable(m);
        EXPECT_NE(m.find("x\\x1b]0;owned\\x07y"), std::string::npos) << printable(m);
        EXPECT_NE(m.find("--sample-id"), std::string::npos);
    }
}

}  // namespace
}  // namespace nbs
