#include "engine/panel/panel_files.hpp"

#include <openssl/evp.h>
#include <zstd.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <memory>
#include <sstream>
#include <system_error>
#include <thread>
#include <vector>

#include "engine/core/input_error.hpp"

namespace nbs {
namespace {

constexpr std::string_view kBundleMagic = "NBSPANEL\x01\n";
// The most decompressed content a bundle may claim. The zstd frame header states the size and
// the loader allocates it before decompressing, so without a bound a damaged 13-byte file
// claiming 3 GB made nbscreen allocate 3 GB (found with fuzz_panel_bundle). Real panels are far
// smaller: panels/generation-study is under 1 MB.
constexpr unsigned long long kMaxBundleContent = 256ULL << 20;

}  // namespace

std::string read_file_bytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in)
        throw InputError({p.string()}, "cannot open file",
                         "check that the path exists and is readable");
    // Read at once into a string of the file's size (a stringstream copies it twice); a file
    // that grew meanwhile is read to its end, one that shrank is cut where it ends.
    std::string bytes;
    std::error_code ec;
    const auto size = std::filesystem::file_size(p, ec);
    if (!ec) {
        bytes.resize(static_cast<std::size_t>(size));
        in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        bytes.resize(static_cast<std::size_t>(in.gcount()));
    }
    if (in) {
        std::ostringstream rest;
        rest << in.rdbuf();
        bytes += rest.str();
    }
    if (in.bad())
        throw InputError({p.string()}, "cannot read file", "check that the file is readable");
    return bytes;
}

bool is_required_panel_file(std::string_view name) {
    return name != "targets.tsv" && name != "smn.tsv" && name.rfind("knowledge/", 0) != 0;
}

namespace {

using DigestCtx = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

DigestCtx sha256_start() {
    DigestCtx ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("OpenSSL SHA-256 failed");
    return ctx;
}

std::string sha256_finish(EVP_MD_CTX* ctx) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
    unsigned int len = 0;
    if (EVP_DigestFinal_ex(ctx, md.data(), &len) != 1)
        throw std::runtime_error("OpenSSL SHA-256 failed");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(len * 2);
    for (unsigned int i = 0; i < len; ++i) {
        out += kHex[md[i] >> 4];
        out += kHex[md[i] & 0xF];
    }
    return out;
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
    DigestCtx ctx = sha256_start();
    if (EVP_DigestUpdate(ctx.get(), bytes.data(), bytes.size()) != 1)
        throw std::runtime_error("OpenSSL SHA-256 failed");
    return sha256_finish(ctx.get());
}

std::string sha256_file_hex(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string() + " to checksum it");
    DigestCtx ctx = sha256_start();
    std::vector<char> buf(1 << 20);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        const auto n = static_cast<std::size_t>(in.gcount());
        if (n > 0 && EVP_DigestUpdate(ctx.get(), buf.data(), n) != 1)
            throw std::runtime_error("OpenSSL SHA-256 failed");
    }
    if (in.bad()) throw std::runtime_error("error reading " + path.string() + " to checksum it");
    return sha256_finish(ctx.get());
}

namespace {

// Ranges [lo, hi) of `ranges` into `out`, through a handle of its own.
void hash_ranges(const std::filesystem::path& path,
                 const std::vector<std::pair<std::uint64_t, std::uint64_t>>& ranges, std::size_t lo,
                 std::size_t hi, std::vector<std::string>& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string() + " to checksum it");
    std::vector<char> buf(1 << 20);
    for (std::size_t i = lo; i < hi; ++i) {
        const auto [begin, end] = ranges[i];
        DigestCtx ctx = sha256_start();
        in.seekg(static_cast<std::streamoff>(begin));
        for (std::uint64_t left = end - begin; left > 0;) {
            const auto want =
                static_cast<std::streamsize>(std::min<std::uint64_t>(left, buf.size()));
            in.read(buf.data(), want);
            if (in.gcount() != want)
                throw std::runtime_error("cannot read bytes " + std::to_string(begin) + "-" +
                                         std::to_string(end) + " of " + path.string() +
                                         " to checksum them (the file is shorter?)");
            if (EVP_DigestUpdate(ctx.get(), buf.data(), static_cast<std::size_t>(want)) != 1)
                throw std::runtime_error("OpenSSL SHA-256 failed");
            left -= static_cast<std::uint64_t>(want);
        }
        out[i] = sha256_finish(ctx.get());
    }
}

}  // namespace

std::vector<std::string> sha256_file_each_range_hex(
    const std::filesystem::path& path,
    const std::vector<std::pair<std::uint64_t, std::uint64_t>>& ranges, unsigned threads) {
    std::vector<std::string> out(ranges.size());
    // Two shares at most, cut where half the bytes are behind: hashing is memory-bound and the
    // callers have two cores at most to spare.
    std::uint64_t total = 0;
    for (const auto& [begin, end] : ranges)
        total += end - begin;
    std::size_t cut = ranges.size();
    if (threads >= 2 && ranges.size() >= 2) {
        std::uint64_t behind = 0;
        for (cut = 0; cut + 1 < ranges.size() && behind < total / 2; ++cut)
            behind += ranges[cut].second - ranges[cut].first;
    }
    std::exception_ptr second_failed;
    std::thread second;
    if (cut < ranges.size()) {
        try {
            second = std::thread([&] {
                try {
                    hash_ranges(path, ranges, cut, ranges.size(), out);
                } catch (...) {
                    second_failed = std::current_exception();
                }
            });
        } catch (const std::system_error&) {  // no thread to be had: one share
            cut = ranges.size();
        }
    }
    try {
        hash_ranges(path, ranges, 0, cut, out);
    } catch (...) {
        if (second.joinable()) second.join();
        throw;
    }
    if (second.joinable()) second.join();
    if (second_failed) std::rethrow_exception(second_failed);
    return out;
}

std::string content_sha256(const PanelFiles& files) {
    std::string buf;
    for (auto name : kPanelContentFiles) {
        const auto it = files.content.find(std::string(name));
        if (it == files.content.end()) continue;
        buf += name;
        buf += '\n';
        buf += std::to_string(it->second.size());
        buf += '\n';
        buf += it->second;
    }
    return sha256_hex(buf);
}

PanelFiles read_panel_dir(const std::filesystem::path& dir) {
    PanelFiles files;
    files.origin = dir.string();
    files.origin_kind = "directory";
    for (auto name : kPanelContentFiles) {
        const auto p = dir / std::string(name);
        if (!std::filesystem::exists(p)) {
            if (!is_required_panel_file(name)) continue;
            throw InputError({p.string()}, "panel file is missing",
                             "a panel directory needs panel.toml, conditions.tsv, genes.tsv and "
                             "variants.tsv (see docs/panel-format.md)");
        }
        files.content.emplace(std::string(name), read_file_bytes(p));
    }
    return files;
}

std::string encode_bundle(const PanelFiles& files) {
    std::string raw(kBundleMagic);
    raw += "sha256 " + content_sha256(files) + '\n';
    for (auto name : kPanelContentFiles) {
        const auto it = files.content.find(std::string(name));
        if (it == files.content.end()) continue;
        raw += "file " + std::string(name) + ' ' + std::to_string(it->second.size()) + '\n';
        raw += it->second;
    }
    std::string out(ZSTD_compressBound(raw.size()), '\0');
    const std::size_t n = ZSTD_compress(out.data(), out.size(), raw.data(), raw.size(), 19);
    if (ZSTD_isError(n)) throw std::runtime_error(ZSTD_getErrorName(n));
    out.resize(n);
    return out;
}

PanelFiles read_panel_bundle(const std::filesystem::path& file) {
    const std::string packed = read_file_bytes(file);
    const InputLocation at{file.string()};
    const unsigned long long size = ZSTD_getFrameContentSize(packed.data(), packed.size());
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN)
        throw InputError(at, "not a compiled panel bundle (not zstd, or damaged)",
                         "build one with 'nbscreen panel build DIR -o FILE.nbpanel', or pass the "
                         "panel directory");
    if (size > kMaxBundleContent)
        throw InputError(at,
                         "panel bundle claims " + std::to_string(size) +
                             " bytes of content, more than any panel (at most " +
                             std::to_string(kMaxBundleContent >> 20) + " MiB)",
                         "the bundle is damaged; rebuild it with 'nbscreen panel build'");
    std::string raw(size, '\0');
    const std::size_t n = ZSTD_decompress(raw.data(), raw.size(), packed.data(), packed.size());
    if (ZSTD_isError(n) || n != size)
        throw InputError(at,
                         "panel bundle is damaged: zstd says " +
                             std::string(ZSTD_isError(n) ? ZSTD_getErrorName(n) : "short"),
                         "rebuild it with 'nbscreen panel build'");
    if (raw.compare(0, kBundleMagic.size(), kBundleMagic) != 0)
        throw InputError(at, "not a compiled panel bundle (bad magic)",
                         "rebuild it with 'nbscreen panel build'");
    PanelFiles files;
    files.origin = file.string();
    files.origin_kind = "bundle";
    std::size_t p = kBundleMagic.size();
    auto next_line = [&]() {
        const auto e = raw.find('\n', p);
        if (e == std::string::npos)
            throw InputError(at, "panel bundle is truncated",
                             "rebuild it with 'nbscreen panel build'");
        std::string line = raw.substr(p, e - p);
        p = e + 1;
        return line;
    };
    const std::string sha_line = next_line();
    if (sha_line.rfind("sha256 ", 0) != 0)
        throw InputError(at, "panel bundle has no checksum line", "rebuild it");
    const std::string stored = sha_line.substr(7);
    while (p < raw.size()) {
        std::istringstream hdr(next_line());
        std::string tag, name;
        std::size_t len = 0;
        if (!(hdr >> tag >> name >> len) || tag != "file" || len > raw.size() - p)
            throw InputError(at, "panel bundle is damaged (bad file entry)", "rebuild it");
        files.content.emplace(name, raw.substr(p, len));
        p += len;
    }
    const std::string actual = content_sha256(files);
    if (actual != stored)
        throw InputError(at,
                         "panel bundle checksum mismatch: stored " + stored + ", content " + actual,
                         "the bundle was altered after it was built; rebuild it");
    return files;
}

PanelFiles read_panel_files(const std::filesystem::path& path) {
    if (std::filesystem::is_directory(path)) return read_panel_dir(path);
    if (!std::filesystem::exists(path))
        throw InputError(
            {path.string()}, "panel not found",
            "pass a panel directory (e.g. panels/generation-study) or a .nbpanel bundle");
    return read_panel_bundle(path);
}

}  // namespace nbs
