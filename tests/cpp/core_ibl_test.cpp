// tests/cpp/core_ibl_test.cpp
//
// IBL probe-alignment annotations (src/core/ibl.cpp, ibl_ccf.cpp): DocDB timestamps, which
// evaluation is a probe's latest, and CCF records (scale, key order, exact numbers), on
// hand-made records; then the annotations of subject 795555 in the local stack's DocDB.
#include <gtest/gtest.h>

#include <functional>

#include "aind/common/error.hpp"
#include "aind/core/ibl.hpp"
#include "stack_environment.hpp"
#include "support/error_of.hpp"

using namespace aind::core;
using aind::ErrorKind;
using aind_test::error_of;

namespace {

[[maybe_unused]] aind_test::LocalStack& g_stack = aind_test::LocalStack::instance();

constexpr const char* kSession = "ecephys_795555_2025-08-26_11-29-20";

using CoreIblStack = aind_test::StackTest;

// An evaluation of the IBL alignment GUI for `probe`, created at `created` (JSON, or omitted
// when empty), whose latest curation is `payload` (a JSON text, stored as a string).
std::string evaluation(const std::string& probe, const std::string& created, const std::string& payload) {
    std::string escaped;
    for (char c : payload) escaped += c == '"' ? std::string("\\\"") : std::string(1, c);
    return R"({"name": "Probe Alignment for )" + std::string(kSession) + "_" + probe + "\"" +
           (created.empty() ? "" : ", \"created\": " + created) +
           R"(, "metrics": [{"name": "IBL alignment", "value": {"curations": ["{}", ")" + escaped + R"("]}}]})";
}

std::string record(const std::string& id, const std::vector<std::string>& evaluations) {
    std::string list;
    for (const auto& e : evaluations) list += (list.empty() ? "" : ", ") + e;
    return R"({"_id": ")" + id + R"(", "quality_control": {"evaluations": [)" + list + "]}}";
}

std::string payload_of(const IblAnnotations& annotations, const std::string& probe) {
    for (const auto& [p, json] : annotations)
        if (p == probe) return json;
    return "(none)";
}

}  // namespace

TEST(DocDbTimestamp, ReadsIsoTextAsUtcMicroseconds) {
    const auto z = docdb_timestamp_micros("2025-08-29T01:23:45Z");
    ASSERT_TRUE(z.has_value());
    EXPECT_EQ(*z, 1756430625LL * 1000000);
    EXPECT_EQ(docdb_timestamp_micros("2025-08-29 01:23:45"), z);  // naive: UTC
    EXPECT_EQ(docdb_timestamp_micros("2025-08-29T03:23:45+02:00"), z);
    EXPECT_EQ(docdb_timestamp_micros(" 2025-08-29T01:23:45Z\n"), z);  // white space around it is dropped
    EXPECT_EQ(docdb_timestamp_micros("20250829T012345+0000"), z);
    EXPECT_EQ(docdb_timestamp_micros("2025-08-29T01:23:45.5Z"), *z + 500000);
    EXPECT_EQ(docdb_timestamp_micros("2025-08-29"), 1756425600LL * 1000000);
}

TEST(DocDbTimestamp, UnreadableTextIsNothing) {
    for (const char* text :
         {"", "yesterday", "2025-02-30T00:00:00", "2025-8-29", "2025-08-29T24:00:00", "2025-08-29T01:23:45 and more"})
        EXPECT_EQ(docdb_timestamp_micros(text), std::nullopt) << text;
}

TEST(IblQuery, AsksForDerivedEcephysRecordsWithAnAlignmentOfTheSession) {
    const DocDbQuery q = ibl_annotations_query(kSession);
    EXPECT_NE(q.filter.find(R"("data_description.data_level":"derived")"), std::string::npos) << q.filter;
    EXPECT_NE(q.filter.find(R"("data_description.modality.abbreviation":"ecephys")"), std::string::npos);
    EXPECT_NE(q.filter.find(std::string(R"("$regex":"Probe Alignment for .*)") + kSession + "\""), std::string::npos);
    EXPECT_NE(ibl_annotations_query("a.b").filter.find(R"("$regex":"a\\.b")"), std::string::npos);  // literal
    EXPECT_NE(q.projection.find("quality_control.evaluations.metrics.value.curations"), std::string::npos);
    EXPECT_EQ(q.sort, R"({"created": 1})");
}

TEST(LatestIblAnnotations, TheLatestEvaluationOfEachProbeByCreated) {
    const std::vector<std::string> records = {
        record("r1", {evaluation("ProbeB_0", R"("2025-08-29T05:00:00Z")", R"({"v": "b old"})"),
                      evaluation("ProbeA_0", R"("2025-08-29T05:00:00Z")", R"({"v": "a first"})"),
                      evaluation("ProbeC_0", "", R"({"v": "c undated"})")}),
        record("r2", {evaluation("ProbeB_0", R"("2025-08-29T07:00:00+01:00")", R"({"v": "b new"})"),
                      evaluation("ProbeA_0", R"("2025-08-29 05:00:00")", R"({"v": "a same time"})"),
                      evaluation("ProbeC_0", R"("not a date")", R"({"v": "c unreadable"})"),
                      R"({"name": "Probe Alignment for ecephys_111111_2025-01-01_00-00-00_ProbeZ"})",
                      R"({"name": "Something else", "metrics": []})"}),
    };
    const IblAnnotations latest = latest_ibl_annotations_in(records, kSession);
    ASSERT_EQ(latest.size(), 3u);
    EXPECT_EQ(latest[0].first, "ProbeA_0");                            // sorted by probe
    EXPECT_EQ(payload_of(latest, "ProbeA_0"), R"({"v": "a first"})");  // equals: the first seen
    EXPECT_EQ(payload_of(latest, "ProbeB_0"), R"({"v": "b new"})");
    EXPECT_EQ(payload_of(latest, "ProbeC_0"), R"({"v": "c undated"})");  // both earliest
}

TEST(LatestIblAnnotations, NoAlignmentIsNotFoundAndAPayloadThatIsNoObjectIsAProtocolError) {
    const aind::Error none = error_of([] { latest_ibl_annotations_in({record("r", {})}, kSession); });
    EXPECT_EQ(none.kind(), ErrorKind::not_found);
    EXPECT_EQ(std::string(none.what()),
              std::string("No IBL probe-alignment evaluations found in any DocDB asset for '") + kSession + "'");
    const aind::Error list =
        error_of([] { latest_ibl_annotations_in({record("r", {evaluation("ProbeA_0", "", "[1, 2]")})}, kSession); });
    EXPECT_EQ(list.kind(), ErrorKind::protocol);
    EXPECT_NE(std::string(list.what()).find("DocDB record r"), std::string::npos) << list.what();
}

TEST(IblCcfRecords, MillimetresBecomeMicrometresWithTheChannelsValuesKept) {
    const IblAnnotations annotations = {
        {"ProbeA_0", R"({"ccf_channel_results": {"channel_0": {"x": -4.25, "y": 3.959097146987915, "z": 1,
                       "brain_region_id": 56, "device_name": "old"}, "channel_x": {"x": 0.0, "y": 0.0, "z": 0.0}}})"}};
    const std::vector<std::string> records = ibl_ccf_records(annotations);
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[0],
              R"({"x": -4.25, "y": 3.959097146987915, "z": 1, "brain_region_id": 56, "device_name": "ProbeA_0", )"
              R"("channel_number": 0, "ccf_ap": 3959.097146987915, "ccf_ml": 4250.0, "ccf_dv": -1000.0})");
    EXPECT_EQ(records[1], R"({"x": 0.0, "y": 0.0, "z": 0.0, "ccf_ap": 0.0, "ccf_ml": -0.0, "ccf_dv": -0.0, )"
                          R"("device_name": "ProbeA_0"})");  // no integer after the last '_'
}

TEST(IblCcfRecords, ChannelNumbersAreReadAsPythonsIntReadsThem) {
    // White space around the digits (any, as str.strip() drops), a sign, leading zeros.
    const auto records = ibl_ccf_records(
        {{"P",
          R"({"ccf_channel_results": {"c_ 007\r\n": {"x": 1, "y": 1, "z": 1}, "c_-3": {"x": 1, "y": 1, "z": 1}}})"}});
    ASSERT_EQ(records.size(), 2u);
    EXPECT_NE(records[0].find(R"("channel_number": 7,)"), std::string::npos) << records[0];
    EXPECT_NE(records[1].find(R"("channel_number": -3,)"), std::string::npos) << records[1];
}

TEST(IblCcfRecords, MicrometresStayAndLargerCoordinatesAreRefused) {
    const auto um = ibl_ccf_records({{"P", R"({"ccf_channel_results": {"c_7": {"x": 100, "y": 19999.5, "z": 2}}})"}});
    ASSERT_EQ(um.size(), 1u);
    EXPECT_NE(um[0].find(R"("channel_number": 7, "ccf_ap": 19999.5, "ccf_ml": -100.0, "ccf_dv": -2.0)"),
              std::string::npos)
        << um[0];
    const aind::Error big =
        error_of([] { ibl_ccf_records({{"P", R"({"ccf_channel_results": {"c_1": {"x": 20000, "y": 0, "z": 0}}})"}}); });
    EXPECT_EQ(big.kind(), ErrorKind::protocol);
    EXPECT_TRUE(std::string(big.what()).starts_with("Invalid CCF coordinate magnitude: 20000 ")) << big.what();
    EXPECT_EQ(error_of([] { ibl_ccf_records({{"P", R"({"channel_results": {}})"}}); }).kind(), ErrorKind::protocol);
}

TEST_F(CoreIblStack, LatestAnnotationsOfEachProbeOfASession) {
    const IblAnnotations annotations = latest_ibl_annotations(services(), kSession);
    std::vector<std::string> probes;
    for (const auto& [probe, json] : annotations) probes.push_back(probe);
    EXPECT_EQ(probes,
              (std::vector<std::string>{"ProbeA_0", "ProbeB_0", "ProbeC_0", "ProbeD_0", "ProbeE_0", "ProbeF_0"}));
    EXPECT_NE(annotations[0].second.find(R"("channel_0": {"x": -7933.268896065394, "y": 8776.9523900287)"),
              std::string::npos)
        << annotations[0].second.substr(0, 200);
}

TEST_F(CoreIblStack, CcfRecordsOfASessionInMicrometres) {
    const std::vector<std::string> records = ibl_ccf_records(latest_ibl_annotations(services(), kSession));
    ASSERT_EQ(records.size(), 24u);  // six probes of four channels
    EXPECT_EQ(records[0],
              R"({"x": -4.235408306121826, "y": 3.959097146987915, "z": -5.8538970947265625, "axial": 0.0, )"
              R"("lateral": 16.0, "brain_region_id": 56, "brain_region": "ACB", "channel_number": 0, )"
              R"("ccf_ap": 3959.097146987915, "ccf_ml": 4235.408306121826, "ccf_dv": 5853.8970947265625, )"
              R"("device_name": "ProbeA_0"})");
}

TEST_F(CoreIblStack, ASessionWithoutAlignmentsIsNotFound) {
    const aind::Error e = error_of([&] { latest_ibl_annotations(services(), "ecephys_676909_2023-12-13_13-43-40"); });
    EXPECT_EQ(e.kind(), ErrorKind::not_found);
    EXPECT_TRUE(std::string(e.what()).starts_with("No IBL probe-alignment evaluations found in DocDB for "));
}
