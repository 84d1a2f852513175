// include/aind/common/json_writer.hpp
//
// A small JSON writer for request bodies, cache records and CLI output. Parsing is
// simdjson's job; writing needs only correct escaping and commas in the right places.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace aind {

/// Appends `text` to `out` as a JSON string literal (quotes included), escaping what
/// RFC 8259 requires; invalid UTF-8 bytes are replaced by U+FFFD so output stays valid.
void append_json_string(std::string& out, std::string_view text);

class JsonWriter {
public:
    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view name);
    JsonWriter& value(std::string_view text);
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(int64_t number);
    JsonWriter& value(int number) { return value(static_cast<int64_t>(number)); }
    JsonWriter& value(double number);
    JsonWriter& value(bool flag);
    JsonWriter& null();
    /// Inserts already-serialised JSON (e.g. a sub-document kept as raw text).
    JsonWriter& raw(std::string_view json);

    const std::string& str() const { return out_; }
    std::string take() { return std::move(out_); }

private:
    void before_value();
    std::string out_;
    std::vector<bool> first_;  // per open container: no element written yet
    bool after_key_ = false;
};

}  // namespace aind
