// src/core/ecephys_steps.hpp  (private to src/core)
//
// The reads behind ecephys.hpp's answers, each working from a sorted asset's folder once it
// is known: a report that asks four questions of one asset finds its folder once.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aind/codeocean/models.hpp"
#include "aind/common/result.hpp"
#include "aind/core/services.hpp"

namespace aind::core::detail {

/// The text of an object, or nullopt when it does not exist (404); other failures throw.
std::optional<std::string> read_if_exists(const Services& services, const std::string& uri);

/// The texts of many objects at once, in the order given (nullopt: not there).
std::vector<Result<std::optional<std::string>>> read_all_if_exist(const Services& services,
                                                                  const std::vector<std::string>& uris);

std::string sorter_name_in(const Services& services, const std::string& asset_id, const std::string& dir);
std::vector<std::string> probes_in(const Services& services, const std::string& dir);
bool analyzer_in(const Services& services, const std::string& dir);

}  // namespace aind::core::detail
