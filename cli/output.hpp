// cli/output.hpp
//
// Small helpers shared by the commands: dates for humans, indented JSON, and the summary of
// a data asset as a JSON object or a table row.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "aind/codeocean/models.hpp"
#include "aind/common/json_writer.hpp"

namespace aind::cli {

/// "2023-12-15 06:13:48" (UTC) for Unix seconds.
std::string utc_time(int64_t unix_seconds);

/// `json` re-indented with two spaces (strings untouched); no validation beyond nesting.
std::string indent_json(std::string_view json);

/// id, name, created, kind, type, tags of an asset as a JSON object.
void write_asset(JsonWriter& w, const codeocean::DataAsset& asset);

/// The asset's tags joined by commas.
std::string joined_tags(const codeocean::DataAsset& asset);

}  // namespace aind::cli
