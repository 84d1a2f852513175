// tests/fuzz/fuzz_asset_files.cpp
//
// What a data asset's files on S3 say, on arbitrary bytes: the JSON files that name a sorted
// asset's sorter (processing.json, si_folder.json / sorting.json, params.json), a run's
// `output` log, and the names a listing gives (sorted probe folders, raw files holding a LIMS
// ID). The file readers answer or throw aind::Error(protocol); the name readers never throw,
// and what they find is in the name.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "aind/core/ecephys.hpp"
#include "aind/core/lims.hpp"
#include "aind/core/outputs.hpp"
#include "fuzz_support.hpp"

namespace {

using aind::fuzz::check;

void check_sorter_files(std::string_view text) {
    const auto sorter_files = {
        +[](std::string_view t) { return aind::core::sorter_name_in_processing_json(t, "asset"); },
        +[](std::string_view t) { return aind::core::sorter_name_in_sorting_info(t, "si_folder.json", "asset"); },
        +[](std::string_view t) { return aind::core::sorter_name_in_params_json(t, "asset"); },
    };
    for (auto read : sorter_files) {
        std::optional<std::string> name;
        if (aind::fuzz::only_errors_of_kind(aind::ErrorKind::protocol, [&] { name = read(text); }) && name)
            check(text.find("\"sorter_name\":") != std::string_view::npos);  // files without the key say nothing
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text = aind::fuzz::input(data, size);
    check_sorter_files(text);

    const std::string_view marker = aind::core::output_error_marker(text);
    check(marker.empty() || text.find(marker) != std::string_view::npos);

    const std::optional<std::string> probe = aind::core::probe_of_sorted_folder(text);
    check(probe.has_value() == (text.find('.') != std::string_view::npos));
    check(!probe || text.find(*probe) != std::string_view::npos);

    if (const std::optional<int64_t> lims_id = aind::core::extract_lims_id(text))
        check(*lims_id >= 0 && text.find(std::to_string(*lims_id)) != std::string_view::npos);
    return 0;
}
