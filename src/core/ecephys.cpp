// src/core/ecephys.cpp
//
// A session's sorted assets and what their folders hold (probes, SortingAnalyzer output, the
// run's output), the raw recording folders, and starting the sorting pipeline. Where the
// sorter's name is written: sorter.cpp; everything about a session at once: ecephys_report.cpp.
#include "aind/core/ecephys.hpp"

#include <algorithm>
#include <future>
#include <map>
#include <set>

#include "aind/common/error.hpp"
#include "aind/common/json_writer.hpp"
#include "aind/common/log.hpp"
#include "aind/core/assets.hpp"
#include "aind/core/batch.hpp"
#include "aind/core/locations.hpp"
#include "aind/core/outputs.hpp"
#include "aind/naming/filters.hpp"
#include "aind/naming/session_id.hpp"
#include "aind/net/cache.hpp"
#include "choices.hpp"
#include "ecephys_steps.hpp"

namespace aind::core {
namespace {

constexpr std::string_view kLogger = "aind_session.core";

bool in_progress(const codeocean::Computation& c) {
    return c.state == "initializing" || c.state == "running" || c.state == "finalizing";
}

std::string canonical_id(std::string_view id) {
    return naming::is_uuid(id) ? naming::normalize_uuid(id) : std::string(id);
}

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "'" : ", '") + n + "'";
    return "[" + out + "]";
}

}  // namespace

namespace detail {

std::optional<std::string> read_if_exists(const Services& services, const std::string& uri) {
    try {
        return read_text(services, uri);
    } catch (const Error& e) {
        if (e.kind() == ErrorKind::not_found) return std::nullopt;
        throw;
    }
}

std::vector<Result<std::optional<std::string>>> read_all_if_exist(const Services& services,
                                                                  const std::vector<std::string>& uris) {
    return map_concurrently(
        uris, [&services](const std::string& uri) { return capture([&] { return read_if_exists(services, uri); }); });
}

std::vector<std::string> probes_in(const Services& services, const std::string& dir) {
    // `sorting_precurated` was the folder's name before `curated`: both are listed at once.
    auto precurated = run_async([&] { return list_names(services, dir + "/sorting_precurated"); });
    std::vector<std::string> names = list_names(services, dir + "/curated");
    if (names.empty()) names = precurated.get();
    if (names.empty()) {
        log(LogLevel::info, kLogger,
            "No 'curated' or 'sorting_precurated' dir found in " + dir + ": assuming no probes completed processing");
        return {};
    }
    std::set<std::string> probes;
    for (const std::string& name : names) {
        if (auto probe = probe_of_sorted_folder(name)) probes.insert(std::move(*probe));
        else log(LogLevel::warning, kLogger, "Not a probe folder (no '.' in its name), skipped: " + dir + "/" + name);
    }
    return {probes.begin(), probes.end()};
}

bool analyzer_in(const Services& services, const std::string& dir) {
    // `*/*.zarr`: the entries of every top-level folder, listed at once.
    const std::vector<FolderListing> folders = folder_listings(services, dir);
    try {
        return first_entry_where(folders, [](const std::string& name) { return name.ends_with(".zarr"); }).has_value();
    } catch (const Error& e) {
        throw Error(e.kind(), "cannot tell whether " + dir + " holds */*.zarr: " + e.what());
    }
}

}  // namespace detail

bool is_sorted_data_asset_name(std::string_view name) {
    std::string id;
    try {
        id = naming::parse_session_id(name).id();
    } catch (const Error&) {
        return false;  // no session ID: not a session's sorted asset
    }
    return name.starts_with(id + "_sorted");
}

std::optional<std::string> probe_of_sorted_folder(std::string_view folder_name) {
    const size_t dot = folder_name.find('.');
    if (dot == std::string_view::npos) return std::nullopt;
    std::string_view probe = folder_name.substr(dot + 1);
    probe = probe.substr(0, probe.find('.'));
    probe = probe.substr(0, probe.find("_recording"));
    if (probe.ends_with("-AP")) probe.remove_suffix(3);
    if (probe.ends_with("-LFP")) probe.remove_suffix(4);
    return std::string(probe);
}

std::vector<codeocean::DataAsset> sorted_data_assets(const Services& services, std::string_view session_id) {
    const std::string id = naming::parse_session_id(session_id).id();
    std::vector<codeocean::DataAsset> sorted;
    for (auto& asset : data_assets_with_name_prefix(services, id))
        if (is_sorted_data_asset_name(asset.name)) sorted.push_back(std::move(asset));
    return sorted;  // oldest first, as searched
}

std::vector<std::string> sorted_probe_names(const Services& services, const codeocean::DataAsset& sorted_asset) {
    return detail::probes_in(services, data_asset_dir(services, sorted_asset));
}

bool is_sorting_analyzer(const Services& services, const codeocean::DataAsset& sorted_asset) {
    return detail::analyzer_in(services, data_asset_dir(services, sorted_asset));
}

bool is_sorting_error(const Services& services, const codeocean::DataAsset& sorted_asset) {
    // Kept in the store as the answer itself: a finished run's output does not change.
    const std::string key = services.config().codeocean_domain.value + " data asset " + sorted_asset.id;
    return net::remembered({"ecephys.error", key}, "error check of sorted data asset " + sorted_asset.id, [&] {
               return std::string(is_output_error(data_asset_output(services, sorted_asset)) ? "1" : "0");
           }) == "1";
}

bool is_sorted(const Services& services, std::string_view session_id) {
    const std::string id = naming::parse_session_id(session_id).id();
    return is_sorted_among(services, id, data_assets_with_name_prefix(services, id));
}

bool is_sorted_among(const Services& services, std::string_view session_id,
                     const std::vector<codeocean::DataAsset>& session_assets) {
    std::vector<codeocean::DataAsset> assets;
    for (const auto& asset : session_assets)
        if (is_sorted_data_asset_name(asset.name)) assets.push_back(asset);
    const codeocean::DataAsset* last = assets.empty() ? nullptr : &latest(assets);
    detail::note_asset_choice("latest sorted data asset", assets, last,
                              assets.empty() ? "the session has no sorted data asset"
                                             : "the latest created of the session's sorted data assets; the session "
                                               "is sorted when its run did not fail");
    if (!last) return false;
    if (is_sorting_error(services, *last)) return false;
    log(LogLevel::debug, kLogger,
        "The latest sorted data asset of " + std::string(session_id) + " (" + last->id +
            ") appears to have been sorted successfully");
    return true;
}

std::map<std::string, codeocean::DataAsset> latest_sorted_asset_by_sorter(
    const Services& services, const std::vector<codeocean::DataAsset>& sorted_assets) {
    const std::vector<Result<std::string>> names = sorter_names(services, sorted_assets);
    std::map<std::string, std::vector<std::size_t>> by_sorter;
    for (std::size_t i = 0; i < sorted_assets.size(); ++i) {
        if (const std::string* name = names[i].get()) by_sorter[*name].push_back(i);
        else if (names[i].error().kind() != ErrorKind::not_found) throw names[i].error();
        // not_found: the run left no sorter name (it failed), so it made no sorter's asset
    }
    std::map<std::string, codeocean::DataAsset> out;
    for (const auto& [sorter, indices] : by_sorter)
        out.emplace(sorter,
                    sorted_assets[*latest_by_created(indices.begin(), indices.end(),
                                                     [&](std::size_t i) -> const auto& { return sorted_assets[i]; })]);
    return out;
}

std::vector<Result<bool>> is_sorted_many(const Services& services, const std::vector<std::string>& session_ids) {
    services.codeocean(), services.s3();  // built before the workers share them
    return map_concurrently(
        session_ids, [&services](const std::string& id) { return capture([&] { return is_sorted(services, id); }); });
}

ClippedAndCompressed clipped_and_compressed_dirs(const Services& services, const codeocean::DataAsset& raw_asset) {
    const std::string dir = data_asset_dir(services, raw_asset);
    const s3::S3Location base = parse_s3_uri(dir);
    // In priority order: the modality folder (2024 on), then the top of the upload (before).
    const std::vector<std::string> places = {"ecephys/ecephys_clipped", "ecephys/ecephys_compressed", "ecephys_clipped",
                                             "ecephys_compressed"};
    std::vector<s3::S3Location> candidates;
    for (const std::string& place : places)  // a trailing '/': one listing each, no HEAD
        candidates.push_back({base.bucket, (base.key.empty() ? "" : base.key + "/") + place + "/"});
    const std::vector<Result<s3::Probe>> probes = services.s3().probe_dirs(candidates);
    auto first_of = [&](std::size_t newer, std::size_t older) -> std::optional<std::string> {
        const auto winner = winning_probe({candidates[newer], candidates[older]}, {probes[newer], probes[older]});
        if (!winner) return std::nullopt;
        const std::size_t i = *winner == 0 ? newer : older;
        const s3::Probe* other = probes[older].get();
        if (i == newer && other && other->found)
            log(LogLevel::info, kLogger, "Found two " + places[older] + " dirs in " + dir + ": using " + places[newer]);
        return dir + "/" + places[i];
    };
    return {first_of(0, 2), first_of(1, 3)};
}

std::optional<codeocean::Computation> run_sorting(const Services& services, std::string_view raw_asset_id,
                                                  std::vector<std::string> parameters,
                                                  std::string_view trigger_capsule_id, bool skip_already_sorting) {
    if (parameters.size() < 2)
        throw Error(
            ErrorKind::invalid_input,
            "At least two parameters are required: data asset ID is the second parameter (the first is the "
            "pipeline type, e.g. ecephys_ks25). See https://codeocean.allenneuraldynamics.org/capsule/6726080/tree");
    const std::string asset_id = canonical_id(raw_asset_id);
    if (skip_already_sorting) {
        const net::FreshAnswers fresh;  // a run started a minute ago must be seen: no stored list
        std::vector<std::string> running;
        for (const auto& c : services.codeocean().list_computations(kSortingPipelineId)) {
            const bool attached = std::any_of(c.data_asset_ids.begin(), c.data_asset_ids.end(),
                                              [&](const std::string& id) { return canonical_id(id) == asset_id; });
            if (attached && in_progress(c)) running.push_back(c.name);
        }
        if (!running.empty()) {
            log(LogLevel::warning, kLogger,
                "Sorting is already running for " + asset_id + ": " + joined(running) +
                    ". Use `skip_already_sorting=False` to force a new pipeline run");
            return std::nullopt;
        }
    }
    JsonWriter body;
    body.begin_object().key("capsule_id").value(trigger_capsule_id).key("parameters").begin_array();
    for (const std::string& p : parameters) body.value(p);
    body.end_array().end_object();
    codeocean::Computation computation = services.codeocean().run_capsule(body.str());
    log(LogLevel::info, kLogger,
        "Triggered sorting pipeline for " + asset_id + ": monitor '" + computation.name + "' (computation " +
            computation.id + ")");
    return computation;
}

}  // namespace aind::core
