// src/docdb/client.cpp
//
// DocDB reads as aind-data-access-api's retrieve_docdb_records does them (docs/protocols.md
// §2): GET .../find?limit&skip&filter&projection&sort with JSON values, skip advanced by
// each batch's length. We ask for pages of kFindPageSize records; the server may cut a page
// short to keep its answer under a payload budget, so a short page ends the listing only
// when it is far from any such budget (kRoomForMoreBytes), and an empty page always does.
// A server that never ends is stopped by the listing's bounds and by a batch of records it
// already sent.
#include "aind/docdb/client.hpp"

#include <simdjson.h>

#include <algorithm>
#include <functional>

#include "aind/common/error.hpp"
#include "aind/common/text.hpp"
#include "aind/common/url.hpp"
#include "aind/net/http.hpp"
#include "aind/net/paging.hpp"

namespace aind::docdb {

namespace {

/// Records asked per find request: the most a DocDB server sends in one batch (the
/// emulator's cap, docs/protocols.md §4.3); asking for more would only be cut to it.
constexpr std::int64_t kFindPageSize = 100;
/// A page with fewer records than asked ends the listing only when its body plus the largest
/// record seen is under this many bytes: a server that cuts batches at a payload budget of
/// 5 MB or more (the emulator's; AWS Lambda's is 6 MB) could only have cut it before a record
/// of over 4 MB. A short page that is larger may have been cut: the next page is asked, as
/// before. A session's record thus takes one request, not two (the second only to see an
/// empty page).
constexpr std::size_t kRoomForMoreBytes = 1'000'000;

/// One answer of find or aggregate: the records' JSON text, and what tells its pages apart.
struct Batch {
    std::vector<std::string> records;
    /// Each record's `_id` (its JSON text); when some record has none (a projection left it
    /// out), one key for the whole page's text instead.
    std::vector<std::string> keys;
    bool keyed_by_id = true;
};

std::string id_of(simdjson::ondemand::object& record) {
    simdjson::ondemand::value id;
    if (record.find_field_unordered("_id").get(id) != simdjson::SUCCESS) return {};
    if (id.type() == simdjson::ondemand::json_type::object) {
        simdjson::ondemand::object object = id.get_object();
        return std::string(std::string_view(object.raw_json()));
    }
    return std::string(trim(id.raw_json_token()));
}

[[noreturn]] void not_records(const std::string& what, const std::string& detail) {
    throw Error(ErrorKind::protocol, what + ": the answer is not a JSON array of records (JSON objects): " + detail +
                                         ". The service is misbehaving, or the URL (AIND_DOCDB_URL) is not DocDB's.");
}

/// The records of an answer; anything but an array of JSON objects (or text that is not JSON,
/// or not UTF-8) is a protocol error naming `what`, the request.
Batch read_batch(std::string_view body, const std::string& what) {
    simdjson::padded_string padded(body);
    simdjson::ondemand::parser parser;
    Batch batch;
    try {
        simdjson::ondemand::document doc = parser.iterate(padded);
        simdjson::ondemand::array array;
        if (doc.get_array().get(array) != simdjson::SUCCESS) not_records(what, "\"" + excerpt(body, 80) + "\"");
        std::size_t index = 0;
        for (simdjson::ondemand::value element : array) {
            ++index;
            simdjson::ondemand::object record;
            if (element.get_object().get(record) != simdjson::SUCCESS)
                not_records(what, "item " + std::to_string(index) + " is \"" +
                                      excerpt(trim(element.raw_json_token()), 40) + "\"");
            std::string id = id_of(record);
            batch.keyed_by_id = batch.keyed_by_id && !id.empty();
            batch.keys.push_back(std::move(id));
            record.reset();
            batch.records.emplace_back(std::string_view(record.raw_json()));
        }
    } catch (const simdjson::simdjson_error& e) {
        not_records(what, e.what());
    }
    if (!batch.keyed_by_id) batch.keys = {"page " + std::to_string(std::hash<std::string_view>{}(body))};
    return batch;
}

}  // namespace

struct Client::Impl {
    ClientConfig config;
    net::Client* http = nullptr;

    net::Client& client() const { return http ? *http : net::default_client(); }
    std::string collection_url() const { return config.base_url + "/v1/" + config.database + "/" + config.collection; }

    /// net::raise_for_status, keeping the HTTP status (0: no answer came) on the error.
    static void raise_for_status(const net::Response& response, const std::string& what) {
        try {
            net::raise_for_status(response, what);
        } catch (Error& e) {
            throw e.from(Service::none, response.status);
        }
    }
};

Client::Client(ClientConfig config, net::Client* http) : impl_(std::make_unique<Impl>()) {
    impl_->config = std::move(config);
    impl_->config.base_url = std::string(without_trailing_slashes(impl_->config.base_url));
    impl_->http = http;
}
Client::~Client() = default;
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;

const ClientConfig& Client::config() const { return impl_->config; }

std::string Client::find_url(std::string_view filter_json, std::string_view projection_json, std::string_view sort_json,
                             std::int64_t limit, std::int64_t skip) const {
    // The parameter order of requests' form encoding: limit, skip, filter, projection, sort.
    std::string url =
        impl_->collection_url() + "/find?limit=" + std::to_string(limit) + "&skip=" + std::to_string(skip);
    if (!filter_json.empty()) url += "&filter=" + percent_encode(filter_json);
    if (!projection_json.empty()) url += "&projection=" + percent_encode(projection_json);
    if (!sort_json.empty()) url += "&sort=" + percent_encode(sort_json);
    return url;
}

std::vector<std::string> split_json_array(std::string_view array_json) {
    simdjson::padded_string padded(array_json);
    simdjson::ondemand::parser parser;
    std::vector<std::string> out;
    try {
        simdjson::ondemand::document doc = parser.iterate(padded);
        simdjson::ondemand::array array = doc.get_array();
        for (simdjson::ondemand::value element : array) {
            switch (element.type()) {
                case simdjson::ondemand::json_type::object: {
                    simdjson::ondemand::object object = element.get_object();
                    out.emplace_back(std::string_view(object.raw_json()));
                } break;
                case simdjson::ondemand::json_type::array: {
                    simdjson::ondemand::array inner = element.get_array();
                    out.emplace_back(std::string_view(inner.raw_json()));
                } break;
                default: {
                    std::string_view token = element.raw_json_token();
                    while (!token.empty() && (token.back() == ' ' || token.back() == '\n' || token.back() == '\r' ||
                                              token.back() == '\t'))
                        token.remove_suffix(1);
                    out.emplace_back(token);
                }
            }
        }
    } catch (const simdjson::simdjson_error& e) {
        throw Error(ErrorKind::protocol, std::string("DocDB reply is not a JSON array: ") + e.what());
    }
    return out;
}

std::vector<std::string> Client::find(std::string_view filter_json, std::string_view projection_json,
                                      std::string_view sort_json, std::int64_t limit) const {
    const std::string query = impl_->collection_url() + " with filter " + std::string(filter_json);
    net::PageGuard guard("DocDB find at " + query, "records");
    std::vector<std::string> records;
    std::size_t largest_record = 0;
    std::int64_t skip = 0;
    for (;;) {
        const std::int64_t missing = limit - static_cast<std::int64_t>(records.size());
        const std::int64_t ask = limit > 0 ? std::min(missing, kFindPageSize) : kFindPageSize;
        net::Request request;
        request.url = find_url(filter_json, projection_json, sort_json, ask, skip);
        request.headers.push_back({"Accept", "application/json"});
        request.idempotent = true;
        request.cache = {"docdb.records"};
        request.total_timeout = guard.next_page();
        const net::Response response = impl_->client().perform(std::move(request));
        const std::string what = "GET DocDB find (skip " + std::to_string(skip) + ") from " + query;
        if (!response.ok()) guard.check_failure(response);
        impl_->raise_for_status(response, what);
        Batch batch = read_batch(response.body, what);
        if (batch.records.empty()) return records;
        guard.read_page(batch.records.size());
        guard.require_new(batch.keys, batch.keyed_by_id ? "a batch of records (the same _id values)"
                                                        : "a batch (the same text as an earlier one)");
        const std::int64_t got = static_cast<std::int64_t>(batch.records.size());
        skip += got;
        for (auto& record : batch.records) {
            if (limit > 0 && static_cast<std::int64_t>(records.size()) >= limit) break;
            largest_record = std::max(largest_record, record.size());
            records.push_back(std::move(record));
        }
        if (limit > 0 && static_cast<std::int64_t>(records.size()) >= limit) return records;
        if (got < ask && response.body.size() + largest_record <= kRoomForMoreBytes) return records;
    }
}

std::vector<std::string> Client::aggregate(std::string_view pipeline_json) const {
    net::Request request;
    request.method = "POST";
    request.url = impl_->collection_url() + "/aggregate";
    request.headers.push_back({"Content-Type", "application/json"});
    request.headers.push_back({"Accept", "application/json"});
    request.body = std::string(pipeline_json);
    request.idempotent = true;  // read-only pipelines: safe to repeat
    request.cache = {"docdb.records"};
    const net::Response response = impl_->client().perform(std::move(request));
    const std::string what = "POST DocDB aggregate to " + impl_->collection_url();
    impl_->raise_for_status(response, what);
    return read_batch(response.body, what).records;
}

std::string escape_regex(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '\\':
            case '^':
            case '$':
            case '.':
            case '|':
            case '?':
            case '*':
            case '+':
            case '(':
            case ')':
            case '[':
            case ']':
            case '{':
            case '}': out.push_back('\\'); [[fallthrough]];
            default: out.push_back(c);
        }
    }
    return out;
}

}  // namespace aind::docdb
