// src/codeocean/models.cpp
//
// simdjson DOM, not On-Demand: every record is read whole (and re-serialised into
// raw_json), so the DOM's single pass is as fast and much simpler to get right.
#include "aind/codeocean/models.hpp"

#include <simdjson.h>

#include "aind/common/error.hpp"
#include "aind/common/text.hpp"

namespace aind::codeocean {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

[[noreturn]] void bad(std::string_view what, const std::string& detail) {
    throw Error(ErrorKind::protocol, "Could not understand the Code Ocean " + std::string(what) + ": " + detail +
                                         ". The server may be a different Code Ocean version; please report this.");
}

element parse(simdjson::dom::parser& parser, std::string_view json, std::string_view what) {
    element doc;
    auto error = parser.parse(json.data(), json.size(), true).get(doc);
    if (error) {
        std::string start = excerpt(json);
        bad(what, std::string("not JSON (") + simdjson::error_message(error) + "): " + start);
    }
    return doc;
}

int64_t to_int(element e, std::string_view what, std::string_view field) {
    switch (e.type()) {
        case element_type::INT64: return e.get_int64().value_unsafe();
        case element_type::UINT64: return static_cast<int64_t>(e.get_uint64().value_unsafe());
        case element_type::DOUBLE: {
            // Converting a double outside int64's range is undefined behaviour: refuse it.
            const double d = e.get_double().value_unsafe();
            if (d >= -0x1p63 && d < 0x1p63) return static_cast<int64_t>(d);
            bad(what, "field '" + std::string(field) + "' is out of range");
        }
        case element_type::STRING:  // the docs list `size` as a string
            try {
                return std::stoll(std::string(e.get_string().value_unsafe()));
            } catch (...) {}
            [[fallthrough]];
        default: bad(what, "field '" + std::string(field) + "' is not a number");
    }
}

std::string required_string(element obj, const char* key, std::string_view what) {
    std::string_view v;
    if (obj[key].get(v)) bad(what, std::string("field '") + key + "' is missing or not a string");
    return std::string(v);
}

std::string optional_string(element obj, const char* key) {
    std::string_view v;
    if (obj[key].get(v)) return {};
    return std::string(v);
}

bool optional_bool(element obj, const char* key) {
    bool v = false;
    if (obj[key].get(v)) return false;
    return v;
}

int64_t optional_int(element obj, const char* key, std::string_view what, int64_t fallback) {
    element e;
    if (obj[key].get(e) || e.is_null()) return fallback;
    return to_int(e, what, key);
}

DataAsset data_asset_from(element obj, std::string_view what) {
    if (!obj.is_object()) bad(what, "expected a JSON object");
    DataAsset a;
    a.id = required_string(obj, "id", what);
    a.name = required_string(obj, "name", what);
    element created;
    if (obj["created"].get(created)) bad(what, "field 'created' is missing");
    a.created = to_int(created, what, "created");
    a.state = optional_string(obj, "state");
    a.type = optional_string(obj, "type");
    a.mount = optional_string(obj, "mount");
    simdjson::dom::array tags;
    if (!obj["tags"].get(tags)) {
        for (element t : tags) {
            std::string_view s;
            if (!t.get(s)) a.tags.emplace_back(s);
        }
    }
    simdjson::dom::object meta;
    if (!obj["custom_metadata"].get(meta)) {
        for (auto field : meta) {
            std::string_view s;
            if (!field.value.get(s)) a.custom_metadata.emplace_back(std::string(field.key), std::string(s));
            else if (!field.value.is_null())
                a.custom_metadata.emplace_back(std::string(field.key), simdjson::minify(field.value));
        }
    }
    element bucket;
    if (!obj["source_bucket"].get(bucket) && bucket.is_object()) {
        SourceBucket b;
        b.origin = optional_string(bucket, "origin");
        b.bucket = optional_string(bucket, "bucket");
        b.prefix = optional_string(bucket, "prefix");
        b.external = optional_bool(bucket, "external");
        a.source_bucket = std::move(b);
    }
    a.raw_json = simdjson::minify(obj);
    return a;
}

Computation computation_from(element obj, std::string_view what) {
    if (!obj.is_object()) bad(what, "expected a JSON object");
    Computation c;
    c.id = required_string(obj, "id", what);
    c.name = optional_string(obj, "name");
    c.created = optional_int(obj, "created", what, 0);
    c.run_time = optional_int(obj, "run_time", what, 0);
    c.state = optional_string(obj, "state");
    c.end_status = optional_string(obj, "end_status");
    c.has_results = optional_bool(obj, "has_results");
    simdjson::dom::array inputs;
    if (!obj["data_assets"].get(inputs)) {
        for (element input : inputs) {
            std::string_view id;
            if (!input["id"].get(id)) c.data_asset_ids.emplace_back(id);
        }
    }
    c.raw_json = simdjson::minify(obj);
    return c;
}

}  // namespace

const std::string* DataAsset::metadata(std::string_view key) const {
    for (const auto& [k, v] : custom_metadata)
        if (k == key) return &v;
    return nullptr;
}

DataAsset parse_data_asset(std::string_view json, std::string_view what) {
    simdjson::dom::parser parser;
    return data_asset_from(parse(parser, json, what), what);
}

Computation parse_computation(std::string_view json, std::string_view what) {
    simdjson::dom::parser parser;
    return computation_from(parse(parser, json, what), what);
}

std::vector<Computation> parse_computation_list(std::string_view json, std::string_view what) {
    simdjson::dom::parser parser;
    simdjson::dom::array list;
    if (parse(parser, json, what).get(list)) bad(what, "expected a JSON array");
    std::vector<Computation> out;
    out.reserve(list.size());
    for (element e : list) out.push_back(computation_from(e, what));
    return out;
}

SearchPage parse_search_page(std::string_view json, std::string_view what) {
    simdjson::dom::parser parser;
    element doc = parse(parser, json, what);
    SearchPage page;
    simdjson::dom::array results;
    if (doc["results"].get(results)) bad(what, "field 'results' is missing or not an array");
    page.results.reserve(results.size());
    for (element e : results) page.results.push_back(data_asset_from(e, what));
    page.has_more = optional_bool(doc, "has_more");
    page.next_token = optional_string(doc, "next_token");
    return page;
}

Folder parse_folder(std::string_view json, std::string_view what) {
    simdjson::dom::parser parser;
    element doc = parse(parser, json, what);
    Folder folder;
    simdjson::dom::array items;
    if (doc["items"].get(items)) bad(what, "field 'items' is missing or not an array");
    for (element e : items) {
        FolderItem item;
        item.name = required_string(e, "name", what);
        item.path = optional_string(e, "path");
        item.type = optional_string(e, "type");
        item.size = optional_int(e, "size", what, -1);
        folder.items.push_back(std::move(item));
    }
    folder.raw_json = simdjson::minify(doc);
    return folder;
}

}  // namespace aind::codeocean
