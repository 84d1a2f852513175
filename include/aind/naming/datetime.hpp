// include/aind/naming/datetime.hpp
//
// A naive wall-clock date and time, as written in AIND names (no time zone: names carry
// the local time of the rig). Plain fields, ordered, formatted without allocation.
#pragma once

#include <compare>
#include <cstdint>
#include <string>

namespace aind::naming {

struct Datetime {
    int16_t year = 0;
    uint8_t month = 0, day = 0, hour = 0, minute = 0, second = 0;

    auto operator<=>(const Datetime&) const = default;

    std::string date() const;       // "YYYY-MM-DD"
    std::string time() const;       // "HH:MM:SS" (colons, as Session.time)
    std::string iso() const;        // "YYYY-MM-DD HH:MM:SS" (as Session.datetime)
    std::string name_form() const;  // "YYYY-MM-DD_HH-MM-SS" (as in names)
};

bool is_leap_year(int year) noexcept;
int days_in_month(int year, int month) noexcept;  // 0 for a month outside 1..12

/// The current calendar year by the local clock: the default upper bound of the year check.
int current_year() noexcept;

/// Years before this are rejected in session IDs (AIND started naming sessions this way later).
inline constexpr int kFirstSessionYear = 2016;

}  // namespace aind::naming
