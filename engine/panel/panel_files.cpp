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
    PieceDigests whole({{path}});
    return whole.digests().front();
}

PieceDigests::PieceDigests(std::vector<Piece> pieces)
    : pieces_(std::move(pieces)), out_(pieces_.size()) {}

void PieceDigests::work() noexcept {
    std::ifstream in;
    std::filesystem::path open_path;
    std::vector<char> buf;
    for (std::size_t i = next_.fetch_add(1); i < pieces_.size(); i = next_.fetch_add(1)) {
        std::exception_ptr failed;
        try {
            const Piece& p = pieces_[i];
            if (!in.is_open() || open_path != p.path) {
                in = std::ifstream(p.path, std::ios::binary);
                open_path = p.path;
                if (!in)
                    throw std::runtime_error("cannot read " + p.path.string() + " to checksum it");
            }
            if (buf.empty()) buf.resize(std::size_t{1} << 20);
            in.clear();
            in.seekg(static_cast<std::streamoff>(p.begin));
            DigestCtx ctx = sha256_start();
            for (std::uint64_t left = p.end - p.begin; left > 0;) {
                const auto want =
                    static_cast<std::streamsize>(std::min<std::uint64_t>(left, buf.size()));
                in.read(buf.data(), want);
                const std::streamsize got = in.gcount();
                if (p.end == kToEnd && in.bad())
                    throw std::runtime_error("error reading " + p.path.string() +
                                             " to checksum it");
                if (got != want && p.end != kToEnd)
                    throw std::runtime_error("cannot read bytes " + std::to_string(p.begin) + "-" +
                                             std::to_string(p.end) + " of " + p.path.string() +
                                             " to checksum them (the file is shorter?)");
                if (got > 0 &&
                    EVP_DigestUpdate(ctx.get(), buf.data(), static_cast<std::size_t>(got)) != 1)
                    throw std::runtime_error("OpenSSL SHA-256 failed");
                if (got != want) break;  // the end of a piece read to the end of its file
                left -= static_cast<std::uint64_t>(got);
            }
            out_[i] = sha256_finish(ctx.get());
        } catch (...) {
            failed = std::current_exception();
        }
        const std::lock_guard lock(mutex_);
        if (failed && i < failed_at_) {
            failure_ = failed;
            failed_at_ = i;
        }
        if (++done_ == pieces_.size()) all_done_.notify_all();
    }
}

std::vector<std::string> PieceDigests::digests(unsigned threads) {
    std::jthread helper;  // joined when it goes out of scope
    if (threads >= 2 && pieces_.size() >= 2) {
        try {
            helper = std::jthread([this] { work(); });
        } catch (const std::system_error&) {  // no thread to be had: this one hashes them all
        }
    }
    work();
    std::unique_lock lock(mutex_);
    all_done_.wait(lock, [&] { return done_ == pieces_.size(); });
    if (failure_) std::rethrow_exception(failure_);
    return out_;
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
