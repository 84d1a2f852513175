// tests/fuzz/fuzz_codeocean_json.cpp
//
// Every Code Ocean reader on arbitrary bytes: each accepts its record or throws
// aind::Error(protocol), and what it accepts keeps, in raw_json, the whole object as valid
// JSON that reads back to the same record (the Python front builds the SDK's models from it).
#include <cstdint>
#include <string>
#include <string_view>

#include "aind/codeocean/models.hpp"
#include "fuzz_support.hpp"

namespace {

using aind::fuzz::check;
namespace co = aind::codeocean;

template <class F>
bool accepts(F&& f) {
    return aind::fuzz::only_errors_of_kind(aind::ErrorKind::protocol, f);
}

bool same(const co::DataAsset& a, const co::DataAsset& b) {
    const bool buckets = a.source_bucket.has_value() == b.source_bucket.has_value() &&
                         (!a.source_bucket || (a.source_bucket->origin == b.source_bucket->origin &&
                                               a.source_bucket->bucket == b.source_bucket->bucket &&
                                               a.source_bucket->prefix == b.source_bucket->prefix &&
                                               a.source_bucket->external == b.source_bucket->external));
    return buckets && a.id == b.id && a.name == b.name && a.created == b.created && a.state == b.state &&
           a.type == b.type && a.mount == b.mount && a.tags == b.tags && a.custom_metadata == b.custom_metadata &&
           a.raw_json == b.raw_json;
}

bool same(const co::Computation& a, const co::Computation& b) {
    return a.id == b.id && a.name == b.name && a.created == b.created && a.run_time == b.run_time &&
           a.state == b.state && a.end_status == b.end_status && a.has_results == b.has_results &&
           a.data_asset_ids == b.data_asset_ids && a.raw_json == b.raw_json;
}

void check_asset(const co::DataAsset& asset) {
    check(aind::fuzz::minified(asset.raw_json) == asset.raw_json);
    check(same(co::parse_data_asset(asset.raw_json), asset));
    for (const auto& [key, value] : asset.custom_metadata) check(asset.metadata(key) != nullptr);
}

void check_computation(const co::Computation& computation) {
    check(aind::fuzz::minified(computation.raw_json) == computation.raw_json);
    check(same(co::parse_computation(computation.raw_json), computation));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view json = aind::fuzz::input(data, size);
    co::DataAsset asset;
    if (accepts([&] { asset = co::parse_data_asset(json); })) check_asset(asset);

    co::Computation computation;
    if (accepts([&] { computation = co::parse_computation(json); })) check_computation(computation);

    std::vector<co::Computation> computations;
    if (accepts([&] { computations = co::parse_computation_list(json); }))
        for (const auto& c : computations) check_computation(c);

    co::SearchPage page;
    if (accepts([&] { page = co::parse_search_page(json); }))
        for (const auto& a : page.results) check_asset(a);

    co::Folder folder;
    if (accepts([&] { folder = co::parse_folder(json); })) {
        check(aind::fuzz::minified(folder.raw_json) == folder.raw_json);
        const co::Folder again = co::parse_folder(folder.raw_json);
        check(again.items.size() == folder.items.size());
        for (std::size_t i = 0; i < again.items.size(); ++i) {
            const auto &x = again.items[i], &y = folder.items[i];
            check(x.name == y.name && x.path == y.path && x.type == y.type && x.size == y.size);
        }
    }
    return 0;
}
