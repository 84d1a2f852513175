// cli/session_list.hpp
//
// How `sessions` and `search` print a list of sessions: a table (session, platform, subject,
// date and time) or, with --json, one JSON object. Kept apart and small so that both can move
// to the shared table output when it lands.
#pragma once

#include <string>
#include <vector>

#include "aind/core/catalog.hpp"

namespace aind::cli {

/// Prints `sessions` (session IDs) to stdout, and every failure (a source that could not be
/// asked) to stderr, or into the JSON object ("failures") with `json`.
void print_session_list(const std::vector<std::string>& sessions, bool json,
                        const std::vector<core::SearchFailure>& failures = {},
                        const std::vector<std::string>& sources = {});

}  // namespace aind::cli
