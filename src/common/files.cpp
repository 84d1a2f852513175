// src/common/files.cpp
#include "aind/common/files.hpp"

#include <filesystem>
#include <fstream>

#include "aind/common/error.hpp"

namespace aind {
namespace {

namespace fs = std::filesystem;

std::string read_bounded(const std::string& path, std::size_t max_bytes, std::string_view what) {
    std::ifstream in(path, std::ios::binary);
    // In chunks until the end or past the bound: no buffer of max_bytes for a file of a few
    // hundred bytes (.env files are read on every call), and no end to trust from stat().
    std::string text;
    char chunk[1 << 14];
    while (in && text.size() <= max_bytes) {
        in.read(chunk, sizeof chunk);
        text.append(chunk, static_cast<std::size_t>(in.gcount()));
    }
    if (text.size() > max_bytes)
        throw Error(ErrorKind::invalid_input, std::string(what) + path + " is larger than " +
                                                  std::to_string(max_bytes) +
                                                  " bytes: not a configuration file; check the path");
    return text;
}

}  // namespace

std::optional<std::string> read_regular_file(const std::string& path, std::size_t max_bytes) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return std::nullopt;
    return read_bounded(path, max_bytes, "the file ");
}

std::optional<std::string> read_named_file(const std::string& path, std::string_view variable, std::size_t max_bytes) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (!fs::exists(status)) return std::nullopt;
    if (!fs::is_regular_file(status))
        throw Error(ErrorKind::invalid_input, std::string(variable) + "=" + path +
                                                  " is not a regular file (a device, FIFO or directory cannot "
                                                  "hold settings); point it at the file, or unset it");
    return read_bounded(path, max_bytes, std::string(variable) + "=");
}

}  // namespace aind
