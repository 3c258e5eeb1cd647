// The main() of every GoogleTest executable here (instead of GTest::gtest_main). It adds the
// skip policy (tests/README.md): when the environment variable CI is set, a test that skips
// (GTEST_SKIP) fails, unless tests/skip_allowlist.txt names it with a reason. A skip that only
// counts as "not run" would let a CI run pass with the very test that guards a change switched
// off (e.g. ../shared/data missing from the runner).
//
// Names in the allow-list are ctest names: "<executable>.<Suite>.<Test>", e.g.
// "unit_coverage.GvcfBlocks.WholeGenomeGatkFileScanWhenPresent".
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include "support/skip_allowlist.hpp"

namespace {

class SkipPolicy : public ::testing::EmptyTestEventListener {
  public:
    SkipPolicy(std::string prefix, nbs::test::SkipAllowlist allow)
        : prefix_(std::move(prefix)), allow_(std::move(allow)) {}

    // Runs before the result printer's OnTestEnd (GoogleTest calls OnTestEnd in reverse order
    // of registration), so a failure added here turns "[  SKIPPED ]" into "[  FAILED  ]" and
    // ctest's skip pattern no longer matches.
    void OnTestEnd(const ::testing::TestInfo& info) override {
        if (!info.result()->Skipped()) return;
        const std::string name =
            prefix_ + "." + info.test_suite_name() + "." + std::string(info.name());
        const auto reason = allow_.reason(name);
        if (reason) {
            std::cout << "[ ALLOWED  ] skip of " << name << " is allow-listed: " << *reason << "\n";
            return;
        }
        ADD_FAILURE() << "CI is set and " << name
                      << " was skipped. A skipped test is not a pass in CI: make it run (copy "
                         "the small real file it needs into tests/data), or add it to "
                      << allow_.path().string() << " with the reason it cannot run.";
    }

  private:
    std::string prefix_;
    nbs::test::SkipAllowlist allow_;
};

}  // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    if (nbs::test::ci_is_set()) {
        const std::string prefix = std::filesystem::path(argv[0]).filename().string();
        try {
            ::testing::UnitTest::GetInstance()->listeners().Append(
                new SkipPolicy(prefix, nbs::test::SkipAllowlist::load(NBS_SKIP_ALLOWLIST)));
        } catch (const std::exception& e) {
            std::cerr << e.what() << "\n";
            return 1;
        }
    }
    return RUN_ALL_TESTS();
}
