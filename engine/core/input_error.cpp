#include "engine/core/input_error.hpp"

namespace nbs {
namespace {
std::string render(const InputLocation& at, const std::string& why, const std::string& hint) {
    std::string msg = InputError::render_location(at);
    msg += msg.empty() ? why : ": " + why;
    if (!hint.empty()) msg += "\n  hint: " + hint;
    return msg;
}
}  // namespace

InputError::InputError(InputLocation where, std::string why, std::string hint)
    : std::runtime_error(render(where, why, hint)),
      where_(std::move(where)),
      why_(std::move(why)),
      hint_(std::move(hint)) {}

std::string InputError::render_location(const InputLocation& at) {
    std::string out = at.file;
    if (at.line != 0) out += ':' + std::to_string(at.line);
    if (at.line != 0 && at.column != 0) out += ':' + std::to_string(at.column);
    if (!at.locus.empty()) out += out.empty() ? at.locus : " (" + at.locus + ')';
    return out;
}

}  // namespace nbs
