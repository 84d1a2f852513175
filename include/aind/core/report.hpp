// include/aind/core/report.hpp
//
// Everything about a session at once, for `aind-session show`: each part fetched once, the
// independent ones concurrently. A part that could not be asked holds its error; the parts
// that depend on it are left unasked (nullopt), never reported as "none".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aind/codeocean/models.hpp"
#include "aind/common/result.hpp"
#include "aind/core/services.hpp"

namespace aind::core {

struct SessionReport {
    std::string id;
    std::optional<Result<std::optional<std::string>>> docdb_record;
    std::optional<Result<std::vector<codeocean::DataAsset>>> data_assets;  // names starting with the ID, oldest first
    std::optional<Result<std::optional<codeocean::DataAsset>>> raw_data_asset;
    std::optional<Result<std::optional<std::string>>> raw_data_dir;
    std::optional<Result<std::vector<std::string>>> modalities;
    std::string not_found;  // what was tried, when there is no raw data dir

    /// The answer of a part, or nullptr when it was not asked or failed.
    template <class T>
    static const T* answer(const std::optional<Result<T>>& part) {
        return part ? part->get() : nullptr;
    }
    struct Failure {
        std::string_view part;
        const Error* error;
    };
    /// The parts that failed, in the order above.
    std::vector<Failure> failures() const;
};

SessionReport report_session(const Services& services, std::string_view session_id);

}  // namespace aind::core
