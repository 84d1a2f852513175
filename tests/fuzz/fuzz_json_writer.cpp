// tests/fuzz/fuzz_json_writer.cpp
//
// Whatever bytes go in, append_json_string writes a JSON string that simdjson accepts, and
// valid UTF-8 comes back unchanged.
#include <simdjson.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "aind/common/json_writer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::string json;
    aind::append_json_string(json, text);
    simdjson::dom::parser parser;
    simdjson::dom::element element;
    if (parser.parse(json).get(element) != simdjson::SUCCESS) std::abort();
    std::string_view back;
    if (element.get_string().get(back) != simdjson::SUCCESS) std::abort();
    if (simdjson::validate_utf8(text.data(), text.size()) && back != text) std::abort();
    return 0;
}
