// include/aind/codeocean/client.hpp
//
// The Code Ocean REST API v1 (docs/protocols.md §1) over aind::net: typed records out,
// aind::Error with a kind on failure. It speaks the protocol only: which asset is a
// session's raw one, or how to search by name, is AIND's business (src/core). Reads and searches are idempotent and retried by
// the HTTP layer; creating an asset and running a capsule are not (a 5xx after the server
// may have acted is reported, never repeated). Thread-safe: one Client may serve many threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aind/codeocean/models.hpp"
#include "aind/common/error.hpp"
#include "aind/common/result.hpp"
#include "aind/net/cache.hpp"

namespace aind::net {
class Client;
class PageGuard;
struct Response;
}  // namespace aind::net

namespace aind::codeocean {

struct ClientSettings {
    std::string domain;        // "https://codeocean.allenneuraldynamics.org", no trailing slash
    std::string token;         // "cop_..."
    std::string token_source;  // where the token came from, quoted in auth errors
};

/// A data-asset search (the SDK's DataAssetSearchParams). Paging fields are the client's
/// business: offset, limit and next_token given here are ignored.
class SearchParams {
public:
    SearchParams();
    /// From the SDK's JSON (a dict of DataAssetSearchParams); null fields are dropped.
    /// Throws invalid_input for text that is not a JSON object.
    static SearchParams from_json(std::string_view json);

    SearchParams& query(std::string_view text);
    SearchParams& sort(std::string_view field, std::string_view order);
    /// Any other field, as already-serialised JSON (`set_raw("archived", "true")`).
    SearchParams& set_raw(std::string_view key, std::string_view json_value);
    const std::string* raw(std::string_view key) const;

    /// The request body for one page.
    std::string body(int64_t offset, int64_t limit) const;

private:
    std::vector<std::pair<std::string, std::string>> fields_;  // key -> raw JSON value
};

/// Every search is also bounded by the call's net::Limits (net::PageGuard): more pages than
/// max_pages is a protocol error, the whole search taking longer than total_timeout a
/// timeout, and so is a page holding only assets already received (protocol).
struct SearchOptions {
    int64_t page_size = 1000;   // the API's maximum: fewest round trips
    int64_t max_pages = 10000;  // the caller's bound, not a silent truncation: exceeding it throws
    /// Stop after max_pages instead of throwing; SearchResult::more then says whether the
    /// server had more (the caller asked for at most that many pages).
    bool stop_at_max_pages = false;
};

struct SearchResult {
    std::vector<DataAsset> assets;
    bool more = false;  // stopped at max_pages while the server said has_more
};

struct FileUrls {
    std::string download_url;
    std::string view_url;
};

class Client {
public:
    /// `http`: the transport (default: net::default_client()); must outlive this Client.
    /// Configured clients come from core::Services, which reads the settings.
    explicit Client(ClientSettings settings, net::Client* http = nullptr);

    const ClientSettings& settings() const { return settings_; }

    // ---- data assets
    /// Every page of a search (offset paging until has_more is false). A failed page is an
    /// error, never a shorter result. Results are the server's, unfiltered.
    std::vector<DataAsset> search_data_assets(const SearchParams& params, SearchOptions options = {}) const;
    /// search_data_assets(), also saying whether it stopped at a page limit (see SearchOptions).
    SearchResult search(const SearchParams& params, SearchOptions options) const;
    DataAsset get_data_asset(std::string_view id) const;
    /// Many GETs at once (concurrently); one Result per ID, in the order of `ids`, so a stale
    /// ID among many is reported with its error instead of failing, or vanishing from, the batch.
    std::vector<Result<DataAsset>> get_data_assets(const std::vector<std::string>& ids) const;
    /// get_computation() for many IDs at once, as get_data_assets().
    std::vector<Result<Computation>> get_computations(const std::vector<std::string>& ids) const;
    /// POST data_assets with the SDK's DataAssetParams JSON. Not retried after it was sent.
    DataAsset create_data_asset(std::string_view params_json) const;
    /// POST capsules/{id}/data_assets with a JSON array of {"id", "mount"}; returns the raw
    /// JSON answer (a list of DataAssetAttachResults).
    std::string attach_data_assets(std::string_view capsule_id, std::string_view params_json) const;

    // ---- computations
    Computation get_computation(std::string_view id) const;
    /// POST computations with the SDK's RunParams JSON. Not retried after it was sent.
    Computation run_capsule(std::string_view run_params_json) const;
    /// GET capsules/{id}/computations (pipeline IDs too): all of them, unpaginated.
    std::vector<Computation> list_computations(std::string_view capsule_or_pipeline_id) const;
    Folder list_computation_results(std::string_view computation_id, std::string_view path = "") const;
    /// GET computations/{id}/results/urls (platform >= 4.0).
    FileUrls result_file_urls(std::string_view computation_id, std::string_view path) const;
    /// A download URL for a result file: the `urls` endpoint, falling back to the deprecated
    /// `download_url` endpoint on servers that do not have it (404).
    std::string result_download_url(std::string_view computation_id, std::string_view path) const;

private:
    std::string url(std::string_view path) const;
    template <class T, class Parse>
    std::vector<Result<T>> get_many(const std::vector<std::string>& ids, std::string_view collection,
                                    std::string_view kind, Parse parse) const;
    std::string auth_advice() const;
    /// net::raise_for_status, the error marked as Code Ocean's answer (Error::from).
    void raise_for_status(const net::Response& response, const std::string& what) const;
    /// One request; `page`, for a page of a listing, bounds it by the listing's time; `cache`
    /// says how a read's answer may be kept (writes and presigned URLs: never).
    std::string call(std::string_view method, std::string_view path, std::string body, bool idempotent,
                     std::string_view what, net::PageGuard* page = nullptr, net::CacheTag cache = {}) const;

    ClientSettings settings_;
    net::Client* http_;
    std::string authorization_;  // "Basic base64(token:)"
};

}  // namespace aind::codeocean
