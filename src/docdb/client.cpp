// src/docdb/client.cpp
//
// DocDB reads as aind-data-access-api's retrieve_docdb_records does them (protocols.md
// §2.4): GET .../find?limit&skip&filter&projection&sort with JSON values, skip advanced by
// each batch's length until an empty batch. The server may cut any batch short (payload
// cap), so only an empty batch ends the loop, never a short one.
#include "aind/docdb/client.hpp"

#include <simdjson.h>

#include <cstdlib>
#include <tuple>

#include "aind/common/error.hpp"
#include "aind/common/json_writer.hpp"
#include "aind/net/http.hpp"

namespace aind::docdb {

namespace {

constexpr int kMaxPages = 100000;  // a server that never sends [] must not loop us forever

std::string field_string(simdjson::dom::element doc, const char* key) {
    std::string_view value;
    if (doc[key].get(value) == simdjson::SUCCESS) return std::string(value);
    return {};
}

simdjson::dom::element parse_dom(simdjson::dom::parser& parser, const simdjson::padded_string& text, const char* what) {
    simdjson::dom::element doc;
    if (const auto error = parser.parse(text).get(doc))
        throw Error(ErrorKind::protocol, std::string(what) + ": not JSON (" + simdjson::error_message(error) + ")");
    return doc;
}

}  // namespace

ClientConfig ClientConfig::from_environment() {
    ClientConfig config;
    if (const char* url = std::getenv("AIND_DOCDB_URL"); url && *url) config.base_url = url;
    while (!config.base_url.empty() && config.base_url.back() == '/') config.base_url.pop_back();
    return config;
}

struct Client::Impl {
    ClientConfig config;
    net::Client* http = nullptr;

    net::Client& client() const { return http ? *http : net::default_client(); }
    std::string collection_url() const {
        return config.base_url + "/v1/" + config.database + "/" + config.collection;
    }
};

Client::Client(ClientConfig config, net::Client* http) : impl_(std::make_unique<Impl>()) {
    impl_->config = std::move(config);
    while (!impl_->config.base_url.empty() && impl_->config.base_url.back() == '/') impl_->config.base_url.pop_back();
    impl_->http = http;
}
Client::~Client() = default;
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;

const ClientConfig& Client::config() const { return impl_->config; }

std::string Client::find_url(std::string_view filter_json, std::string_view projection_json, std::string_view sort_json,
                             std::int64_t limit, std::int64_t skip) const {
    // The parameter order of requests' form encoding: limit, skip, filter, projection, sort.
    std::string url = impl_->collection_url() + "/find?limit=" + std::to_string(limit) + "&skip=" + std::to_string(skip);
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
                case simdjson::ondemand::json_type::object:
                {
                    simdjson::ondemand::object object = element.get_object();
                    out.emplace_back(std::string_view(object.raw_json()));
                }
                    break;
                case simdjson::ondemand::json_type::array:
                {
                    simdjson::ondemand::array inner = element.get_array();
                    out.emplace_back(std::string_view(inner.raw_json()));
                }
                    break;
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
    throw Error(ErrorKind::protocol, "DocDB find at " + impl_->collection_url() + " never returned an empty batch after " +
                                         std::to_string(kMaxPages) + " pages");
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

std::optional<std::string> Client::latest_record_for_name(std::string_view name) const {
    JsonWriter filter;
    filter.begin_object().key("name").value(name).end_object();
    std::vector<std::string> records = find(filter.str(), {}, R"({"created": 1})");
    if (records.empty()) return std::nullopt;
    // Pick by (created, last_modified, _id) ourselves: with equal `created` the server's
    // order is arbitrary, and the original's assertion on it was a bug (anchor §8.2).
    simdjson::dom::parser parser;
    std::size_t best = 0;
    std::tuple<std::string, std::string, std::string> best_key;
    for (std::size_t i = 0; i < records.size(); ++i) {
        const simdjson::padded_string text(records[i]);
        const simdjson::dom::element doc = parse_dom(parser, text, "DocDB record");
        auto key = std::make_tuple(field_string(doc, "created"), field_string(doc, "last_modified"), field_string(doc, "_id"));
        if (i == 0 || key >= best_key) {
            best = i;
            best_key = std::move(key);
        }
    }
    return std::move(records[best]);
}

std::vector<std::string> Client::subject_records(std::string_view subject_id) const {
    JsonWriter filter;
    filter.begin_object().key("subject.subject_id").value(subject_id).end_object();
    return find(filter.str(), {}, R"({"created": 1})");
}

std::vector<std::string> Client::codeocean_ids_from_docdb(std::string_view partial_name, std::string_view subject_id) const {
    if (partial_name.empty() && subject_id.empty())
        throw Error(ErrorKind::invalid_input, "Either `partial_name` or `subject_id` must be provided");
    JsonWriter filter;
    filter.begin_object();
    if (!partial_name.empty()) filter.key("name").begin_object().key("$regex").value(escape_regex(partial_name)).end_object();
    if (!subject_id.empty()) filter.key("subject.subject_id").value(subject_id);
    filter.end_object();
    std::vector<std::string> ids;
    for (const std::string& record : find(filter.str(), R"({"external_links.Code Ocean": 1, "_id": 0})", R"({"created": 1})"))
        for (std::string& id : extract_codeocean_ids(record)) ids.push_back(std::move(id));
    return ids;
}

std::vector<std::string> extract_codeocean_ids(std::string_view record_json) {
    const simdjson::padded_string text(record_json);
    simdjson::dom::parser parser;
    const simdjson::dom::element doc = parse_dom(parser, text, "DocDB record");
    if (!doc.is_object()) throw Error(ErrorKind::protocol, "DocDB record is not a JSON object");
    std::vector<std::string> ids;
    simdjson::dom::element links;
    if (doc["external_links"].get(links) != simdjson::SUCCESS) return ids;
    auto take = [&ids](simdjson::dom::element value) {
        std::string_view id;
        if (value.get(id) == simdjson::SUCCESS) {
            if (!id.empty()) ids.emplace_back(id);
            return;
        }
        simdjson::dom::array many;
        if (value.get(many) == simdjson::SUCCESS)
            for (simdjson::dom::element e : many)
                if (e.get(id) == simdjson::SUCCESS && !id.empty()) ids.emplace_back(id);
    };
    simdjson::dom::object dict;
    simdjson::dom::array list;
    if (links.get(dict) == simdjson::SUCCESS) {
        // Since Sep 2024: {"Code Ocean": ["id", ...], ...}
        simdjson::dom::element value;
        if (dict["Code Ocean"].get(value) == simdjson::SUCCESS) take(value);
    } else if (links.get(list) == simdjson::SUCCESS) {
        // Before: [{"Code Ocean": "id"}, {"Other": ...}]; entries without the key are skipped.
        for (simdjson::dom::element entry : list) {
            simdjson::dom::element value;
            if (entry.is_object() && entry["Code Ocean"].get(value) == simdjson::SUCCESS) take(value);
        }
    }
    return ids;
}

std::string escape_regex(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '\\': case '^': case '$': case '.': case '|': case '?': case '*': case '+':
            case '(': case ')': case '[': case ']': case '{': case '}':
                out.push_back('\\');
                [[fallthrough]];
            default:
                out.push_back(c);
        }
    }
    return out;
}

}  // namespace aind::docdb
