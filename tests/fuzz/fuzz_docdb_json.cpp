// tests/fuzz/fuzz_docdb_json.cpp
//
// DocDB answers on arbitrary bytes, read as a page (split_json_array: a find or aggregate
// reply) and as records (the latest of a name, its Code Ocean links, its fields, its IBL
// alignment annotations and their CCF records). Each reader accepts or throws
// aind::Error(protocol) (not_found for "no annotation"); a page of valid JSON splits into
// exactly its elements, each the element's own text.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aind/core/ibl.hpp"
#include "aind/core/records.hpp"
#include "aind/docdb/client.hpp"
#include "fuzz_support.hpp"

namespace {

using aind::ErrorKind;
using aind::fuzz::check;
using aind::fuzz::only_errors_of_kind;

// The session the IBL seeds are about: their evaluations are named after it.
constexpr std::string_view kSession = "ecephys_717381_2024-04-03_10-07-24";

// The page's elements, minified, when simdjson itself reads it as an array.
std::optional<std::vector<std::string>> dom_elements(std::string_view json) {
    simdjson::dom::parser parser;
    simdjson::dom::array array;
    if (parser.parse(json.data(), json.size(), true).get(array) != simdjson::SUCCESS) return std::nullopt;
    std::vector<std::string> out;
    for (simdjson::dom::element e : array) out.push_back(simdjson::minify(e));
    return out;
}

// channel_number is Python's int() of the channel key, of any size: JSON allows that and
// Python reads it, but simdjson stops past 64 bits. The record is checked with it shortened.
std::string with_short_channel_numbers(std::string record) {
    constexpr std::string_view kKey = "\"channel_number\": ";
    for (std::size_t at = record.find(kKey); at != std::string::npos; at = record.find(kKey, at + 1)) {
        const std::size_t begin = at + kKey.size();
        const std::size_t end = std::min(record.find_first_not_of("-0123456789", begin), record.size());
        if (end - begin > 18) record.replace(begin, end - begin, "0");
    }
    return record;
}

void check_ibl(const std::vector<std::string>& records) {
    aind::core::IblAnnotations annotations;
    try {
        annotations = aind::core::latest_ibl_annotations_in(records, kSession);
    } catch (const aind::Error& e) {
        check(e.kind() == ErrorKind::protocol || e.kind() == ErrorKind::not_found);
        aind::fuzz::check_message(e);
        return;
    }
    for (const auto& [probe, payload] : annotations) check(aind::fuzz::minified(payload).has_value());
    std::vector<std::string> ccf;
    if (only_errors_of_kind(ErrorKind::protocol, [&] { ccf = aind::core::ibl_ccf_records(annotations); }))
        for (const std::string& record : ccf)
            check(aind::fuzz::minified(with_short_channel_numbers(record)).has_value());
}

void check_records(const std::vector<std::string>& records) {
    for (const std::string& record : records) {
        std::vector<std::string> ids;
        if (only_errors_of_kind(ErrorKind::protocol, [&] { ids = aind::core::extract_codeocean_ids(record); }))
            for (const std::string& id : ids) check(!id.empty());
        only_errors_of_kind(ErrorKind::protocol, [&] { aind::core::record_field(record, "name"); });
    }
    std::size_t latest = 0;
    if (!records.empty() &&
        only_errors_of_kind(ErrorKind::protocol, [&] { latest = aind::core::latest_record(records); }))
        check(latest < records.size());
    check_ibl(records);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view json = aind::fuzz::input(data, size);
    const std::optional<std::vector<std::string>> expected = dom_elements(json);
    std::vector<std::string> elements;
    if (only_errors_of_kind(ErrorKind::protocol, [&] { elements = aind::docdb::split_json_array(json); })) {
        if (expected) {  // a valid page splits into exactly its elements, each its own text
            check(elements.size() == expected->size());
            for (std::size_t i = 0; i < elements.size(); ++i)
                check(aind::fuzz::minified(elements[i]) == (*expected)[i]);
        }
        check_records(elements);
    } else {
        check(!expected);
        check_records({std::string(json)});  // a single record, as find's callers hold them
    }
    aind::core::docdb_timestamp_micros(json);
    return 0;
}
