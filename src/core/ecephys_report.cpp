// src/core/ecephys_report.cpp
//
// Everything `aind-session ecephys` shows about a session: its sorted assets, then the four
// questions about each (sorter, output, probes, SortingAnalyzer) asked all at once.
#include <map>

#include "aind/common/error.hpp"
#include "aind/core/assets.hpp"
#include "aind/core/batch.hpp"
#include "aind/core/ecephys.hpp"
#include "aind/core/locations.hpp"
#include "aind/core/outputs.hpp"
#include "aind/naming/session_id.hpp"
#include "ecephys_steps.hpp"

namespace aind::core {
namespace {

enum class Part { sorter, output, probes, analyzer };
constexpr Part kParts[] = {Part::sorter, Part::output, Part::probes, Part::analyzer};

struct Task {
    std::size_t asset;
    Part part;
};

// Each task writes only its own field of its own asset's report: no two tasks share one.
void answer(const Services& services, SortedAssetReport& r, const Result<std::string>& dir, Part part) {
    if (!dir.ok()) {
        const Error& e = dir.error();
        if (part == Part::sorter) r.sorter_name = e;
        if (part == Part::output) r.is_sorting_error = e;
        if (part == Part::probes) r.probes = e;
        if (part == Part::analyzer) r.is_sorting_analyzer = e;
        return;
    }
    const std::string& d = dir.value();
    switch (part) {
        case Part::sorter:
            r.sorter_name = capture([&] { return detail::sorter_name_in(services, r.asset.id, d); });
            break;
        case Part::output:
            r.is_sorting_error = capture([&] {
                r.error_marker = output_error_marker(output_file_in(services, d, r.asset.id));
                return !r.error_marker.empty();
            });
            break;
        case Part::probes: r.probes = capture([&] { return detail::probes_in(services, d); }); break;
        case Part::analyzer: r.is_sorting_analyzer = capture([&] { return detail::analyzer_in(services, d); }); break;
    }
}

std::vector<SortedAssetReport> report_assets(const Services& services, const std::string& id) {
    std::vector<codeocean::DataAsset> assets = sorted_data_assets(services, id);
    // Each asset's folder first (one check each, at once), then every question of every asset.
    const auto dirs = map_concurrently(assets, [&services](const codeocean::DataAsset& a) {
        return capture([&] { return data_asset_dir(services, a); });
    });
    const Error unasked(ErrorKind::cancelled, "not asked");
    std::vector<SortedAssetReport> reports;
    for (auto& asset : assets) reports.push_back({std::move(asset), unasked, unasked, "", unasked, unasked});
    std::vector<Task> tasks;
    for (std::size_t i = 0; i < reports.size(); ++i)
        for (Part part : kParts) tasks.push_back({i, part});
    map_concurrently(tasks, [&](const Task& t) {
        answer(services, reports[t.asset], dirs[t.asset], t.part);
        return 0;
    });
    return reports;
}

// What is not there (no sorter name, no output, no files) says how a run failed: an answer.
bool is_reason(const Error& e) { return e.kind() == ErrorKind::not_found; }

const codeocean::DataAsset& asset_of(const SortedAssetReport& r) { return r.asset; }

}  // namespace

RunFailure SortedAssetReport::failure() const {
    using Kind = RunFailure::Kind;
    if (!sorter_name.ok() && is_reason(sorter_name.error()))
        return {Kind::no_sorter_name, std::string("no sorter name: ") + sorter_name.error().what()};
    if (is_sorting_error.ok() && is_sorting_error.value()) return {Kind::output_error, "output error: " + error_marker};
    if (!is_sorting_error.ok() && is_reason(is_sorting_error.error()))
        return {Kind::no_output, std::string("no output: ") + is_sorting_error.error().what()};
    return {};
}

std::vector<bool> latest_of_each_sorter(const std::vector<SortedAssetReport>& assets) {
    std::map<std::string, std::vector<std::size_t>> by_sorter;
    for (std::size_t i = 0; i < assets.size(); ++i)
        if (const std::string* sorter = assets[i].sorter_name.get()) by_sorter[*sorter].push_back(i);
    std::vector<bool> latest(assets.size(), false);
    for (const auto& [sorter, indices] : by_sorter)
        latest[*latest_by_created(indices.begin(), indices.end(),
                                  [&](std::size_t i) -> const auto& { return asset_of(assets[i]); })] = true;
    return latest;
}

std::optional<bool> EcephysReport::sorted() const {
    const auto* assets = sorted_assets.get();
    if (!assets) return std::nullopt;
    if (assets->empty()) return false;
    const SortedAssetReport& last = *latest_by_created(assets->begin(), assets->end(), asset_of);
    if (!last.is_sorting_error.ok()) return std::nullopt;
    return !last.is_sorting_error.value();
}

std::vector<EcephysReport::Failure> EcephysReport::failures() const {
    std::vector<Failure> out;
    if (!sorted_assets.ok()) {
        out.push_back({"", "sorted data assets", &sorted_assets.error()});
        return out;
    }
    for (const auto& r : sorted_assets.value()) {
        auto check = [&](std::string_view part, const auto& result) {
            if (!result.ok() && !is_reason(result.error())) out.push_back({r.asset.id, part, &result.error()});
        };
        check("sorter name", r.sorter_name);
        check("output", r.is_sorting_error);
        check("probes", r.probes);
        check("sorting analyzer", r.is_sorting_analyzer);
    }
    return out;
}

EcephysReport report_ecephys(const Services& services, std::string_view session_id) {
    const std::string id = naming::parse_session_id(session_id).id();
    return {id, capture([&] { return report_assets(services, id); })};
}

}  // namespace aind::core
