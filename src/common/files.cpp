// src/common/files.cpp
#include "aind/common/files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace aind {

std::optional<std::string> read_regular_file(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace aind
