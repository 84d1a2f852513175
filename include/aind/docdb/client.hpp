// include/aind/docdb/client.hpp
//
// The AIND metadata database (DocDB) REST API: read-only find/aggregate, no auth
// (docs/protocols.md §2). Records stay raw JSON text, one string per record: callers pick
// the fields they need, and Python gets them as str without a dict round trip. Which record
// is a session's, and what its links mean, is AIND's business (src/core/records.cpp).
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
};

class Client {
public:
    /// `http` defaults to net::default_client() and must outlive the client. Configured
    /// clients come from core::Services.
    explicit Client(ClientConfig config, net::Client* http = nullptr);
    ~Client();
    Client(Client&&) noexcept;
    Client& operator=(Client&&) noexcept;
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    /// All matching records (JSON text each), following the server's paging: pages of 100
    /// records asked (`limit`), skip advanced by each batch's length until an empty batch, a
    /// short one far from the server's payload budget (docs/protocols.md §2.4), or `limit`
    /// records (0 = all).
    /// filter/projection/sort are JSON objects as text; empty = not sent.
    /// Protocol error: an answer that is not a JSON array of objects (records), or a batch of
    /// records already read (by `_id`; a projection without `_id` leaves only "a batch equal
    /// to an earlier one"), or more batches than current_limits().max_pages; timeout: the
    /// whole paging took longer than current_limits().total_timeout (net::PageGuard).
    std::vector<std::string> find(std::string_view filter_json, std::string_view projection_json = {},
                                  std::string_view sort_json = {}, std::int64_t limit = 0) const;
    /// POST .../aggregate with a JSON array pipeline; the result documents as JSON text (an
    /// answer that is not an array of JSON objects is a protocol error).
    std::vector<std::string> aggregate(std::string_view pipeline_json) const;

    /// The URL of one find request (the paging loop's unit; exposed for tests).
    std::string find_url(std::string_view filter_json, std::string_view projection_json, std::string_view sort_json,
                         std::int64_t limit, std::int64_t skip) const;
    const ClientConfig& config() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Escapes the regex metacharacters of `text` so that $regex matches it literally.
std::string escape_regex(std::string_view text);

/// Splits a JSON array (text) into its elements' raw JSON text.
std::vector<std::string> split_json_array(std::string_view array_json);

}  // namespace aind::docdb
