// Deliberately skipping tests for tests/scripts/skip_policy_test.sh, which proves the skip
// policy: under CI=1 an unlisted skip fails, an allow-listed one passes. Not a ctest test itself
// (it would fail every CI run); built beside the real tests with the same main().
#include <gtest/gtest.h>

TEST(SkipProbe, UnlistedSkip) {
    GTEST_SKIP() << "deliberate skip, not in tests/skip_allowlist.txt";
}

TEST(SkipProbe, AllowListedSkip) {
    GTEST_SKIP() << "deliberate skip, in tests/skip_allowlist.txt";
}

TEST(SkipProbe, Passes) {
    EXPECT_EQ(1 + 1, 2);
}
