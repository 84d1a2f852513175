// include/aind/naming/session_id.hpp
//
// AIND session IDs: `<platform>_<subject>_<YYYY-MM-DD>_<HH-MM-SS>` (schema v1) or the
// platformless `<subject>_<YYYY-MM-DD>_<HH-MM-SS>` (schema v2), found anywhere in a string
// (bare IDs, paths, URLs, derived asset names) and normalised. The grammar is the
// one docs/naming.md §1-§2 describes: the original's (npc-session) plus
// platformless IDs, a token-shaped platform, the subject kept as written, and no digit
// allowed right after the seconds.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "aind/naming/datetime.hpp"

namespace aind::naming {

enum class ScanStatus : unsigned char {
    ok,
    no_match,           // no lexical match anywhere in the text
    invalid_date,       // the leftmost match names a day that does not exist (2023-02-30)
    year_out_of_range,  // the leftmost match is dated before 2016 or after the current year
};

/// The leftmost session ID in a text, as views into that text.
struct SessionIdView {
    std::string_view platform;  // empty for a platformless (v2) ID; kept byte for byte
    std::string_view subject;   // 6 or 7 digits, leading zeros kept
    Datetime dt;
    size_t begin = 0;  // where the ID starts in the text
    size_t end = 0;    // one past the seconds (and past consumed sub-seconds)
};

struct ScanResult {
    ScanStatus status = ScanStatus::no_match;
    SessionIdView match;  // filled when a lexical match was found (status != no_match)
};

/// Finds and validates the leftmost session ID in `text`. One pass, no allocation, no
/// exceptions: this is the bulk path. Only the leftmost match is validated, as the
/// original does; an invalid calendar date there is an error, not a reason to look further.
ScanResult scan_session_id(std::string_view text, int current_year) noexcept;

/// An owned, validated session ID.
struct SessionId {
    std::string platform;  // empty for v2
    std::string subject;
    Datetime dt;

    /// The normalised ID: separators `-` inside the date and time, `_` between tokens.
    std::string id() const;
    bool operator==(const SessionId& other) const = default;
};

/// Parses the leftmost session ID in `text` or throws aind::Error(invalid_input) with a
/// message that quotes the text, says what was expected and, where it can, what is wrong.
SessionId parse_session_id(std::string_view text, int current_year);
SessionId parse_session_id(std::string_view text);  // year bound from the clock

/// The text after the ID up to the next path separator: "" for a raw name,
/// "_sorted_2024-03-01_16-02-45" for a derived one.
std::string_view session_suffix(std::string_view text, const SessionIdView& match) noexcept;

/// The explanation used by parse_session_id for a text without a usable ID.
std::string explain_no_session_id(std::string_view text, ScanResult result, int current_year);

}  // namespace aind::naming
