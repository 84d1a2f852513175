// src/core/rules.cpp
#include "aind/core/rules.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace aind::core {
namespace {

constexpr std::string_view kCudaMarker = "The CUDA error was:";
constexpr std::array<std::string_view, 7> kErrorMarkers = {
    "Essential container in task exited", "Out of memory.", "Task failed to start - DockerTimeoutError",
    kCudaMarker, "Traceback (most recent call last):", "Command error:", "WARN: Killing running tasks",
};

bool contains_lowercase(std::string_view haystack, std::string_view lowercase_needle) {
    auto it = std::search(haystack.begin(), haystack.end(), lowercase_needle.begin(), lowercase_needle.end(),
                          [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
    return it != haystack.end();
}

}  // namespace

bool is_sorting_pipeline_output(std::string_view output) {
    return contains_lowercase(output, "sorting") && contains_lowercase(output, "kilosort") &&
           contains_lowercase(output, "n e x t f l o w");
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

std::vector<std::string> modalities_from_dirs(const std::vector<std::string>& dir_names) {
    std::vector<std::string> out;
    for (std::string name : dir_names) {
        while (!name.empty() && name.back() == '/') name.pop_back();
        if (name.empty() || name.find("metadata") != std::string::npos) continue;
        if (name == "ecephys_compressed" || name == "ecephys_clipped") name = "ecephys";
        out.push_back(std::move(name));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace aind::core
