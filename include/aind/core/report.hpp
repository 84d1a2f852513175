// include/aind/core/report.hpp
//
// Everything about a session at once, for `aind-session show`: each part fetched once, the
// independent ones concurrently. A part that could not be asked holds its error; the parts
// that depend on it are left unasked (nullopt), never reported as "none": they are unknown,
// and unknown_reason() says why.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aind/codeocean/models.hpp"
#include "aind/common/result.hpp"
#include "aind/core/services.hpp"

namespace aind::core {

/// The questions a report answers (the parts below, and whether the session is uploaded).
enum class ReportPart { docdb_record, data_assets, raw_data_asset, raw_data_dir, modalities, uploaded };

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
        std::string_view service;  // the service the part asks: "DocDB", "Code Ocean", "S3"
    };
    /// The parts that failed, in the order above.
    std::vector<Failure> failures() const;

    /// Whether the session is uploaded (a raw data asset or a raw data directory, as
    /// is_uploaded() says); nullopt when the report cannot tell.
    std::optional<bool> uploaded() const;
    /// Why a question has no answer, in a few words ("Code Ocean: no API token", "DocDB: could
    /// not connect"): its own failure, or the failure that kept it from being asked. nullopt
    /// when it was answered (modalities are answered, as none, when there is no raw data dir).
    std::optional<std::string> unknown_reason(ReportPart part) const;
};

/// "<service>: <what went wrong>" in a few words, from the error's kind and HTTP status.
std::string short_failure_reason(std::string_view service, const Error& error);

/// `with_modalities` false: the raw data directory is not listed for its modalities unless that
/// costs nothing (the DocDB location, listed anyway to check that it exists).
SessionReport report_session(const Services& services, std::string_view session_id, bool with_modalities = true);

}  // namespace aind::core
