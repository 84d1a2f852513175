// cli/output.hpp
//
// Small helpers shared by the commands: input lines from stdin, dates for humans, indented
// JSON, errors and the summary of a data asset as JSON, and an asset's tags.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "aind/codeocean/models.hpp"
#include "aind/common/error.hpp"
#include "aind/common/json_writer.hpp"
#include "aind/net/trace.hpp"

namespace aind::cli {

/// The lines of stdin, white space around each dropped (a '\r' of a Windows file too), blank
/// lines skipped: one name or ID per line.
std::vector<std::string> stdin_lines();

/// "kind" and "message" of an error, as members of the JSON object being written.
void write_error_fields(JsonWriter& w, const Error& error);

/// "2023-12-15 06:13:48" (UTC) for Unix seconds.
std::string utc_time(int64_t unix_seconds);

/// `json` re-indented with two spaces (strings untouched); no validation beyond nesting.
std::string indent_json(std::string_view json);

/// id, name, created, kind, type, tags of an asset as a JSON object.
void write_asset(JsonWriter& w, const codeocean::DataAsset& asset);

/// The choices and the answers' origins a call recorded (show --explain), for humans.
void print_trace(std::ostream& out, const net::Trace& trace);
/// The same as a JSON object {"choices": [...], "sources": [...]}.
void write_trace(JsonWriter& w, const net::Trace& trace);

/// The asset's tags joined by commas.
std::string joined_tags(const codeocean::DataAsset& asset);

}  // namespace aind::cli
