#pragma once
// Shared by the fuzz targets: the input bytes as a file (the engine reads paths, not buffers),
// and a loud failure for a broken property, which libFuzzer and the ctest replay both see as a
// crash.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

namespace nbs::fuzz {

/// Prints what broke and aborts: a property failure is a crash, so libFuzzer saves the input.
[[noreturn]] inline void fail(std::string_view what) {
    std::fprintf(stderr, "fuzz property broken: %.*s\n", static_cast<int>(what.size()),
                 what.data());
    std::abort();
}

/// The folder for one target's scratch files: NBS_SCRATCH_DIR (ctest sets it per test) or TMPDIR.
inline std::filesystem::path scratch_base(std::string_view target) {
    const char* dir = std::getenv("NBS_SCRATCH_DIR");
    if (dir == nullptr) dir = std::getenv("TMPDIR");
    std::filesystem::path base = dir != nullptr ? dir : "/tmp";
    base /= "nbs_fuzz_" + std::string(target) + "_" + std::to_string(::getpid());
    std::filesystem::create_directories(base);
    return base;
}

/// `bytes` written to `name` inside the target's scratch folder; removed when it goes out of scope.
class ScratchFile {
  public:
    ScratchFile(std::string_view target, std::string_view name, std::string_view bytes)
        : path_(scratch_base(target) / std::string(name)) {
        std::FILE* f = std::fopen(path_.c_str(), "wb");
        if (f == nullptr) fail("cannot create the scratch file " + path_.string());
        const bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
        if (std::fclose(f) != 0 || !ok) fail("cannot write the scratch file " + path_.string());
    }
    ~ScratchFile() { std::remove(path_.c_str()); }
    ScratchFile(const ScratchFile&) = delete;
    ScratchFile& operator=(const ScratchFile&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    [[nodiscard]] std::string string() const { return path_.string(); }

  private:
    std::filesystem::path path_;
};

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

}  // namespace nbs::fuzz
