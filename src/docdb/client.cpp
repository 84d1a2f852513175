// src/docdb/client.cpp
//
// DocDB reads as aind-data-access-api's retrieve_docdb_records does them (docs/protocols.md
// §2): GET .../find?limit&skip&filter&projection&sort with JSON values, skip advanced by
// each batch's length until an empty batch. The server may cut any batch short (payload
// cap), so only an empty batch ends the loop, never a short one.
#include "aind/docdb/client.hpp"

#include <simdjson.h>

#include "aind/common/error.hpp"
#include "aind/common/url.hpp"
#include "aind/net/http.hpp"

namespace aind::docdb {

namespace {

constexpr int kMaxPages = 100000;  // a server that never sends [] must not loop us forever

}  // namespace

struct Client::Impl {
    ClientConfig config;
    net::Client* http = nullptr;

    net::Client& client() const { return http ? *http : net::default_client(); }
    std::string collection_url() const { return config.base_url + "/v1/" + config.database + "/" + config.collection; }
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
    std::vector<std::string> records;
    std::int64_t skip = 0;
    for (int page = 0; page < kMaxPages; ++page) {
        const std::int64_t ask = limit > 0 ? limit - static_cast<std::int64_t>(records.size()) : 0;
        net::Request request;
        request.url = find_url(filter_json, projection_json, sort_json, ask, skip);
        request.headers.push_back({"Accept", "application/json"});
        request.idempotent = true;
        const net::Response response = impl_->client().perform(std::move(request));
        net::raise_for_status(response, "GET DocDB find (skip " + std::to_string(skip) + ") from " +
                                            impl_->collection_url() + " with filter " + std::string(filter_json));
        std::vector<std::string> batch = split_json_array(response.body);
        if (batch.empty()) return records;
        skip += static_cast<std::int64_t>(batch.size());
        for (auto& record : batch) {
            if (limit > 0 && static_cast<std::int64_t>(records.size()) >= limit) break;
            records.push_back(std::move(record));
        }
        if (limit > 0 && static_cast<std::int64_t>(records.size()) >= limit) return records;
    }
    throw Error(ErrorKind::protocol, "DocDB find at " + impl_->collection_url() +
                                         " never returned an empty batch after " + std::to_string(kMaxPages) +
                                         " pages");
}

std::vector<std::string> Client::aggregate(std::string_view pipeline_json) const {
    net::Request request;
    request.method = "POST";
    request.url = impl_->collection_url() + "/aggregate";
    request.headers.push_back({"Content-Type", "application/json"});
    request.headers.push_back({"Accept", "application/json"});
    request.body = std::string(pipeline_json);
    request.idempotent = true;  // read-only pipelines: safe to repeat
    const net::Response response = impl_->client().perform(std::move(request));
    net::raise_for_status(response, "POST DocDB aggregate to " + impl_->collection_url());
    return split_json_array(response.body);
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
