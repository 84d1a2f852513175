// src/cache/stored_response.hpp  (private to src/cache)
//
// A response as the store keeps it: its status, the few headers clients read, and its body,
// in one value. Only these headers: a server's Set-Cookie or request IDs have no business
// on disk.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "aind/net/http.hpp"

namespace aind::cache::detail {

/// "<status>\n<name>: <value>\n...\n\n<body>"
std::string encode(const net::Response& response);
/// nullopt for a value encode() did not write (a store from another build, a torn value).
std::optional<net::Response> decode(std::string_view value);

}  // namespace aind::cache::detail
