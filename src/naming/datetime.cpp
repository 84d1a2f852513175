// src/naming/datetime.cpp
#include "aind/naming/datetime.hpp"

#include <ctime>

namespace aind::naming {
namespace {

// Writes a zero-padded number of `width` digits.
void put(std::string& out, int value, int width) {
    char buf[8];
    for (int i = width - 1; i >= 0; --i) {
        buf[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    out.append(buf, static_cast<size_t>(width));
}

std::string format(const Datetime& dt, char date_sep, char mid, char time_sep, bool with_date, bool with_time) {
    std::string out;
    out.reserve(19);
    if (with_date) {
        put(out, dt.year, 4);
        out += date_sep;
        put(out, dt.month, 2);
        out += date_sep;
        put(out, dt.day, 2);
    }
    if (with_date && with_time) out += mid;
    if (with_time) {
        put(out, dt.hour, 2);
        out += time_sep;
        put(out, dt.minute, 2);
        out += time_sep;
        put(out, dt.second, 2);
    }
    return out;
}

}  // namespace

std::string Datetime::date() const { return format(*this, '-', ' ', ':', true, false); }
std::string Datetime::time() const { return format(*this, '-', ' ', ':', false, true); }
std::string Datetime::iso() const { return format(*this, '-', ' ', ':', true, true); }
std::string Datetime::name_form() const { return format(*this, '-', '_', '-', true, true); }

bool is_leap_year(int year) noexcept { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) noexcept {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

int current_year() noexcept {
    std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    return local.tm_year + 1900;
}

}  // namespace aind::naming
