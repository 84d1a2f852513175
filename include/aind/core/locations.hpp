// include/aind/core/locations.hpp
//
// Where AIND data lives on S3: `s3://` URIs, the known data buckets probed concurrently
// (the original's priority order wins), and what a raw data directory holds.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aind/s3/client.hpp"

namespace aind::core {

/// Splits "s3://bucket/key/..." into bucket and key (no leading or trailing '/').
/// Throws aind::Error(invalid_input) for anything else.
s3::S3Location parse_s3_uri(std::string_view uri);

/// "s3://<bucket>/<name>" for the first known bucket, in priority order, holding a
/// directory `name`: all buckets are probed at once, one listing each. nullopt when none
/// has it; a bucket we may not read is skipped; other failures are thrown (the answer would
/// be a guess). `tried`, when given, gets a line per bucket with its answer.
std::optional<std::string> first_dir_in_known_buckets(const s3::Client& s3, std::string_view name,
                                                      std::string* tried = nullptr);

/// first_dir_in_known_buckets() or not_found listing each bucket and its answer.
std::string source_dir_by_name(const s3::Client& s3, std::string_view name);

/// True when anything lies under the directory URI (one 1-key listing of "key/").
bool dir_exists(const s3::Client& s3, std::string_view uri);

/// Names of the immediate sub-directories of a directory URI (without the trailing '/').
std::vector<std::string> list_subdirectories(const s3::Client& s3, std::string_view uri);

/// Names (relative to the directory) of every object and sub-directory right under `uri`.
std::vector<std::string> list_names(const s3::Client& s3, std::string_view uri);

/// The whole text of an object. Throws not_found when it does not exist.
std::string read_text(const s3::Client& s3, std::string_view uri);

}  // namespace aind::core
