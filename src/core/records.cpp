// src/core/records.cpp
#include "aind/core/records.hpp"

#include <simdjson.h>

#include <tuple>

#include "aind/common/error.hpp"
#include "aind/common/json.hpp"
#include "aind/common/json_writer.hpp"
#include "aind/naming/filters.hpp"
#include "aind/net/trace.hpp"
#include "choices.hpp"

namespace aind::core {
namespace {

constexpr std::string_view kCreatedAscending = R"({"created": 1})";

std::string name_filter(std::string_view key, std::string_view value) {
    JsonWriter filter;
    filter.begin_object().key(key).value(value).end_object();
    return filter.take();
}

}  // namespace

std::size_t latest_record(const std::vector<std::string>& records) {
    std::size_t best = 0;
    std::tuple<std::string, std::string, std::string> best_key;
    for (std::size_t i = 0; i < records.size(); ++i) {
        std::vector<std::string> f =
            json_string_fields(records[i], {"created", "last_modified", "_id"}, "DocDB record");
        auto key = std::make_tuple(std::move(f[0]), std::move(f[1]), std::move(f[2]));
        if (i == 0 || key >= best_key) {
            best = i;
            best_key = std::move(key);
        }
    }
    return best;
}

std::optional<std::string> record_for_name(const Services& services, std::string_view name) {
    std::vector<std::string> records = services.docdb().find(name_filter("name", name), {}, kCreatedAscending);
    const std::size_t chosen = records.empty() ? 0 : latest_record(records);
    if (net::choices_wanted()) {
        std::vector<std::string> considered;
        for (const std::string& r : records) {
            const std::vector<std::string> f = json_string_fields(r, {"_id", "created"}, "DocDB record");
            considered.push_back(f[0] + "  (created " + f[1] + ")");
        }
        detail::note_choice("DocDB record", records.empty() ? "" : considered[chosen],
                            records.empty() ? "no record is named " + std::string(name)
                                            : "the latest of the records named " + std::string(name) +
                                                  " (by created, then last_modified, then _id)",
                            considered);
    }
    if (records.empty()) return std::nullopt;
    return std::move(records[chosen]);
}

std::optional<std::string> docdb_record(const Services& services, std::string_view name_or_id) {
    if (!naming::is_uuid(name_or_id)) return record_for_name(services, name_or_id);
    const std::string id = naming::normalize_uuid(name_or_id);
    std::vector<std::string> records =
        services.docdb().find(name_filter("external_links.Code Ocean", id), {}, kCreatedAscending);
    if (!records.empty()) return std::move(records.back());
    try {
        return record_for_name(services, services.codeocean().get_data_asset(id).name);
    } catch (const Error& e) {
        if (e.kind() == ErrorKind::not_found) return std::nullopt;
        throw;
    }
}

std::vector<std::string> subject_records(const Services& services, std::string_view subject_id) {
    return services.docdb().find(name_filter("subject.subject_id", subject_id), {}, kCreatedAscending);
}

std::vector<std::string> extract_codeocean_ids(std::string_view record_json) {
    const simdjson::padded_string text(record_json);
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (const auto error = parser.parse(text).get(doc))
        throw Error(ErrorKind::protocol,
                    std::string("DocDB record: not JSON (") + simdjson::error_message(error) + ")");
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

std::vector<std::string> codeocean_ids_from_docdb(const Services& services, std::string_view partial_name,
                                                  std::string_view subject_id, bool name_is_regex) {
    if (partial_name.empty() && subject_id.empty())
        throw Error(ErrorKind::invalid_input, "Either `partial_name` or `subject_id` must be provided");
    JsonWriter filter;
    filter.begin_object();
    if (!partial_name.empty())
        filter.key("name")
            .begin_object()
            .key("$regex")
            .value(name_is_regex ? std::string(partial_name) : docdb::escape_regex(partial_name))
            .end_object();
    if (!subject_id.empty()) filter.key("subject.subject_id").value(subject_id);
    filter.end_object();
    std::vector<std::string> ids;
    // `_id` is kept (Mongo's default): paging recognises a batch the server already sent by it.
    const std::vector<std::string> records =
        services.docdb().find(filter.str(), R"({"external_links.Code Ocean": 1})", kCreatedAscending);
    for (const std::string& record : records)
        for (std::string& id : extract_codeocean_ids(record)) ids.push_back(std::move(id));
    return ids;
}

std::string record_field(std::string_view record_json, std::string_view key) {
    return json_string_field(record_json, key, "DocDB record");
}

}  // namespace aind::core
