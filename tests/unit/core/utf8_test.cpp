// UTF-8 validation at the boundaries where paths and sample names enter (results are UTF-8 JSON).
#include "engine/core/utf8.hpp"

#include <gtest/gtest.h>

#include <string>

namespace nbs {
namespace {

TEST(Utf8, WellFormedTextPasses) {
    for (const std::string& s : {std::string(""), std::string("baby01.vcf.gz"),
                                 std::string("b\xc3\xa9\x62\xc3\xa9"),  // bébé
                                 std::string("\xe2\x82\xac"),           // €, three bytes
                                 std::string("\xf0\x9f\xa7\xac"),       // U+1F9EC, four bytes
                                 std::string("\xf4\x8f\xbf\xbf")})      // U+10FFFF, the last
        EXPECT_EQ(first_invalid_utf8(s), std::nullopt) << s;
}

TEST(Utf8, MalformedTextIsFoundAtItsFirstBadByte) {
    EXPECT_EQ(first_invalid_utf8("caf\xe9"), 3U);           // Latin-1 é, cut short
    EXPECT_EQ(first_invalid_utf8("ab\x80"), 2U);            // a lone continuation byte
    EXPECT_EQ(first_invalid_utf8("\xc0\xaf"), 0U);          // overlong '/'
    EXPECT_EQ(first_invalid_utf8("\xe0\x80\xaf"), 0U);      // overlong, three bytes
    EXPECT_EQ(first_invalid_utf8("x\xed\xa0\x80"), 1U);     // a UTF-16 surrogate
    EXPECT_EQ(first_invalid_utf8("\xf4\x90\x80\x80"), 0U);  // above U+10FFFF
    EXPECT_EQ(first_invalid_utf8("ok\xff"), 2U);            // never in UTF-8
    EXPECT_EQ(first_invalid_utf8("\xc3\x28"), 0U);          // lead without continuation
}

TEST(Utf8, CheckNamesTheValueEscaped) {
    try {
        check_utf8("b\xe9\x62\xe9.vcf", "the --vcf path");
        FAIL() << "not refused";
    } catch (const InputError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("the --vcf path 'b\\xe9b\\xe9.vcf' is not valid UTF-8 (byte 2)"),
                  std::string::npos)
            << m;
    }
    EXPECT_NO_THROW(check_utf8("b\xc3\xa9\x62\xc3\xa9.vcf", "the --vcf path"));
}

TEST(Utf8, TerminalSafeKeepsTextAndEscapesControls) {
    EXPECT_EQ(terminal_safe("b\xc3\xa9\x62\xc3\xa9 \xe2\x82\xac"),
              "b\xc3\xa9\x62\xc3\xa9 \xe2\x82\xac");
    EXPECT_EQ(terminal_safe("chr1\x1b[31mRED"), "chr1\\x1b[31mRED");  // ESC, the start of CSI
    EXPECT_EQ(terminal_safe("a\x7f"), "a\\x7f");                      // DEL
    EXPECT_EQ(terminal_safe("\xc2\x9b"
                            "2J"),
              "\\xc2\\x9b2J");                        // U+009B, C1 CSI
    EXPECT_EQ(terminal_safe("caf\xe9"), "caf\\xe9");  // not UTF-8
    EXPECT_EQ(terminal_safe("a\tb\nc"), "a\tb\\x0ac");
    EXPECT_EQ(terminal_safe("a\tb\nc", true), "a\tb\nc");
    EXPECT_EQ(terminal_safe("\xe2\x82"), "\\xe2\\x82");  // cut short
}

}  // namespace
}  // namespace nbs
