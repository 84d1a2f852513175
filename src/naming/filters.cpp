// src/naming/filters.cpp
#include "aind/naming/filters.hpp"

#include "aind/common/error.hpp"
#include "aind/common/text.hpp"
#include "aind/naming/session_id.hpp"
#include "chars.hpp"

namespace aind::naming {
namespace {

using detail::is_digit;

constexpr const char* kDateExpected =
    "expected YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD, optionally followed by one separator "
    "(space, \"_\" or \"T\") and HH:MM:SS, HH-MM-SS or HHMMSS";

std::string quote(std::string_view text) { return "\"" + std::string(utf8_head(text, 200)) + "\""; }

[[noreturn]] void fail(std::string_view text, const std::string& why) {
    throw Error(ErrorKind::invalid_input,
                why.empty() ? "cannot read a date from " + quote(text) + ": " + kDateExpected : why);
}

// Only ' ', '\t' and '\n', narrower than aind::trim: other control characters around a date
// or an ID make it unreadable instead of being dropped.
std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) s.remove_suffix(1);
    return s;
}

// Reads `count` digits at `pos`; false if they are not all there.
bool digits(std::string_view s, size_t& pos, int count, int& value) {
    if (s.size() - pos < static_cast<size_t>(count)) return false;
    value = 0;
    for (int i = 0; i < count; ++i) {
        if (!is_digit(s[pos + i])) return false;
        value = value * 10 + (s[pos + i] - '0');
    }
    pos += static_cast<size_t>(count);
    return true;
}

bool skip_one_of(std::string_view s, size_t& pos, std::string_view chars) {
    if (pos < s.size() && chars.find(s[pos]) != std::string_view::npos) {
        ++pos;
        return true;
    }
    return false;
}

// The time after a date: HH[sep]MM[sep]SS, optional fraction, optional zone (ignored:
// AIND names are local wall-clock times).
void read_time(std::string_view text, std::string_view s, size_t pos, FilterDatetime& out) {
    const std::string where = "invalid time in " + quote(text) + ": ";
    int h = 0, m = 0, sec = 0;
    if (!digits(s, pos, 2, h)) fail(text, where + "expected HH:MM:SS after the date");
    skip_one_of(s, pos, "-:._");
    if (!digits(s, pos, 2, m)) fail(text, where + "expected HH:MM:SS, found only the hour");
    skip_one_of(s, pos, "-:._");
    if (!digits(s, pos, 2, sec)) fail(text, where + "expected HH:MM:SS, found no seconds");
    if (h > 23) fail(text, where + "hour " + std::to_string(h) + " is out of range 00-23");
    if (m > 59) fail(text, where + "minute " + std::to_string(m) + " is out of range 00-59");
    if (sec > 59) fail(text, where + "second " + std::to_string(sec) + " is out of range 00-59");
    if (pos < s.size() && s[pos] == '.') {
        const size_t start = ++pos;
        while (pos < s.size() && is_digit(s[pos])) ++pos;
        if (pos == start || pos - start > 9) fail(text, where + "a fraction of a second needs 1 to 9 digits");
        out.past_second = s.substr(start, pos - start).find_first_not_of('0') != std::string_view::npos;
    }
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
        ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
        int zh = 0, zm = 0;
        ++pos;
        const bool ok = digits(s, pos, 2, zh) && (skip_one_of(s, pos, ":"), digits(s, pos, 2, zm));
        if (!ok || zh > 23 || zm > 59) fail(text, where + "expected a zone offset such as +05:00");
    }
    if (pos != s.size()) fail(text, where + "unexpected text after the time");
    out.dt.hour = static_cast<uint8_t>(h);
    out.dt.minute = static_cast<uint8_t>(m);
    out.dt.second = static_cast<uint8_t>(sec);
}

}  // namespace

FilterDatetime parse_filter_datetime(std::string_view text) {
    const std::string_view s = trim(text);
    // Any asset name or path: the session's own datetime.
    constexpr int kAnyYear = 2099;
    const ScanResult scanned = scan_session_id(s, kAnyYear);
    if (scanned.status == ScanStatus::ok) return {scanned.match.dt, true};
    if (scanned.status != ScanStatus::no_match)
        throw Error(ErrorKind::invalid_input, explain_no_session_id(s, scanned, kAnyYear));

    size_t pos = 0;
    int year = 0, month = 0, day = 0;
    if (!digits(s, pos, 4, year)) fail(text, "");
    skip_one_of(s, pos, "-/_");
    if (!digits(s, pos, 2, month)) fail(text, "");
    skip_one_of(s, pos, "-/_");
    if (!digits(s, pos, 2, day)) fail(text, "");
    if (year < 2000 || year > 2099)
        fail(text, "year " + std::to_string(year) + " in " + quote(text) + " is outside 2000..2099");
    if (month < 1 || month > 12)
        fail(text, "invalid date in " + quote(text) + ": month " + std::to_string(month) + " is out of range 01-12");
    if (day < 1 || day > days_in_month(year, month))
        fail(text, "invalid date in " + quote(text) + ": day " + std::to_string(day) + " is out of range for " +
                       std::to_string(year) + "-" + (month < 10 ? "0" : "") + std::to_string(month) + " (" +
                       std::to_string(days_in_month(year, month)) + " days)");

    FilterDatetime out;
    out.dt.year = static_cast<int16_t>(year);
    out.dt.month = static_cast<uint8_t>(month);
    out.dt.day = static_cast<uint8_t>(day);
    if (pos == s.size()) return out;
    if (!is_digit(s[pos]) && !skip_one_of(s, pos, " _T-")) fail(text, "");
    read_time(text, s, pos, out);
    out.has_time = true;
    return out;
}

std::optional<std::string> find_subject_id(std::string_view text) {
    const ScanResult scanned = scan_session_id(text, 9999);
    if (scanned.status != ScanStatus::no_match) return std::string(scanned.match.subject);
    size_t i = 0;
    while (i < text.size()) {
        if (!is_digit(text[i])) {
            ++i;
            continue;
        }
        const size_t start = i;
        while (i < text.size() && is_digit(text[i])) ++i;
        const size_t len = i - start;
        if (len < 6 || len > 7) continue;
        // The HHMMSS of a compact YYYYMMDD_HHMMSS is a time, not a subject.
        const bool after_compact_date = start >= 9 &&
                                        std::string_view(" _T").find(text[start - 1]) != std::string_view::npos &&
                                        is_digit(text[start - 2]) && text.substr(start - 9, 2) == "20" &&
                                        (start == 9 || !is_digit(text[start - 10]));
        if (len == 6 && after_compact_date) continue;
        return std::string(text.substr(start, len));
    }
    return std::nullopt;
}

std::string parse_subject_id(std::string_view text) {
    if (auto subject = find_subject_id(text)) return *subject;
    throw Error(ErrorKind::invalid_input,
                "no subject ID in " + quote(text) + ": expected a LabTracks mouse ID of 6 or 7 digits, e.g. 676909");
}

namespace {

// The 32 hex digits of a UUID, lower-cased, or "" when `text` is not one.
std::string uuid_hex(std::string_view text) {
    std::string_view s = trim(text);
    constexpr std::string_view kUrn = "urn:uuid:";
    if (s.size() > kUrn.size()) {
        bool urn = true;
        for (size_t i = 0; i < kUrn.size(); ++i) urn = urn && (s[i] | 0x20) == kUrn[i];
        if (urn) s.remove_prefix(kUrn.size());
    }
    if (s.size() >= 2 && s.front() == '{' && s.back() == '}') s = s.substr(1, s.size() - 2);
    const bool hyphenated = s.size() == 36;
    if (!hyphenated && s.size() != 32) return "";
    std::string hex;
    hex.reserve(32);
    for (size_t i = 0; i < s.size(); ++i) {
        if (hyphenated && (i == 8 || i == 13 || i == 18 || i == 23)) {
            if (s[i] != '-') return "";
            continue;
        }
        const int v = hex_value(s[i]);
        if (v < 0) return "";
        hex += "0123456789abcdef"[v];
    }
    return hex;
}

}  // namespace

bool is_uuid(std::string_view text) noexcept {
    try {
        return !uuid_hex(text).empty();
    } catch (...) {
        return false;
    }
}

std::string normalize_uuid(std::string_view text) {
    const std::string hex = uuid_hex(text);
    if (hex.empty())
        throw Error(ErrorKind::invalid_input, "cannot read a Code Ocean ID from " + quote(text) +
                                                  ": expected a UUID of 32 hex digits, with or without hyphens "
                                                  "(e.g. 867ed56f-f9cc-4649-8b9f-97efc4dbd4cd)");
    return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
           hex.substr(20);
}

}  // namespace aind::naming
