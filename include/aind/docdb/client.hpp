// include/aind/docdb/client.hpp
//
// The AIND metadata database (DocDB) REST API: read-only find/aggregate, no auth
// (protocols.md §2). Records stay raw JSON text, one string per record: callers pick the
// fields they need with simdjson, and Python gets them as str without a dict round trip.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aind::net {
class Client;
}

namespace aind::docdb {

struct ClientConfig {
    std::string base_url = "https://api.allenneuraldynamics.org";  // no trailing '/'
    std::string database = "metadata_index";
    std::string collection = "data_assets";

    /// Defaults, with base_url from AIND_DOCDB_URL when set.
    static ClientConfig from_environment();
};

class Client {
public:
    explicit Client(ClientConfig config = ClientConfig::from_environment(), net::Client* http = nullptr);
    ~Client();
    Client(Client&&) noexcept;
    Client& operator=(Client&&) noexcept;
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    /// All matching records (JSON text each), following the server's paging: skip advances
    /// by each batch's length until an empty batch, or until `limit` records (0 = all).
    /// filter/projection/sort are JSON objects as text; empty = not sent.
    std::vector<std::string> find(std::string_view filter_json, std::string_view projection_json = {},
                                  std::string_view sort_json = {}, std::int64_t limit = 0) const;
    /// POST .../aggregate with a JSON array pipeline; the result documents as JSON text.
    std::vector<std::string> aggregate(std::string_view pipeline_json) const;

    /// The most recently created record named `name`, or nullopt. Records sharing the
    /// latest `created` do not raise (the original asserts); the tie goes to the greatest
    /// last_modified, then _id, so the choice does not depend on server order.
    std::optional<std::string> latest_record_for_name(std::string_view name) const;
    /// Every record of a subject, oldest first.
    std::vector<std::string> subject_records(std::string_view subject_id) const;
    /// Code Ocean asset IDs linked from the records whose name contains `partial_name`
    /// (matched literally: regex metacharacters are escaped) and/or whose subject is
    /// `subject_id`, in record creation order. Throws invalid_input when both are empty.
    std::vector<std::string> codeocean_ids_from_docdb(std::string_view partial_name, std::string_view subject_id) const;

    /// The URL of one find request (the paging loop's unit; exposed for tests).
    std::string find_url(std::string_view filter_json, std::string_view projection_json, std::string_view sort_json,
                         std::int64_t limit, std::int64_t skip) const;
    const ClientConfig& config() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// The Code Ocean IDs in a record's external_links, in both stored formats: the dict of
/// lists {"Code Ocean": [...]} (since Sep 2024) and the list of dicts [{"Code Ocean": id}]
/// (before). A missing external_links or "Code Ocean" key gives no IDs rather than an error.
/// Throws aind::Error(protocol) for text that is not a JSON object.
std::vector<std::string> extract_codeocean_ids(std::string_view record_json);

/// Escapes the regex metacharacters of `text` so that $regex matches it literally.
std::string escape_regex(std::string_view text);

/// Splits a JSON array (text) into its elements' raw JSON text.
std::vector<std::string> split_json_array(std::string_view array_json);

}  // namespace aind::docdb
