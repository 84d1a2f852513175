// src/core/choices.cpp
#include "choices.hpp"

#include <ctime>

#include "aind/net/trace.hpp"

namespace aind::core::detail {
namespace {

std::string describe(const codeocean::DataAsset& a) {
    char when[32] = "?";
    const std::time_t t = static_cast<std::time_t>(a.created);
    std::tm tm{};
    if (gmtime_r(&t, &tm)) std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
    return a.id + "  " + a.name + "  (created " + when + " UTC)";
}

}  // namespace

void note_asset_choice(std::string item, const std::vector<codeocean::DataAsset>& candidates,
                       const codeocean::DataAsset* chosen, std::string why) {
    if (!net::choices_wanted()) return;
    std::vector<std::string> considered;
    for (const codeocean::DataAsset& a : candidates) considered.push_back(describe(a));
    note_choice(std::move(item), chosen ? describe(*chosen) : "", std::move(why), std::move(considered));
}

void note_choice(std::string item, std::string chosen, std::string why, std::vector<std::string> considered) {
    net::note_choice({std::move(item), std::move(chosen), std::move(why), std::move(considered)});
}

}  // namespace aind::core::detail
