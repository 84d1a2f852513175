// src/core/sorter.cpp
//
// Where a sorted asset says which sorter made it. The pipeline wrote it in different files
// over the years; the files are asked in the original's order, their reads started at once.
#include <simdjson.h>

#include <future>

#include "aind/common/error.hpp"
#include "aind/common/log.hpp"
#include "aind/core/batch.hpp"
#include "aind/core/ecephys.hpp"
#include "aind/core/locations.hpp"
#include "aind/net/cache.hpp"
#include "ecephys_steps.hpp"

namespace aind::core {
namespace {

using simdjson::dom::element;

constexpr std::string_view kLogger = "aind_session.core";
constexpr std::string_view kSorterKey = "\"sorter_name\":";

// The text holds the key the pipeline writes: files without it say nothing about the sorter.
bool mentions_sorter(std::string_view text) { return text.find(kSorterKey) != std::string_view::npos; }

Error misplaced(std::string_view file, std::string_view asset_id, const std::string& expected) {
    return Error(ErrorKind::protocol, std::string(file) + " of sorted data asset " + std::string(asset_id) +
                                          " has a \"sorter_name\" key, but not where the sorting pipeline writes it (" +
                                          expected + "): the file's layout is new to this package; report it");
}

element parse_file(simdjson::dom::parser& parser, std::string_view text, std::string_view file,
                   std::string_view asset_id) {
    element doc;
    if (const auto error = parser.parse(text.data(), text.size(), true).get(doc))
        throw Error(ErrorKind::protocol, std::string(file) + " of sorted data asset " + std::string(asset_id) +
                                             " is not JSON (" + simdjson::error_message(error) + ")");
    return doc;
}

// The value at `key` of an object, or nullptr when `value` is not an object or lacks it.
std::optional<element> field(element value, std::string_view key) {
    element out;
    if (!value.is_object() || value.get_object()[key].get(out) != simdjson::SUCCESS) return std::nullopt;
    return out;
}

// Data processes in document order, nested lists flattened, non-objects ignored.
void flatten_processes(element processes, std::vector<element>& out) {
    if (!processes.is_array()) return;
    for (element p : processes.get_array()) {
        if (p.is_object()) out.push_back(p);
        else if (p.is_array()) flatten_processes(p, out);
    }
}

bool is_spike_sorting(element process) {
    std::string_view name;
    auto value = field(process, "name");
    return value && value->get(name) == simdjson::SUCCESS && name.starts_with("Spike sorting");
}

std::string sorter_string(element value, std::string_view file, std::string_view asset_id) {
    std::string_view name;
    if (value.get(name) != simdjson::SUCCESS)
        throw misplaced(file, asset_id, "a string, got " + simdjson::minify(value));
    return std::string(name);
}

// The sorter named in the first spike-sorting process's `parameters` or `code.parameters`.
std::optional<std::string> sorter_of_process(element process, std::string_view asset_id) {
    for (auto container : {std::optional<element>(process), field(process, "code")}) {
        if (!container) continue;
        auto parameters = field(*container, "parameters");
        if (!parameters || !parameters->is_object()) continue;
        if (auto name = field(*parameters, "sorter_name")) return sorter_string(*name, "processing.json", asset_id);
    }
    return std::nullopt;
}

std::string file_name(const std::string& uri) { return uri.substr(uri.rfind('/') + 1); }

}  // namespace

std::optional<std::string> sorter_name_in_processing_json(std::string_view text, std::string_view asset_id) {
    if (!mentions_sorter(text)) return std::nullopt;
    simdjson::dom::parser parser;
    const element doc = parse_file(parser, text, "processing.json", asset_id);
    constexpr std::string_view kWhere = "in a \"Spike sorting\" data process of processing_pipeline.data_processes";
    if (!doc.is_object()) throw misplaced("processing.json", asset_id, "an object " + std::string(kWhere));
    element processes;
    if (auto pipeline = field(doc, "processing_pipeline")) {
        if (!pipeline->is_object()) throw misplaced("processing.json", asset_id, "an object " + std::string(kWhere));
        auto listed = field(*pipeline, "data_processes");
        if (!listed) return std::nullopt;  // the original's KeyError: the next file is asked
        processes = *listed;
    } else if (auto listed = field(doc, "data_processes")) {
        processes = *listed;
    } else {
        throw misplaced("processing.json", asset_id, std::string(kWhere) + " or data_processes");
    }
    std::vector<element> flat;
    flatten_processes(processes, flat);
    for (element process : flat)
        if (is_spike_sorting(process)) return sorter_of_process(process, asset_id);  // only the first one counts
    throw misplaced("processing.json", asset_id, std::string(kWhere));
}

std::optional<std::string> sorter_name_in_sorting_info(std::string_view text, std::string_view file,
                                                       std::string_view asset_id) {
    if (!mentions_sorter(text)) return std::nullopt;
    simdjson::dom::parser parser;
    std::optional<element> node = parse_file(parser, text, file, asset_id);
    for (std::string_view key : {"annotations", "__sorting_info__", "params", "sorter_name"})
        if (node) node = field(*node, key);
    if (!node) return std::nullopt;
    return sorter_string(*node, file, asset_id);
}

std::optional<std::string> sorter_name_in_params_json(std::string_view text, std::string_view asset_id) {
    if (!mentions_sorter(text)) return std::nullopt;
    simdjson::dom::parser parser;
    const element doc = parse_file(parser, text, "params.json", asset_id);
    const std::string expected = "spikesorting.sorter_name";
    auto spikesorting = field(doc, "spikesorting");
    if (!spikesorting) throw misplaced("params.json", asset_id, expected);
    auto name = field(*spikesorting, "sorter_name");
    if (!name) throw misplaced("params.json", asset_id, expected);
    return sorter_string(*name, "params.json", asset_id);
}

namespace detail {

std::string sorter_name_in(const Services& services, const std::string& asset_id, const std::string& dir) {
    // Most assets answer from processing.json; the other reads are started with it so that
    // older layouts cost one round trip more, not three.
    auto processing = run_async([&] { return read_if_exists(services, dir + "/processing.json"); });
    auto params = run_async([&] { return read_if_exists(services, dir + "/params.json"); });
    auto spikesorted = run_async([&] { return list_files(services, dir + "/spikesorted", true); });
    auto postprocessed = run_async([&] { return list_files(services, dir + "/postprocessed", true); });
    if (auto text = processing.get())
        if (auto name = sorter_name_in_processing_json(*text, asset_id)) return *name;

    std::vector<std::string> infos;
    for (std::string& uri : spikesorted.get())
        if (file_name(uri) == "si_folder.json") infos.push_back(std::move(uri));
    for (std::string& uri : postprocessed.get())
        if (file_name(uri) == "sorting.json") infos.push_back(std::move(uri));
    const auto texts = read_all_if_exist(services, infos);
    for (std::size_t i = 0; i < infos.size(); ++i) {
        const std::optional<std::string>& text = texts[i].value();
        if (!text || !mentions_sorter(*text)) continue;
        if (auto name = sorter_name_in_sorting_info(*text, file_name(infos[i]), asset_id)) return *name;
        // The first file naming a sorter decides, as in the original; elsewhere in it, params.json is asked.
        log(LogLevel::warning, kLogger,
            infos[i] + " has a \"sorter_name\" key outside annotations.__sorting_info__.params: asking params.json");
        break;
    }

    if (auto text = params.get())
        if (auto name = sorter_name_in_params_json(*text, asset_id)) return *name;
    throw Error(ErrorKind::not_found, "Cannot get sorter name: sorting data are incomplete for sorted_data_asset_id='" +
                                          asset_id + "' (pipeline likely failed)");
}

}  // namespace detail

std::string sorter_name(const Services& services, const codeocean::DataAsset& sorted_asset) {
    // Kept in the store as the answer itself: one lookup instead of the files it is read from.
    const std::string key = services.config().codeocean_domain.value + " data asset " + sorted_asset.id;
    return net::remembered({"ecephys.sorter_name", key}, "sorter name of data asset " + sorted_asset.id, [&] {
        return detail::sorter_name_in(services, sorted_asset.id, data_asset_dir(services, sorted_asset));
    });
}

std::vector<Result<std::string>> sorter_names(const Services& services,
                                              const std::vector<codeocean::DataAsset>& sorted_assets) {
    services.codeocean(), services.s3();  // built before the workers share them
    return map_concurrently(sorted_assets, [&services](const codeocean::DataAsset& asset) {
        return capture([&] { return sorter_name(services, asset); });
    });
}

}  // namespace aind::core
