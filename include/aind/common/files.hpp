// include/aind/common/files.hpp
//
// Reading a small configuration file whole (.env files, ~/.aws/credentials and config, the
// container authorization token). Only regular files count: a directory or a FIFO that
// happens to have such a name is not configuration, reading a FIFO would block the start,
// and /dev/zero never ends. Sizes are bounded for the same reason: a setting is never a
// gigabyte.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace aind {

/// Configuration files are far smaller than this.
inline constexpr std::size_t kMaxSettingsFileBytes = std::size_t{1} << 20;

/// The bytes of the regular file at `path` (symlinks followed), or nullopt when it is missing,
/// is not a regular file, or cannot be read: for files we look for (.env). Throws
/// Error(invalid_input) when it is larger than `max_bytes`.
std::optional<std::string> read_regular_file(const std::string& path, std::size_t max_bytes = kMaxSettingsFileBytes);

/// The same for a file a setting names (`variable`, e.g. AWS_CONFIG_FILE): missing is still
/// nullopt (the default ~/.aws/config often is), but a path that exists and is not a regular
/// file is Error(invalid_input) naming the variable, not a silent "no settings".
std::optional<std::string> read_named_file(const std::string& path, std::string_view variable,
                                           std::size_t max_bytes = kMaxSettingsFileBytes);

}  // namespace aind
