// src/core/lims.cpp
//
// LIMS session IDs from the names of raw files, and back to the session whose raw data hold
// a name with the ID. Every folder of a raw data directory is listed at once.
#include "aind/core/lims.hpp"

#include <charconv>

#include "aind/common/error.hpp"
#include "aind/common/log.hpp"
#include "aind/common/result.hpp"
#include "aind/core/batch.hpp"
#include "aind/core/locations.hpp"
#include "aind/core/session.hpp"
#include "aind/core/subject.hpp"
#include "aind/naming/filters.hpp"
#include "aind/naming/session_id.hpp"

namespace aind::core {
namespace {

constexpr std::string_view kLogger = "aind_session.core";

// The raw data dir of a session holds a top-level folder with a name containing `lims_id`.
// nullopt: the session has no raw data directory.
std::optional<bool> holds_lims_id(const Services& services, const std::string& session_id, std::string_view lims_id) {
    std::string dir;
    try {
        dir = raw_data_dir(services, session_id);
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::not_found) throw;
        return std::nullopt;  // its assets name it, but nothing was uploaded: nothing to look in
    }
    // A folder that could not be listed may hold it: then its failure is thrown, not "no".
    const std::optional<std::string> found =
        first_entry_where(folder_listings(services, dir),
                          [&](const std::string& name) { return name.find(lims_id) != std::string::npos; });
    if (found) {
        log(LogLevel::info, kLogger, "Found path name containing lims session ID: " + *found);
        return true;
    }
    log(LogLevel::debug, kLogger, "No path names contain " + std::string(lims_id) + " in " + dir);
    return false;
}

}  // namespace

std::optional<int64_t> extract_lims_id(std::string_view value) {
    std::size_t start = 0;
    while (start <= value.size()) {
        std::size_t end = value.find_first_of("._", start);
        if (end == std::string_view::npos) end = value.size();
        const std::string_view part = value.substr(start, end - start);
        start = end + 1;
        if (part.size() < 9 || part.find_first_not_of("0123456789") != std::string_view::npos) continue;
        try {
            naming::parse_filter_datetime(part);
            continue;  // a date or datetime written without separators, not an ID
        } catch (const Error&) {}
        int64_t id = 0;
        const auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), id);
        if (ec == std::errc() && ptr == part.data() + part.size()) return id;
    }
    return std::nullopt;
}

int64_t lims_id_of_session(const Services& services, std::string_view session_id) {
    const std::string id = naming::parse_session_id(session_id).id();
    const std::string dir = raw_data_dir(services, id);
    for (const FolderListing& folder : folder_listings(services, dir)) {
        // A folder that could not be listed may hold the first ID: the answer is unknowable.
        for (const std::string& name : folder.names.value())
            if (auto lims_id = extract_lims_id(name)) {
                log(LogLevel::info, kLogger, "Found lims ID in path: " + folder.uri + "/" + name);
                return *lims_id;
            }
    }
    throw Error(ErrorKind::not_found, "No path names contain a lims ID for paths in raw data folder for '" + id +
                                          "' (looked in the folders of " + dir + ")");
}

std::string session_of_lims_id(const Services& services, std::string_view subject_id, std::string_view lims_id) {
    const std::string subject = naming::parse_subject_id(subject_id);
    std::vector<std::string> names;
    for (const auto& asset : subject_data_assets(services, subject)) names.push_back(asset.name);
    const std::vector<std::string> sessions = sessions_of_subject(names, subject, SessionFilter());
    if (sessions.empty())
        throw Error(ErrorKind::not_found,
                    "No sessions found for subject " + subject + " in CodeOcean - has raw data been uploaded?");
    const auto found = map_concurrently(sessions, [&](const std::string& session) {
        return capture([&] { return holds_lims_id(services, session, lims_id); });
    });
    for (std::size_t i = 0; i < sessions.size(); ++i) {
        // Oldest first: a session that could not be checked might be the answer.
        if (!found[i].ok())
            throw Error(found[i].error().kind(), "could not check the raw data of " + sessions[i] + " for LIMS ID " +
                                                     std::string(lims_id) + ": " + found[i].error().what());
        if (found[i].value().value_or(false)) return sessions[i];
    }
    throw Error(ErrorKind::not_found, "No raw data paths containing " + std::string(lims_id) +
                                          " found in raw data dirs in S3 for " + subject +
                                          " - has raw data been uploaded?");
}

}  // namespace aind::core
