// src/codeocean/client.cpp
#include "aind/codeocean/client.hpp"

#include <simdjson.h>

#include "aind/common/json.hpp"
#include "aind/common/json_writer.hpp"
#include "aind/common/log.hpp"
#include "aind/common/text.hpp"
#include "aind/common/url.hpp"
#include "aind/config/config.hpp"  // mask_token
#include "aind/net/http.hpp"
#include "aind/net/paging.hpp"

namespace aind::codeocean {
namespace {

constexpr std::string_view kLogger = "aind_session.codeocean";

std::string base64(std::string_view in) {
    static constexpr char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        uint32_t n = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
        out += {table[n >> 18], table[(n >> 12) & 63], table[(n >> 6) & 63], table[n & 63]};
    }
    if (i + 1 == in.size()) {
        uint32_t n = uint8_t(in[i]) << 16;
        out += {table[n >> 18], table[(n >> 12) & 63], '=', '='};
    } else if (i + 2 == in.size()) {
        uint32_t n = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8);
        out += {table[n >> 18], table[(n >> 12) & 63], table[(n >> 6) & 63], '='};
    }
    return out;
}

/// Rejects text that is not the JSON shape a request body needs, before the server does
/// (its 400 would say less).
void require_json(std::string_view json, simdjson::dom::element_type type, std::string_view what) {
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (parser.parse(json.data(), json.size(), true).get(doc) || doc.type() != type) {
        throw Error(ErrorKind::invalid_input, std::string(what) + " must be a JSON " +
                                                  (type == simdjson::dom::element_type::ARRAY ? "array" : "object") +
                                                  ", got: " + excerpt(json));
    }
}

void require_id(std::string_view id, std::string_view what) {
    if (id.empty()) throw Error(ErrorKind::invalid_input, std::string(what) + ": the ID is empty");
}

/// How a GET of one record (`collection` "data_assets" or "computations") may be kept: a
/// finished one never changes (a derived asset once ready, a computation once completed), so
/// it is kept for good.
net::CacheTag record_tag(std::string_view collection) {
    const bool assets = collection == "data_assets";
    net::CacheTag tag{assets ? "codeocean.asset" : "codeocean.computation"};
    tag.is_final = [assets](const net::Response& r) {
        try {
            const std::vector<std::string> f = json_string_fields(r.body, {"state", "type"}, "a cached record");
            return assets ? f[0] == "ready" && f[1] == "result" : f[0] == "completed";
        } catch (const Error&) {
            return false;
        }
    };
    return tag;
}

}  // namespace

// ---- SearchParams --------------------------------------------------------------------------

SearchParams::SearchParams() {
    // As the original: without these the SDK 0.1 server contract rejects the search, and
    // archived assets would leak into session lookups.
    fields_.emplace_back("archived", "false");
    fields_.emplace_back("favorite", "false");
}

SearchParams SearchParams::from_json(std::string_view json) {
    simdjson::dom::parser parser;
    simdjson::dom::object obj;
    if (parser.parse(json.data(), json.size(), true).get(obj))
        throw Error(ErrorKind::invalid_input, "search parameters must be a JSON object, got: " + excerpt(json));
    SearchParams params;
    for (auto field : obj) {
        if (field.value.is_null()) continue;
        if (field.key == "offset" || field.key == "limit" || field.key == "next_token") continue;
        params.set_raw(field.key, simdjson::minify(field.value));
    }
    return params;
}

SearchParams& SearchParams::set_raw(std::string_view key, std::string_view json_value) {
    for (auto& [k, v] : fields_) {
        if (k == key) {
            v = std::string(json_value);
            return *this;
        }
    }
    fields_.emplace_back(std::string(key), std::string(json_value));
    return *this;
}

const std::string* SearchParams::raw(std::string_view key) const {
    for (const auto& [k, v] : fields_)
        if (k == key) return &v;
    return nullptr;
}

SearchParams& SearchParams::query(std::string_view text) {
    std::string quoted;
    append_json_string(quoted, text);
    return set_raw("query", quoted);
}

SearchParams& SearchParams::sort(std::string_view field, std::string_view order) {
    std::string f, o;
    append_json_string(f, field);
    append_json_string(o, order);
    set_raw("sort_field", f);
    return set_raw("sort_order", o);
}

std::string SearchParams::body(int64_t offset, int64_t limit) const {
    JsonWriter w;
    w.begin_object();
    for (const auto& [k, v] : fields_) w.key(k).raw(v);
    w.key("offset").value(offset).key("limit").value(limit);
    w.end_object();
    return w.take();
}

// ---- Client --------------------------------------------------------------------------------

Client::Client(ClientSettings settings, net::Client* http)
    : settings_(std::move(settings)), http_(http ? http : &net::default_client()) {
    settings_.domain = std::string(without_trailing_slashes(settings_.domain));
    authorization_ = "Basic " + base64(settings_.token + ":");
}

std::string Client::url(std::string_view path) const { return settings_.domain + "/api/v1/" + std::string(path); }

std::string Client::auth_advice() const {
    return "Check the Code Ocean API token (" +
           (settings_.token_source.empty() ? std::string("CODE_OCEAN_API_TOKEN") : settings_.token_source) + ", " +
           config::mask_token(settings_.token) + "): it must be valid for " + settings_.domain +
           " and have the \"Datasets: Read\" scope (\"Capsules: Read\" for computations, the Write scopes to "
           "create data assets or run capsules).";
}

void Client::raise_for_status(const net::Response& response, const std::string& what) const {
    try {
        net::raise_for_status(response, what, auth_advice());
    } catch (Error& e) {
        throw e.from(Service::codeocean, response.status);
    }
}

std::string Client::call(std::string_view method, std::string_view path, std::string body, bool idempotent,
                         std::string_view what, net::PageGuard* page, net::CacheTag cache) const {
    net::Request r;
    r.cache = std::move(cache);
    r.method = std::string(method);
    r.url = url(path);
    r.body = std::move(body);
    r.idempotent = idempotent;
    r.headers = {{"Authorization", authorization_}, {"Accept", "application/json"}};
    if (method != "GET") r.headers.push_back({"Content-Type", "application/json"});
    if (page) r.total_timeout = page->next_page();
    net::Response resp = http_->perform(std::move(r));
    if (page && !resp.ok()) page->check_failure(resp);
    raise_for_status(resp, std::string(what) + " (" + std::string(method) + " " + url(path) + ")");
    return std::move(resp.body);
}

std::vector<DataAsset> Client::search_data_assets(const SearchParams& params, SearchOptions options) const {
    options.stop_at_max_pages = false;
    return search(params, options).assets;
}

SearchResult Client::search(const SearchParams& params, SearchOptions options) const {
    if (options.page_size < 1 || options.page_size > 1000) options.page_size = 1000;
    const std::string* query = params.raw("query");
    net::PageGuard guard("Code Ocean search for data assets" + (query ? " with query " + *query : std::string()),
                         "data assets");
    SearchResult result;
    std::vector<DataAsset>& all = result.assets;
    int64_t offset = 0;
    for (int64_t page_no = 0;; ++page_no) {
        if (page_no >= options.max_pages && options.stop_at_max_pages) {
            result.more = true;
            break;
        }
        if (page_no >= options.max_pages) {
            throw Error(ErrorKind::protocol, "Code Ocean search still had more results after " +
                                                 std::to_string(options.max_pages) + " pages of " +
                                                 std::to_string(options.page_size) + " (" + std::to_string(all.size()) +
                                                 " assets so far); narrow the query.");
        }
        std::string what =
            "search data assets (page " + std::to_string(page_no + 1) + ", offset " + std::to_string(offset) + ")";
        std::string body = call("POST", "data_assets/search", params.body(offset, options.page_size), true, what,
                                &guard, {"codeocean.search"});
        SearchPage page = parse_search_page(body, what);
        const size_t got = page.results.size();
        guard.read_page(got);
        std::vector<std::string> ids;
        for (auto& a : page.results) {
            ids.push_back(a.id);
            all.push_back(std::move(a));
        }
        if (!page.has_more) break;
        if (got == 0) {
            throw Error(ErrorKind::protocol, "Code Ocean " + what +
                                                 " said has_more but returned no results; "
                                                 "stopping instead of looping. Try again, or narrow the query.");
        }
        // Only when paging goes on: a last page may repeat a few assets when new ones shifted the order.
        guard.require_new(ids, "a page of data assets (the same IDs) while saying has_more");
        offset += static_cast<int64_t>(got);
    }
    if (log_enabled(LogLevel::debug)) {
        log(LogLevel::debug, kLogger,
            "search " + (query ? *query : std::string("(no query)")) + ": " + std::to_string(all.size()) + " assets");
    }
    return result;
}

DataAsset Client::get_data_asset(std::string_view id) const {
    require_id(id, "get data asset");
    std::string what = "get data asset " + std::string(id);
    return parse_data_asset(
        call("GET", "data_assets/" + percent_encode(id), {}, true, what, nullptr, record_tag("data_assets")), what);
}

template <class T, class Parse>
std::vector<Result<T>> Client::get_many(const std::vector<std::string>& ids, std::string_view collection,
                                        std::string_view kind, Parse parse) const {
    std::vector<net::Request> requests;
    requests.reserve(ids.size());
    for (const std::string& id : ids) {
        net::Request r;
        r.url = url(std::string(collection) + "/" + percent_encode(id));
        r.headers = {{"Authorization", authorization_}, {"Accept", "application/json"}};
        r.cache = record_tag(collection);
        requests.push_back(std::move(r));
    }
    std::vector<net::Response> responses = http_->perform(std::move(requests));
    std::vector<Result<T>> out;
    out.reserve(ids.size());
    for (size_t i = 0; i < ids.size(); ++i) {
        out.push_back(capture([&]() -> T {
            std::string what = "get " + std::string(kind) + " " + ids[i];
            if (ids[i].empty()) throw Error(ErrorKind::invalid_input, what + ": the ID is empty");
            raise_for_status(responses[i], what + " (GET " + url(std::string(collection) + "/" + ids[i]) + ")");
            return parse(responses[i].body, what);
        }));
    }
    return out;
}

std::vector<Result<DataAsset>> Client::get_data_assets(const std::vector<std::string>& ids) const {
    return get_many<DataAsset>(ids, "data_assets", "data asset", parse_data_asset);
}

std::vector<Result<Computation>> Client::get_computations(const std::vector<std::string>& ids) const {
    return get_many<Computation>(ids, "computations", "computation", parse_computation);
}

DataAsset Client::create_data_asset(std::string_view params_json) const {
    require_json(params_json, simdjson::dom::element_type::OBJECT, "create data asset: the parameters");
    std::string what = "create data asset";
    return parse_data_asset(call("POST", "data_assets", std::string(params_json), false, what), what);
}

std::string Client::attach_data_assets(std::string_view capsule_id, std::string_view params_json) const {
    require_id(capsule_id, "attach data assets");
    require_json(params_json, simdjson::dom::element_type::ARRAY, "attach data assets: the parameters");
    return call("POST", "capsules/" + percent_encode(capsule_id) + "/data_assets", std::string(params_json), false,
                "attach data assets to capsule " + std::string(capsule_id));
}

Computation Client::get_computation(std::string_view id) const {
    require_id(id, "get computation");
    std::string what = "get computation " + std::string(id);
    return parse_computation(
        call("GET", "computations/" + percent_encode(id), {}, true, what, nullptr, record_tag("computations")), what);
}

Computation Client::run_capsule(std::string_view run_params_json) const {
    require_json(run_params_json, simdjson::dom::element_type::OBJECT, "run capsule: the parameters");
    std::string what = "run capsule or pipeline";
    return parse_computation(call("POST", "computations", std::string(run_params_json), false, what), what);
}

std::vector<Computation> Client::list_computations(std::string_view capsule_or_pipeline_id) const {
    require_id(capsule_or_pipeline_id, "list computations");
    std::string what = "list computations of capsule " + std::string(capsule_or_pipeline_id);
    return parse_computation_list(call("GET", "capsules/" + percent_encode(capsule_or_pipeline_id) + "/computations",
                                       {}, true, what, nullptr, {"codeocean.computations"}),
                                  what);
}

Folder Client::list_computation_results(std::string_view computation_id, std::string_view path) const {
    require_id(computation_id, "list computation results");
    JsonWriter w;
    w.begin_object().key("path").value(path).end_object();
    std::string what = "list results of computation " + std::string(computation_id);
    // A POST that only reads: safe to repeat.
    return parse_folder(call("POST", "computations/" + percent_encode(computation_id) + "/results", w.take(), true,
                             what, nullptr, {"codeocean.results"}),
                        what);
}

FileUrls Client::result_file_urls(std::string_view computation_id, std::string_view path) const {
    require_id(computation_id, "result file URLs");
    std::string what = "get URLs of result " + std::string(path) + " of computation " + std::string(computation_id);
    std::string body =
        call("GET", "computations/" + percent_encode(computation_id) + "/results/urls?path=" + percent_encode(path), {},
             true, what);
    std::vector<std::string> fields =
        json_string_fields(body, {"download_url", "view_url"}, "Code Ocean answer to " + what);
    FileUrls urls{std::move(fields[0]), std::move(fields[1])};
    if (urls.download_url.empty())
        throw Error(ErrorKind::protocol, "Code Ocean " + what + ": the answer has no download_url");
    return urls;
}

std::string Client::result_download_url(std::string_view computation_id, std::string_view path) const {
    try {
        return result_file_urls(computation_id, path).download_url;
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::not_found) throw;
        // 404: either the file is missing or the server predates `urls`; the older endpoint tells.
    }
    std::string what =
        "get download URL of result " + std::string(path) + " of computation " + std::string(computation_id);
    std::string body = call(
        "GET", "computations/" + percent_encode(computation_id) + "/results/download_url?path=" + percent_encode(path),
        {}, true, what);
    std::string url = json_string_field(body, "url", "Code Ocean answer to " + what);
    if (url.empty()) throw Error(ErrorKind::protocol, "Code Ocean " + what + ": the answer has no url");
    return url;
}

}  // namespace aind::codeocean
