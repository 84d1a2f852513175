// include/aind/codeocean/models.hpp
//
// Typed Code Ocean records (API v1), with the fields the engine decides on. Each record
// also keeps `raw_json`, the complete object as the server sent it (minified), so the
// Python front can build the official SDK's models from it without losing fields we do not
// model here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace aind::codeocean {

struct SourceBucket {
    std::string origin;  // "aws", "gcp", "local"
    std::string bucket;
    std::string prefix;
    bool external = false;
};

struct DataAsset {
    std::string id;
    std::string name;
    int64_t created = 0;  // Unix seconds
    std::string state;    // "draft", "ready", "failed"
    std::string type;     // "dataset", "result", "combined", "model"
    std::string mount;
    std::vector<std::string> tags;
    /// Values as text: strings unchanged, numbers and booleans as their JSON text.
    std::vector<std::pair<std::string, std::string>> custom_metadata;
    std::optional<SourceBucket> source_bucket;
    std::string raw_json;

    /// The custom-metadata value for `key`, or nullptr.
    const std::string* metadata(std::string_view key) const;
};

struct Computation {
    std::string id;
    std::string name;
    int64_t created = 0;
    int64_t run_time = 0;
    std::string state;       // "initializing", "running", "finalizing", "completed", "failed"
    std::string end_status;  // "succeeded", "failed", "stopped" or ""
    bool has_results = false;
    std::vector<std::string> data_asset_ids;  // attached input data assets
    std::string raw_json;
};

struct FolderItem {
    std::string name;
    std::string path;
    std::string type;   // "file" or "folder"
    int64_t size = -1;  // -1 when not given
};

struct Folder {
    std::vector<FolderItem> items;
    std::string raw_json;
};

struct SearchPage {
    std::vector<DataAsset> results;
    bool has_more = false;
    std::string next_token;
};

/// Parsers of the API's JSON. They throw aind::Error(protocol) naming the missing or
/// mistyped field; `what` says where the text came from (for the message).
DataAsset parse_data_asset(std::string_view json, std::string_view what = "data asset");
Computation parse_computation(std::string_view json, std::string_view what = "computation");
std::vector<Computation> parse_computation_list(std::string_view json, std::string_view what = "computations");
SearchPage parse_search_page(std::string_view json, std::string_view what = "search page");
Folder parse_folder(std::string_view json, std::string_view what = "result folder");

}  // namespace aind::codeocean
