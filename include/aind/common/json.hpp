// include/aind/common/json.hpp
//
// Reading a few string fields out of a JSON document that is otherwise kept as text (DocDB
// records, small service answers). Parsing is simdjson's; this keeps it out of the callers'
// headers.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace aind {

/// The string fields `keys` of the JSON object `json`, in the order asked ("" for a field
/// that is absent or not a string). Throws aind::Error(protocol) naming `what` when the text
/// is not a JSON object.
std::vector<std::string> json_string_fields(std::string_view json, std::initializer_list<std::string_view> keys,
                                            std::string_view what);

/// json_string_fields() for one field.
std::string json_string_field(std::string_view json, std::string_view key, std::string_view what);

}  // namespace aind
