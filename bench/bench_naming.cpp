// bench/bench_naming.cpp
//
// Names per second of the C++ session-ID scanner on one core, over the names in a file
// (one per line, as written by bench/naming.py) so every parser is timed on the same input.
//   bench_naming NAMES_FILE [SECONDS]
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "aind/naming/asset_name.hpp"
#include "aind/naming/session_id.hpp"

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s NAMES_FILE [SECONDS]\n", argv[0]);
        return 2;
    }
    std::vector<std::string> names;
    std::ifstream in(argv[1]);
    for (std::string line; std::getline(in, line);) names.push_back(line);
    if (names.empty()) return 2;
    const double budget = argc > 2 ? std::stod(argv[2]) : 2.0;
    const int year = aind::naming::current_year();

    using clock = std::chrono::steady_clock;
    auto measure = [&](auto&& parse_one) {
        size_t parsed = 0, valid = 0;
        const auto start = clock::now();
        double elapsed = 0;
        do {
            for (const auto& name : names) valid += parse_one(name);
            parsed += names.size();
            elapsed = std::chrono::duration<double>(clock::now() - start).count();
        } while (elapsed < budget);
        return std::make_pair(parsed / elapsed, static_cast<double>(valid) / parsed);
    };

    const auto [scan_rate, scan_valid] = measure([&](const std::string& name) {
        return aind::naming::scan_session_id(name, year).status == aind::naming::ScanStatus::ok;
    });
    const auto [id_rate, id_valid] = measure([&](const std::string& name) {
        const auto r = aind::naming::scan_session_id(name, year);
        if (r.status != aind::naming::ScanStatus::ok) return false;
        return !aind::naming::SessionId{std::string(r.match.platform), std::string(r.match.subject), r.match.dt}
                    .id()
                    .empty();
    });
    std::printf(
        "{\"names\": %zu, \"scan_per_s\": %.0f, \"scan_and_normalise_per_s\": %.0f, \"valid_fraction\": %.3f}\n",
        names.size(), scan_rate, id_rate, scan_valid);
    (void)id_valid;
    return 0;
}
