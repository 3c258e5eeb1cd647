#pragma once
// The one error type for bad input: it says where (file, line, column or locus), why, and what
// the user can do about it. Thrown at file and record boundaries; hot loops return status values.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

namespace nbs {

struct InputLocation {
    InputLocation() = default;
    InputLocation(std::string file_, std::uint64_t line_ = 0, std::uint64_t column_ = 0,
                  std::string locus_ = {})
        : file(std::move(file_)), line(line_), column(column_), locus(std::move(locus_)) {}

    std::string file;
    std::uint64_t line = 0;    // 1-based; 0 = not line-addressable (BCF, indexed query)
    std::uint64_t column = 0;  // 1-based; 0 = whole line
    std::string locus;         // "chr7:117559590" for VCF records
};

class InputError : public std::runtime_error {
  public:
    InputError(InputLocation where, std::string why, std::string hint = {});

    [[nodiscard]] const InputLocation& where() const noexcept { return where_; }
    [[nodiscard]] const std::string& why() const noexcept { return why_; }
    [[nodiscard]] const std::string& hint() const noexcept { return hint_; }

    /// "file:line:column (locus)" as far as known.
    [[nodiscard]] static std::string render_location(const InputLocation& at);

  private:
    InputLocation where_;
    std::string why_;
    std::string hint_;
};

}  // namespace nbs
