#pragma once
// tests/skip_allowlist.txt: the one place where a test may be named as allowed to skip in CI,
// with the reason. Format: one entry a line, "<ctest test name><TAB><reason>"; '#' starts a
// comment line. An entry without a reason is an error, so nobody can allow a skip silently.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

namespace nbs::test {

/// CI is "set" as CI services set it: present and not empty, "0" or "false".
inline bool ci_is_set() {
    const char* v = std::getenv("CI");
    if (v == nullptr) return false;
    const std::string s(v);
    return !s.empty() && s != "0" && s != "false";
}

class SkipAllowlist {
  public:
    static SkipAllowlist load(const std::filesystem::path& path) {
        SkipAllowlist a;
        a.path_ = path;
        std::ifstream in(path);
        if (!in) throw std::runtime_error("cannot read the skip allow-list " + path.string());
        std::string line;
        for (int n = 1; std::getline(in, line); ++n) {
            if (line.empty() || line[0] == '#') continue;
            const auto tab = line.find('\t');
            const std::string reason = tab == std::string::npos ? "" : line.substr(tab + 1);
            if (reason.find_first_not_of(" \t") == std::string::npos)
                throw std::runtime_error(path.string() + ":" + std::to_string(n) +
                                         ": an allow-listed skip needs a reason after a tab");
            a.reasons_[line.substr(0, tab)] = reason;
        }
        return a;
    }

    std::optional<std::string> reason(const std::string& test_name) const {
        const auto it = reasons_.find(test_name);
        if (it == reasons_.end()) return std::nullopt;
        return it->second;
    }

    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
    std::map<std::string, std::string> reasons_;
};

}  // namespace nbs::test
