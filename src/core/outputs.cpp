// src/core/outputs.cpp
#include "aind/core/outputs.hpp"

#include <algorithm>
#include <array>
#include <set>

#include "aind/common/error.hpp"
#include "aind/common/text.hpp"
#include "aind/core/locations.hpp"
#include "aind/net/cache.hpp"
#include "aind/net/http.hpp"

namespace aind::core {
namespace {

constexpr std::string_view kCudaMarker = "The CUDA error was:";
constexpr std::array<std::string_view, 7> kErrorMarkers = {
    "Essential container in task exited",
    "Out of memory.",
    "Task failed to start - DockerTimeoutError",
    kCudaMarker,
    "Traceback (most recent call last):",
    "Command error:",
    "WARN: Killing running tasks",
};

std::set<std::string> result_item_names(const Services& services, std::string_view computation_id) {
    std::set<std::string> names;
    for (const auto& item : services.codeocean().list_computation_results(computation_id).items)
        names.insert(item.name);
    return names;
}

}  // namespace

bool is_sorting_pipeline_output(std::string_view output) {
    return icontains(output, "sorting") && icontains(output, "kilosort") && icontains(output, "n e x t f l o w");
}

std::string_view output_error_marker(std::string_view output) {
    const bool sorting = is_sorting_pipeline_output(output);
    for (std::string_view marker : kErrorMarkers) {
        if (sorting && marker == kCudaMarker) continue;  // some probes may still be usable
        if (output.find(marker) != std::string_view::npos) return marker;
    }
    return {};
}

bool is_output_error(std::string_view output) { return !output_error_marker(output).empty(); }

std::string result_file_text(const Services& services, std::string_view computation_id, std::string_view path) {
    const std::string what = "result file " + std::string(path) + " of computation " + std::string(computation_id);
    // Kept by what it is, not by its URL: the URL is signed, and new on every ask.
    const std::string key = services.config().codeocean_domain.value + " " + what;
    return net::remembered({"codeocean.result_file", key}, what, [&] {
        net::Request request;
        request.url = services.codeocean().result_download_url(computation_id, path);  // signed: no credentials of ours
        const net::Response response = net::default_client().perform(std::move(request));
        net::raise_for_status(response, "GET " + what);
        return response.body;
    });
}

std::string output_file_in(const Services& services, std::string_view dir, std::string_view asset_id) {
    const std::string uri = std::string(dir) + "/output";
    try {
        return read_text(services, uri);
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::not_found) throw;
        throw Error(ErrorKind::not_found, "No output file for data asset " + std::string(asset_id) + " at " + uri +
                                              ": the directory does not exist or holds no output file (the run may "
                                              "not have finished)");
    }
}

std::string data_asset_output(const Services& services, const codeocean::DataAsset& asset) {
    // Straight to the file where the asset says its files are: one request instead of a
    // directory check and then the read (a missing directory and a missing file are both
    // "no output" here). Without a source bucket on S3, the directory is looked for first.
    const std::optional<std::string> declared = declared_s3_source_dir(asset);
    return output_file_in(services, declared ? *declared : data_asset_dir(services, asset), asset.id);
}

std::string computation_output(const Services& services, std::string_view computation_id) {
    const std::set<std::string> items = result_item_names(services, computation_id);
    const std::string id(computation_id);
    if (items.empty())
        throw Error(ErrorKind::not_found, "Computation " + id + " has no results: cannot fetch output file");
    if (!items.contains("output")) throw Error(ErrorKind::not_found, "Output file not found for computation " + id);
    return result_file_text(services, computation_id, "output");
}

bool is_data_asset_error(const Services& services, const codeocean::DataAsset& asset) {
    std::string source, output;
    try {
        source = data_asset_dir(services, asset);
        output = output_file_in(services, source, asset.id);
    } catch (const Error& e) {
        if (e.kind() == ErrorKind::not_found) return true;  // no source dir, or no output file in it
        throw;
    }
    if (is_output_error(output)) return true;
    if (!is_sorting_pipeline_output(output)) return false;
    // A sorting run that finished writes its NWB files; none means it did not get there.
    const std::vector<std::string> names = list_names(services, source + "/nwb");
    return std::none_of(names.begin(), names.end(),
                        [](const std::string& n) { return n.find(".nwb") != std::string::npos; });
}

bool is_computation_error(const Services& services, const codeocean::Computation& computation) {
    if (computation.state == "failed") return true;
    if (computation.state != "completed")
        throw Error(ErrorKind::invalid_input, "Computation " + computation.id + " (" + computation.name + ") is " +
                                                  computation.state + ": cannot determine if errored");
    if (!computation.end_status.empty() && computation.end_status != "succeeded") return true;
    if (!computation.has_results) return true;
    const std::set<std::string> names = result_item_names(services, computation.id);
    if (names.empty() || names == std::set<std::string>{"nextflow", "output"} ||
        names == std::set<std::string>{"output"})
        return true;
    const std::string output = names.contains("output") ? result_file_text(services, computation.id, "output") : "";
    if (is_output_error(output)) return true;
    return is_sorting_pipeline_output(output) && !names.contains("nwb");
}

}  // namespace aind::core
