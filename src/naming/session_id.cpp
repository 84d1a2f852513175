// src/naming/session_id.cpp
#include "aind/naming/session_id.hpp"

#include <cstring>
#include <regex>
#include <vector>

#include "aind/common/error.hpp"
#include "aind/common/text.hpp"
#include "chars.hpp"

namespace aind::naming {
namespace {

using detail::is_alpha;
using detail::is_digit;
using detail::is_token;
using detail::two_digits;

constexpr bool is_date_sep(char c) noexcept { return c == '-' || c == '/' || c == '_'; }
constexpr bool is_time_sep(char c) noexcept { return c == '-' || c == ':' || c == '.' || c == '_'; }

// The 19-byte window `YYYY?MM?DD_hh?mm?ss` after a subject, each field range-checked
// lexically (month 13 or hour 24 is "no match here", not an error).
bool read_window(const char* w, Datetime& dt) noexcept {
    if (w[0] != '2' || w[1] != '0' || (w[2] != '1' && w[2] != '2') || !is_digit(w[3])) return false;
    if (!is_date_sep(w[4]) || !is_date_sep(w[7]) || w[10] != '_') return false;
    if (!is_time_sep(w[13]) || !is_time_sep(w[16])) return false;
    for (int i : {5, 6, 8, 9, 11, 12, 14, 15, 17, 18})
        if (!is_digit(w[i])) return false;
    const int month = two_digits(w + 5), day = two_digits(w + 8);
    const int hour = two_digits(w + 11), minute = two_digits(w + 14), second = two_digits(w + 17);
    if (month < 1 || month > 12 || day < 1 || day > 31) return false;
    if (hour > 23 || minute > 59 || second > 59) return false;
    dt.year = static_cast<int16_t>(2000 + two_digits(w + 2));
    dt.month = static_cast<uint8_t>(month);
    dt.day = static_cast<uint8_t>(day);
    dt.hour = static_cast<uint8_t>(hour);
    dt.minute = static_cast<uint8_t>(minute);
    dt.second = static_cast<uint8_t>(second);
    return true;
}

// Where the match ends after the seconds at `pos`, or npos when a digit follows them.
// ".ffffff" (1 to 6 digits, then no digit) is sub-seconds and is consumed.
size_t end_after_seconds(std::string_view s, size_t pos) noexcept {
    if (pos >= s.size() || (!is_digit(s[pos]) && s[pos] != '.')) return pos;
    if (is_digit(s[pos])) return std::string_view::npos;
    size_t j = pos + 1;
    while (j < s.size() && is_digit(s[j]) && j - pos <= 7) ++j;
    const size_t digits = j - pos - 1;
    if (digits >= 1 && digits <= 6 && (j == s.size() || !is_digit(s[j]))) return j;
    return pos;  // a bare "." or too many digits: not sub-seconds, and not part of the ID
}

}  // namespace

ScanResult scan_session_id(std::string_view s, int current_year) noexcept {
    // Every ID has "<subject>_<date>": jump from "_" to "_" (memchr is vectorised) and look
    // back for the subject, instead of testing every byte.
    const size_t n = s.size();
    const char* const data = s.data();
    for (size_t i = 0; i < n;) {
        const void* hit = std::memchr(data + i, '_', n - i);
        if (hit == nullptr) break;
        const size_t sep = static_cast<size_t>(static_cast<const char*>(hit) - data);
        i = sep + 1;
        // The subject anchor: a maximal run of 6-7 digits right before "_", not glued to a
        // token character, followed by the 19-byte date-time window.
        size_t start = sep;
        while (start > 0 && sep - start < 8 && is_digit(data[start - 1])) --start;
        const size_t len = sep - start;
        if (len < 6 || len > 7 || (start > 0 && is_token(data[start - 1]))) continue;
        if (n - (sep + 1) < 19) break;  // no room for a date and a time after any later "_"
        Datetime dt;
        if (!read_window(data + sep + 1, dt)) continue;
        const size_t end = end_after_seconds(s, sep + 20);
        if (end == std::string_view::npos) continue;

        ScanResult result;
        result.match.subject = s.substr(start, len);
        result.match.dt = dt;
        result.match.begin = start;
        result.match.end = end;
        // A platform is the maximal token run right before "_<subject>" if it starts with a letter.
        if (start >= 2 && data[start - 1] == '_') {
            size_t k = start - 1;
            while (k > 0 && is_token(data[k - 1])) --k;
            if (k < start - 1 && is_alpha(data[k])) {
                result.match.platform = s.substr(k, start - 1 - k);
                result.match.begin = k;
            }
        }
        if (dt.day > days_in_month(dt.year, dt.month)) result.status = ScanStatus::invalid_date;
        else if (dt.year < kFirstSessionYear || dt.year > current_year) result.status = ScanStatus::year_out_of_range;
        else result.status = ScanStatus::ok;
        return result;
    }
    return {};
}

std::string SessionId::id() const {
    std::string out;
    out.reserve(platform.size() + subject.size() + 21);
    if (!platform.empty()) {
        out += platform;
        out += '_';
    }
    out += subject;
    out += '_';
    out += dt.name_form();
    return out;
}

std::string_view session_suffix(std::string_view text, const SessionIdView& match) noexcept {
    size_t stop = match.end;
    while (stop < text.size() && !detail::is_path_sep(text[stop])) ++stop;
    return text.substr(match.end, stop - match.end);
}

SessionId parse_session_id(std::string_view text, int current_year) {
    const ScanResult r = scan_session_id(text, current_year);
    if (r.status != ScanStatus::ok) throw Error(ErrorKind::invalid_input, explain_no_session_id(text, r, current_year));
    return SessionId{std::string(r.match.platform), std::string(r.match.subject), r.match.dt};
}

SessionId parse_session_id(std::string_view text) { return parse_session_id(text, current_year()); }

// ---- error messages (cold path) ---------------------------------------------------------

namespace {

constexpr const char* kExpected =
    "expected <platform>_<subject>_<YYYY-MM-DD>_<HH-MM-SS> or <subject>_<YYYY-MM-DD>_<HH-MM-SS>, "
    "e.g. ecephys_676909_2023-12-13_13-43-40";

std::string quote(std::string_view text) {
    constexpr size_t kMax = 200;
    std::string out = "\"";
    out += text.size() > kMax ? std::string(utf8_head(text, kMax)) + "..." : std::string(text);
    out += '"';
    return out;
}

// What is most likely wrong with a near-miss, in the order of docs/naming.md §6.
std::string near_miss_hint(const std::string& s) {
    std::smatch m;
    static const std::regex subject_len(R"((?:^|[^0-9A-Za-z-])(\d+)_(\d{4})[-/_]\d{2}[-/_]\d{2})");
    for (auto it = std::sregex_iterator(s.begin(), s.end(), subject_len); it != std::sregex_iterator(); ++it) {
        const size_t digits = (*it)[1].length();
        if (digits < 6 || digits > 7)
            return "subject \"" + (*it)[1].str() + "\" has " + std::to_string(digits) + " digits, expected 6 or 7";
    }
    static const std::regex non_numeric(R"(_([A-Za-z0-9.-]*[A-Za-z.-][A-Za-z0-9.-]*)_\d{4}[-/_]\d{2}[-/_]\d{2}_\d{2})");
    if (std::regex_search(s, m, non_numeric))
        return "subject \"" + m[1].str() + "\" is not a LabTracks ID of 6 or 7 digits";
    static const std::regex loose(
        R"((\d{6,7})_(\d{4})[-/_](\d{2})[-/_](\d{2})(?:_(\d{2})[-:._](\d{2})[-:._](\d{2}))?)");
    if (std::regex_search(s, m, loose)) {
        const int year = std::stoi(m[2]), month = std::stoi(m[3]), day = std::stoi(m[4]);
        if (month < 1 || month > 12) return "month " + m[3].str() + " is out of range 01-12";
        if (day < 1 || day > 31) return "day " + m[4].str() + " is out of range 01-31";
        if (m[5].matched) {
            if (std::stoi(m[5]) > 23) return "hour " + m[5].str() + " is out of range 00-23";
            if (std::stoi(m[6]) > 59) return "minute " + m[6].str() + " is out of range 00-59";
            if (std::stoi(m[7]) > 59) return "second " + m[7].str() + " is out of range 00-59";
            if (year < 2010 || year > 2029) return "year " + m[2].str() + " is outside 2010-2029";
            return "a digit follows the seconds";
        }
        static const std::regex t_sep(R"(\d{6,7}_\d{4}[-/_]\d{2}[-/_]\d{2}[T ]\d)");
        if (std::regex_search(s, t_sep)) return "the date and time must be separated by \"_\", not \"T\" or a space";
        return "there is a date but no time (_HH-MM-SS)";
    }
    static const std::regex compact(R"(\d{6,7}_(?:20\d{6})(?:[_T]?\d{6})?(?:[^0-9]|$))");
    if (std::regex_search(s, compact)) return "the date is compact (YYYYMMDD): write it as YYYY-MM-DD_HH-MM-SS";
    return "";
}

bool digits_at(std::string_view s, size_t pos, size_t count) {
    if (pos + count > s.size()) return false;
    for (size_t i = pos; i < pos + count; ++i)
        if (!is_digit(s[i])) return false;
    return true;
}

bool date_separator(char c) { return c == '-' || c == '/' || c == '_'; }

// Where a near-miss could be: "_" then a date (dddd?dd?dd) or a compact one (20dddddd).
std::vector<size_t> date_candidates(std::string_view s) {
    std::vector<size_t> out;
    for (size_t p = s.find('_'); p != std::string_view::npos && out.size() < 8; p = s.find('_', p + 1)) {
        const bool dashed = digits_at(s, p + 1, 4) && p + 11 <= s.size() && date_separator(s[p + 5]) &&
                            digits_at(s, p + 6, 2) && date_separator(s[p + 8]) && digits_at(s, p + 9, 2);
        const bool compact = s.substr(p + 1, 2) == "20" && digits_at(s, p + 1, 8);
        if (dashed || compact) out.push_back(p);
    }
    return out;
}

// The hint for the first near-miss around a date. The patterns run on a short window around
// each candidate only: std::regex recurses once per character, so a long run of digits or
// letters would exhaust a small thread stack, and most texts (no date at all) need no regex.
std::string near_miss_hint_around_dates(std::string_view text) {
    constexpr size_t kBefore = 48, kAfter = 40;
    for (size_t p : date_candidates(text)) {
        const size_t from = p > kBefore ? p - kBefore : 0;
        const std::string hint = near_miss_hint(std::string(text.substr(from, p - from + kAfter)));
        if (!hint.empty()) return hint;
    }
    return "";
}

}  // namespace

std::string explain_no_session_id(std::string_view text, ScanResult r, int current_year) {
    const std::string quoted = quote(text);
    switch (r.status) {
        case ScanStatus::invalid_date: {
            const Datetime& dt = r.match.dt;
            return "invalid date " + dt.date() + " in " + quoted + ": day " + std::to_string(dt.day) +
                   " is out of range for " + dt.date().substr(0, 7) + " (" +
                   std::to_string(days_in_month(dt.year, dt.month)) + " days)";
        }
        case ScanStatus::year_out_of_range:
            return "year " + std::to_string(r.match.dt.year) + " in " + quoted + " is outside " +
                   std::to_string(kFirstSessionYear) + ".." + std::to_string(current_year);
        case ScanStatus::ok: return "";
        case ScanStatus::no_match: break;
    }
    std::string message = "no AIND session ID in " + quoted + ": " + kExpected;
    const std::string hint = near_miss_hint_around_dates(text);
    if (!hint.empty()) message += "; " + hint;
    return message;
}

}  // namespace aind::naming
