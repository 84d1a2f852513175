// src/core/smartspim.cpp
#include "aind/core/smartspim.hpp"

#include <algorithm>
#include <map>

#include "aind/common/error.hpp"
#include "aind/common/log.hpp"
#include "aind/naming/session_id.hpp"

namespace aind::core {
namespace {

std::string_view stem(std::string_view uri) {
    const size_t slash = uri.rfind('/');
    std::string_view name = slash == std::string_view::npos ? uri : uri.substr(slash + 1);
    const size_t dot = name.rfind('.');
    return dot == std::string_view::npos ? name : name.substr(0, dot);
}

}  // namespace

std::vector<std::pair<std::string, std::string>> surface_recordings(const std::vector<std::string>& recording_names) {
    std::map<std::string, std::vector<std::string>> by_day;  // in day order, as the original's dict
    std::vector<std::string> days;
    for (const std::string& name : recording_names) {
        std::string day;
        try {
            day = naming::parse_session_id(name).dt.date();
        } catch (const Error&) {
            continue;  // not a session's name: no day to pair it on
        }
        if (!by_day.contains(day)) days.push_back(day);
        by_day[day].push_back(name);
    }
    std::vector<std::pair<std::string, std::string>> out;
    for (const std::string& day : days) {
        std::vector<std::string> names = by_day[day];
        if (names.size() < 2) continue;
        std::sort(names.begin(), names.end());
        if (names.size() > 2)
            log(LogLevel::warning, "aind_session.core",
                std::to_string(names.size()) + " ecephys recordings on " + day +
                    " when looking for a surface recording: using the first and second only");
        out.emplace_back(names[0], names[1]);
    }
    return out;
}

std::optional<std::pair<std::string, std::string>> probe_day(std::string_view annotation_name) {
    for (size_t i = 0; i < annotation_name.size(); ++i) {
        if (annotation_name[i] < 'A' || annotation_name[i] > 'F') continue;
        size_t j = i + 1;
        while (j < annotation_name.size() &&
               (annotation_name[j] == '-' || annotation_name[j] == '_' || annotation_name[j] == ' '))
            ++j;
        if (j < annotation_name.size() && annotation_name[j] >= '1' && annotation_name[j] <= '9')
            return std::make_pair(std::string(1, annotation_name[i]), std::string(1, annotation_name[j]));
    }
    return std::nullopt;
}

std::vector<std::string> state_files_of_subject(const std::vector<std::string>& uris, std::string_view subject_id) {
    const std::string marker = "_" + std::string(subject_id) + "_";
    std::vector<std::string> out;
    for (const std::string& uri : uris) {
        const size_t slash = uri.rfind('/');
        const std::string_view name = std::string_view(uri).substr(slash == std::string::npos ? 0 : slash + 1);
        // `*_<subject>_*.json`: the marker anywhere before the extension.
        const size_t at = name.find(marker);
        if (name.ends_with(".json") && at != std::string_view::npos && at + marker.size() <= name.size() - 5)
            out.push_back(uri);
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return stem(a) < stem(b); });
    return out;
}

bool is_stitched_asset_name(std::string_view name) { return name.find("_stitched_") != std::string_view::npos; }

bool is_state_asset_name(std::string_view name) { return name.find("neuroglancer-state") != std::string_view::npos; }

}  // namespace aind::core
