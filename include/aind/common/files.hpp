// include/aind/common/files.hpp
//
// Reading a small configuration file whole (.env files, ~/.aws/credentials and config, the
// container authorization token). Only regular files count: a directory or a FIFO that
// happens to have such a name is not configuration, and reading a FIFO would block the start.
#pragma once

#include <optional>
#include <string>

namespace aind {

/// The bytes of the regular file at `path` (symlinks followed), or nullopt when it is missing,
/// is not a regular file, or cannot be read.
std::optional<std::string> read_regular_file(const std::string& path);

}  // namespace aind
