// src/common/json.cpp
#include "aind/common/json.hpp"

#include <simdjson.h>

#include "aind/common/error.hpp"
#include "aind/common/text.hpp"

namespace aind {

std::vector<std::string> json_string_fields(std::string_view json, std::initializer_list<std::string_view> keys,
                                            std::string_view what) {
    simdjson::dom::parser parser;
    simdjson::dom::object object;
    if (const auto error = parser.parse(json.data(), json.size(), true).get(object)) {
        throw Error(ErrorKind::protocol, std::string(what) + " is not a JSON object (" +
                                             simdjson::error_message(error) +
                                             "): " + std::string(utf8_head(json, 120)));
    }
    std::vector<std::string> out;
    out.reserve(keys.size());
    for (std::string_view key : keys) {
        std::string_view value;
        out.emplace_back(object[key].get(value) == simdjson::SUCCESS ? value : std::string_view());
    }
    return out;
}

std::string json_string_field(std::string_view json, std::string_view key, std::string_view what) {
    return std::move(json_string_fields(json, {key}, what).front());
}

}  // namespace aind
