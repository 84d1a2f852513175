// tests/cpp/core_ecephys_test.cpp
//
// Spike sorting (src/core/ecephys.cpp, sorter.cpp, ecephys_report.cpp): the rules on names
// and files on their own, then against the local stack's seed world: the sorter name of every
// layout the pipeline wrote, E's sorted assets and probes, SortingAnalyzer output, the raw
// recording folders, is_sorted, and starting the pipeline (once, or not at all when a run is
// in progress).
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>

#include "aind/common/error.hpp"
#include "aind/common/url.hpp"
#include "aind/core/assets.hpp"
#include "aind/core/ecephys.hpp"
#include "aind/docdb/client.hpp"
#include "aind/net/http.hpp"
#include "stack_environment.hpp"
#include "support/error_of.hpp"

using namespace aind::core;
using aind::ErrorKind;
using aind::Result;
using aind_test::error_of;

namespace {

[[maybe_unused]] aind_test::LocalStack& g_stack = aind_test::LocalStack::instance();

constexpr const char* kE = "ecephys_676909_2023-12-13_13-43-40";
constexpr const char* kERawId = "16d46411-540a-4122-b47f-8cb2a15d593a";
constexpr const char* kESortedFirstId = "1e11bdf5-b452-4fd9-bbb1-48383a9b0842";
constexpr const char* kAnalyzerId = "616375f1-836b-4187-823f-3457f07b7223";
constexpr const char* kIncompleteId = "b4a7757c-6826-49eb-b3dd-d6cd871c5e7c";
const std::vector<std::string> kProbesAToF = {"ProbeA", "ProbeB", "ProbeC", "ProbeD", "ProbeE", "ProbeF"};

// SORTER_CASES of the seed world: asset -> sorter ("" when the run left none).
const std::map<std::string, std::string> kSorterCases = {
    {"d50a3447-7f12-4da7-83c5-845744c4d4f9", "kilosort2_5"},  // processing_pipeline.data_processes
    {"01d9d159-96f0-43f1-9d14-29b5c2521d94", "kilosort4"},
    {"205fc2d0-5f00-468f-a82d-47c94afcd40c", "kilosort2_5"},  // top-level data_processes, nested lists
    {"82894efb-2302-4e4c-927f-e2d7d477690e", "kilosort4"},    // code.parameters
    {"bd0ad804-4a33-4613-9d6c-6281e442bade", "kilosort2_5"},  // spikesorted/**/si_folder.json
    {"0eca2d35-5c8c-48bb-a921-e48cf3d871de", "kilosort2_5"},  // params.json
    {kIncompleteId, ""},                                      // nothing: the run failed
};

class CoreEcephysStack : public aind_test::StackTest {
protected:
    aind::codeocean::DataAsset asset(const std::string& id) const { return services().codeocean().get_data_asset(id); }
    // The asset named exactly `session` (its raw asset in the seed world).
    aind::codeocean::DataAsset raw_asset(const std::string& session) const {
        for (auto& a : data_assets_with_name_prefix(services(), session))
            if (a.name == session) return a;
        throw aind::Error(ErrorKind::not_found, "no asset named " + session);
    }
};

// The Code Ocean emulator's request log: method + path of each request whose path matches.
std::vector<std::string> codeocean_requests(const std::string& method, const std::string& path_regex) {
    aind::net::Request request;
    request.url = std::string(std::getenv("CODE_OCEAN_DOMAIN")) + "/_stack/requests?method=" + method +
                  "&path_regex=" + aind::percent_encode(path_regex);
    return aind::docdb::split_json_array(aind::net::default_client().perform(std::move(request)).body);
}

}  // namespace

// ---- names and files ----------------------------------------------------------------------

namespace {

SortedAssetReport run(const std::string& id, int64_t created, Result<std::string> sorter, Result<bool> is_error = false,
                      std::string marker = "") {
    SortedAssetReport r{{},   std::move(sorter), std::move(is_error), std::move(marker), std::vector<std::string>{},
                        false};
    r.asset.id = id;
    r.asset.created = created;
    return r;
}

}  // namespace

TEST(SortedAssetReport, AFailureIsWhatIsNotThereOrAMarkerNeverAnErrorOfTheReport) {
    using Kind = RunFailure::Kind;
    const aind::Error missing(ErrorKind::not_found, "gone"), slow(ErrorKind::timeout, "slow");
    EXPECT_EQ(run("a", 1, std::string("ks")).failure().kind, Kind::none);
    EXPECT_EQ(run("a", 1, missing).failure().message, "no sorter name: gone");
    EXPECT_EQ(run("a", 1, std::string("ks"), true, "Out of memory.").failure().message, "output error: Out of memory.");
    EXPECT_EQ(run("a", 1, std::string("ks"), missing).failure().kind, Kind::no_output);
    EXPECT_EQ(run("a", 1, slow, slow).failure().kind, Kind::none);  // could not be told: not a reason
}

TEST(SortedAssetReport, TheLatestOfEachSorterIsItsGreatestCreatedTheFirstOfEquals) {
    const aind::Error missing(ErrorKind::not_found, "gone");
    const std::vector<SortedAssetReport> runs = {
        run("a", 5, std::string("ks4")), run("b", 9, std::string("ks2")), run("c", 9, std::string("ks2")),
        run("d", 7, std::string("ks4")), run("e", 99, missing),
    };
    EXPECT_EQ(latest_of_each_sorter(runs), (std::vector<bool>{false, true, false, true, false}));
}

TEST(SortedAssetName, StartsWithItsSessionIdThenSorted) {
    EXPECT_TRUE(is_sorted_data_asset_name(std::string(kE) + "_sorted_2023-12-17_03-16-51"));
    EXPECT_TRUE(is_sorted_data_asset_name(std::string(kE) + "_sorted_2023-12-17_03-16-51_curated_2024-01-10_14-02-33"));
    EXPECT_TRUE(is_sorted_data_asset_name("behavior_676909_2023-10-24_15-15-50_sorted"));  // any platform
    EXPECT_FALSE(is_sorted_data_asset_name(kE));
    EXPECT_FALSE(is_sorted_data_asset_name(std::string(kE) + "_nwb_2024-01-02_03-04-05"));
    EXPECT_FALSE(is_sorted_data_asset_name(std::string("copy_of_") + kE + "_sorted_2024-01-02_03-04-05"));
    EXPECT_FALSE(is_sorted_data_asset_name("Example T1 and T2 MRI Images"));
}

TEST(ProbeFolders, NameTheProbeBetweenTheFirstDotAndRecording) {
    EXPECT_EQ(probe_of_sorted_folder("experiment1_Record Node 104#Neuropix-PXI-100.ProbeF-AP_recording1"), "ProbeF");
    EXPECT_EQ(probe_of_sorted_folder("experiment1_Record Node 104#Neuropix-PXI-100.ProbeB-LFP_recording2"), "ProbeB");
    EXPECT_EQ(probe_of_sorted_folder("experiment1_Record Node 101#Neuropix-PXI-100.ProbeA_recording1.zarr"), "ProbeA");
    EXPECT_EQ(probe_of_sorted_folder("node.45-AP"), "45");
    EXPECT_EQ(probe_of_sorted_folder("no_dot_here"), std::nullopt);
}

TEST(SorterName, ProcessingJsonNamesItInTheFirstSpikeSortingProcess) {
    const std::string pre = R"({"name": "Ephys preprocessing", "parameters": {"sorter_name": "not this one"}})";
    EXPECT_EQ(sorter_name_in_processing_json(
                  R"({"processing_pipeline": {"data_processes": [)" + pre +
                      R"(, {"name": "Spike sorting", "parameters": {"sorter_name": "kilosort4"}}]}})",
                  "a"),
              "kilosort4");
    EXPECT_EQ(
        sorter_name_in_processing_json(
            R"({"data_processes": [[{"name": "x"}], [{"name": "Spike sorting kilosort", "parameters": {"sorter_name": "ks"}}]]})",
            "a"),
        "ks");
    EXPECT_EQ(
        sorter_name_in_processing_json(
            R"({"processing_pipeline": {"data_processes": [{"name": "Spike sorting", "code": {"parameters": {"sorter_name": "kilosort2_5"}}}]}})",
            "a"),
        "kilosort2_5");
}

TEST(SorterName, ProcessingJsonWithoutTheKeyOrWithoutItInTheProcessSaysNothing) {
    EXPECT_EQ(sorter_name_in_processing_json(R"({"data_processes": [{"name": "Spike sorting"}]})", "a"), std::nullopt);
    EXPECT_EQ(
        sorter_name_in_processing_json(
            R"({"data_processes": [{"name": "Spike sorting", "parameters": {}}, {"name": "Other", "parameters": {"sorter_name": "x"}}]})",
            "a"),
        std::nullopt);  // only the first spike-sorting process counts
    EXPECT_EQ(sorter_name_in_processing_json(R"({"processing_pipeline": {"x": {"sorter_name": "ks"}}})", "a"),
              std::nullopt);
}

TEST(SorterName, ProcessingJsonWithTheKeyElsewhereIsAProtocolErrorNamingTheAsset) {
    for (const char* text : {R"({"other": {"sorter_name": "ks"}})",
                             R"({"data_processes": [{"name": "Other", "parameters": {"sorter_name": "ks"}}]})",
                             R"({"data_processes": [{"name": "Spike sorting", "parameters": {"sorter_name": 4}}]})"}) {
        const aind::Error e = error_of([&] { sorter_name_in_processing_json(text, "asset-1"); });
        EXPECT_EQ(e.kind(), ErrorKind::protocol) << text;
        EXPECT_NE(std::string(e.what()).find("processing.json of sorted data asset asset-1"), std::string::npos);
    }
    EXPECT_EQ(error_of([] { sorter_name_in_processing_json(R"({"sorter_name": nope)", "a"); }).kind(),
              ErrorKind::protocol);
}

TEST(SorterName, SortingInfoAndParamsJson) {
    const std::string si = R"({"annotations": {"__sorting_info__": {"params": {"sorter_name": "kilosort2_5"}}}})";
    EXPECT_EQ(sorter_name_in_sorting_info(si, "si_folder.json", "a"), "kilosort2_5");
    EXPECT_EQ(sorter_name_in_sorting_info(R"({"class": "x"})", "si_folder.json", "a"), std::nullopt);
    EXPECT_EQ(sorter_name_in_sorting_info(R"({"params": {"sorter_name": "x"}})", "sorting.json", "a"), std::nullopt);
    EXPECT_EQ(sorter_name_in_params_json(R"({"spikesorting": {"sorter_name": "kilosort2_5"}})", "a"), "kilosort2_5");
    EXPECT_EQ(sorter_name_in_params_json(R"({"job_kwargs": {}})", "a"), std::nullopt);
    EXPECT_EQ(error_of([] { sorter_name_in_params_json(R"({"other": {"sorter_name": "x"}})", "a"); }).kind(),
              ErrorKind::protocol);
}

// ---- on the local stack --------------------------------------------------------------------

TEST_F(CoreEcephysStack, EverySorterLayoutGivesItsSorter) {
    for (const auto& [id, expected] : kSorterCases) {
        if (expected.empty()) continue;
        EXPECT_EQ(sorter_name(services(), asset(id)), expected) << id;
    }
}

TEST_F(CoreEcephysStack, AnIncompleteRunHasNoSorterName) {
    const aind::Error e = error_of([&] { sorter_name(services(), asset(kIncompleteId)); });
    EXPECT_EQ(e.kind(), ErrorKind::not_found);
    EXPECT_EQ(std::string(e.what()), std::string("Cannot get sorter name: sorting data are incomplete for "
                                                 "sorted_data_asset_id='") +
                                         kIncompleteId + "' (pipeline likely failed)");
}

TEST_F(CoreEcephysStack, SorterNamesOfManyAssetsKeepEachAnswer) {
    std::vector<aind::codeocean::DataAsset> assets;
    for (const auto& [id, expected] : kSorterCases) assets.push_back(asset(id));
    const auto names = sorter_names(services(), assets);
    ASSERT_EQ(names.size(), assets.size());
    std::size_t i = 0;
    for (const auto& [id, expected] : kSorterCases) {
        if (expected.empty()) EXPECT_EQ(names[i].error().kind(), ErrorKind::not_found) << id;
        else EXPECT_EQ(names[i].value(), expected) << id;
        ++i;
    }
}

TEST_F(CoreEcephysStack, SortedAssetsOfASessionOldestFirst) {
    const auto assets = sorted_data_assets(services(), kE);
    ASSERT_EQ(assets.size(), 7u);
    EXPECT_EQ(assets.front().id, kESortedFirstId);
    EXPECT_EQ(assets.front().created, 1702783011);
    EXPECT_EQ(assets.back().name, std::string(kE) + "_sorted_2024-03-01_16-02-45");
    for (std::size_t i = 1; i < assets.size(); ++i) EXPECT_LE(assets[i - 1].created, assets[i].created);
    EXPECT_TRUE(sorted_data_assets(services(), "ecephys_676909_2023-12-13_13-43-39").empty());
}

TEST_F(CoreEcephysStack, ProbesAnalyzerAndOutputOfASortedAsset) {
    const auto first = asset(kESortedFirstId);
    EXPECT_EQ(sorted_probe_names(services(), first), kProbesAToF);
    EXPECT_FALSE(is_sorting_analyzer(services(), first));
    EXPECT_TRUE(is_sorting_analyzer(services(), asset(kAnalyzerId)));
    EXPECT_FALSE(is_sorting_error(services(), first));
    EXPECT_TRUE(sorted_probe_names(services(), asset(kIncompleteId)).empty());  // only an output file
    EXPECT_TRUE(is_sorting_error(services(), asset(kIncompleteId)));            // Out of memory.
}

TEST_F(CoreEcephysStack, ClippedAndCompressedDirsOfTheRawAsset) {
    const ClippedAndCompressed dirs = clipped_and_compressed_dirs(services(), asset(kERawId));
    EXPECT_EQ(dirs.clipped, std::string("s3://aind-ephys-data/") + kE + "/ecephys_clipped");
    EXPECT_EQ(dirs.compressed, std::string("s3://aind-ephys-data/") + kE + "/ecephys_compressed");
}

TEST_F(CoreEcephysStack, ClippedAndCompressedDirsOfA2024UploadAreInTheEcephysFolder) {
    const ClippedAndCompressed dirs =
        clipped_and_compressed_dirs(services(), raw_asset("ecephys_747816_2024-08-14_13-57-37"));
    ASSERT_TRUE(dirs.clipped.has_value());
    EXPECT_TRUE(dirs.clipped->ends_with("/ecephys_747816_2024-08-14_13-57-37/ecephys/ecephys_clipped"))
        << *dirs.clipped;
}

TEST_F(CoreEcephysStack, IsSortedWhenTheLatestSortedAssetHasNoError) {
    EXPECT_TRUE(is_sorted(services(), kE));
    EXPECT_FALSE(is_sorted(services(), "ecephys_676909_2023-12-13_13-43-39"));  // no such session
    const auto many = is_sorted_many(services(), {kE, "ecephys_676909_2023-12-13_13-43-39", "not a session"});
    ASSERT_EQ(many.size(), 3u);
    EXPECT_TRUE(many[0].value());
    EXPECT_FALSE(many[1].value());
    EXPECT_EQ(many[2].error().kind(), ErrorKind::invalid_input);
}

TEST_F(CoreEcephysStack, RunSortingSkipsWhileARunWithTheAssetIsInProgress) {
    const std::string id = raw_asset("ecephys_733887_2024-08-16_12-16-49").id;
    EXPECT_EQ(run_sorting(services(), id, {"ecephys_ks25", id}), std::nullopt);
    EXPECT_TRUE(codeocean_requests("POST", "^/api/v1/computations/?$").empty());
}

TEST_F(CoreEcephysStack, RunSortingPostsOnce) {
    EXPECT_EQ(error_of([&] { run_sorting(services(), kERawId, {"ecephys_ks25"}); }).kind(), ErrorKind::invalid_input);
    const auto computation = run_sorting(services(), kERawId, {"ecephys_ks25", kERawId});
    ASSERT_TRUE(computation.has_value());
    EXPECT_EQ(codeocean_requests("POST", "^/api/v1/computations/?$").size(), 1u);
    const std::string stored = services().codeocean().get_computation(computation->id).raw_json;
    EXPECT_NE(stored.find("ecephys_ks25"), std::string::npos) << stored;
    EXPECT_NE(stored.find(kERawId), std::string::npos) << stored;
}

TEST_F(CoreEcephysStack, ReportOfASessionAnswersEveryPart) {
    const EcephysReport report = report_ecephys(services(), kE);
    ASSERT_TRUE(report.sorted_assets.ok()) << report.sorted_assets.error().what();
    const auto& assets = report.sorted_assets.value();
    ASSERT_EQ(assets.size(), 7u);
    EXPECT_TRUE(report.failures().empty());
    EXPECT_EQ(report.sorted(), true);
    EXPECT_EQ(assets.front().probes.value(), kProbesAToF);
    int failed = 0;
    for (const auto& a : assets) {
        EXPECT_EQ(a.sorter_name.value(), "kilosort2_5") << a.asset.name;
        EXPECT_FALSE(a.is_sorting_analyzer.value()) << a.asset.name;
        failed += a.is_sorting_error.value();
        EXPECT_EQ(a.is_sorting_error.value(), !a.error_marker.empty()) << a.asset.name;
    }
    EXPECT_EQ(failed, 2);  // out of memory, essential container exited
}
