// tests/cpp/naming_test.cpp
//
// The session-name grammar (docs/naming.md §1-§3, §5, §8, §9): table-driven cases, then
// round trips of generated names. The current year is injected (2026) so nothing depends
// on the clock.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "aind/common/error.hpp"
#include "aind/naming/asset_name.hpp"
#include "aind/naming/filters.hpp"
#include "aind/naming/session_id.hpp"

using namespace aind::naming;

namespace {

constexpr int kYear = 2026;

struct IdCase {
    const char* input;
    const char* id;  // expected normalised ID, or nullptr when the input must be rejected
    const char* platform;
    const char* subject;
};

const IdCase kIdCases[] = {
    // bare IDs, every era's platforms, hyphenated and mixed-case ones
    {"ecephys_676909_2023-12-13_13-43-40", "ecephys_676909_2023-12-13_13-43-40", "ecephys", "676909"},
    {"multiplane-ophys_721291_2024-05-08_08-05-54", "multiplane-ophys_721291_2024-05-08_08-05-54", "multiplane-ophys",
     "721291"},
    {"single-plane-ophys_721291_2024-05-08_08-05-54", "single-plane-ophys_721291_2024-05-08_08-05-54",
     "single-plane-ophys", "721291"},
    {"motor-observatory_754372_2024-11-05_12-00-00", "motor-observatory_754372_2024-11-05_12-00-00",
     "motor-observatory", "754372"},
    {"SmartSPIM_738819_2024-06-21_13-48-58", "SmartSPIM_738819_2024-06-21_13-48-58", "SmartSPIM", "738819"},
    {"smartSPIM_738819_2024-06-21_13-48-58", "smartSPIM_738819_2024-06-21_13-48-58", "smartSPIM", "738819"},
    {"exaSPIM_703070_2024-07-09_12-52-33", "exaSPIM_703070_2024-07-09_12-52-33", "exaSPIM", "703070"},
    {"FIP_655565_2023-03-28_11-11-11", "FIP_655565_2023-03-28_11-11-11", "FIP", "655565"},
    {"SLAP2_712345_2024-01-02_03-04-05", "SLAP2_712345_2024-01-02_03-04-05", "SLAP2", "712345"},
    {"ECEPHYS_676909_2023-12-13_13-43-40", "ECEPHYS_676909_2023-12-13_13-43-40", "ECEPHYS", "676909"},
    // platformless (schema v2), 7 digits, leading zeros kept
    {"804430_2025-11-26_23-41-33", "804430_2025-11-26_23-41-33", "", "804430"},
    {"1234567_2024-01-02_03-04-05", "1234567_2024-01-02_03-04-05", "", "1234567"},
    {"SmartSPIM_018559_2023-01-10_10-40-57", "SmartSPIM_018559_2023-01-10_10-40-57", "SmartSPIM", "018559"},
    {"2p_676909_2023-12-13_13-43-40", "676909_2023-12-13_13-43-40", "", "676909"},
    // paths, URLs, derived names and chains
    {"/root/capsule/aind_session/ecephys_676909_2023-12-13_13-43-40", "ecephys_676909_2023-12-13_13-43-40", "ecephys",
     "676909"},
    {"s3://aind-open-data/behavior_717121_2024-06-16_11-39-34/behavior/", "behavior_717121_2024-06-16_11-39-34",
     "behavior", "717121"},
    {"C:\\data\\ecephys_676909_2023-12-13_13-43-40\\x", "ecephys_676909_2023-12-13_13-43-40", "ecephys", "676909"},
    {"https://x.org/view?name=ecephys_676909_2023-12-13_13-43-40", "ecephys_676909_2023-12-13_13-43-40", "ecephys",
     "676909"},
    {"ecephys_676909_2023-12-13_13-43-40_sorted_2024-03-01_16-02-45", "ecephys_676909_2023-12-13_13-43-40", "ecephys",
     "676909"},
    {"exaSPIM_703070_2024-07-09_12-52-33_flatfield-correction_2024-07-18_12-43-27_fusion_2024-07-19_01-02-03",
     "exaSPIM_703070_2024-07-09_12-52-33", "exaSPIM", "703070"},
    {"zarr://s3://b/SmartSPIM/SmartSPIM_717381_2024-07-03_10-49-01_stitched_2024-08-16_23-15-47/x.zarr/",
     "SmartSPIM_717381_2024-07-03_10-49-01", "SmartSPIM", "717381"},
    // the original's other separators, sub-seconds
    {"ecephys_686740_2023_10_26_12_29_08_to_dlc_side", "ecephys_686740_2023-10-26_12-29-08", "ecephys", "686740"},
    {"ecephys_676909_2023/12/13_13:43:40", "ecephys_676909_2023-12-13_13-43-40", "ecephys", "676909"},
    {"ecephys_676909_2023-12-13_13.43.40.123456", "ecephys_676909_2023-12-13_13-43-40", "ecephys", "676909"},
    // junk around the ID is not part of the platform
    {"foo ecephys_676909_2023-12-13_13-43-40", "ecephys_676909_2023-12-13_13-43-40", "ecephys", "676909"},
    {"\"ecephys_676909_2023-12-13_13-43-40\"", "ecephys_676909_2023-12-13_13-43-40", "ecephys", "676909"},
    {"x.ecephys_676909_2023-12-13_13-43-40", "ecephys_676909_2023-12-13_13-43-40", "ecephys", "676909"},
    // the leftmost ID wins, and later valid IDs are found after lexical misses
    {"a/behavior_751004_2024-12-23_14-20-03_sorted/nwb/behavior_751004_2024-12-23_14-19-57_x.nwb",
     "behavior_751004_2024-12-23_14-20-03", "behavior", "751004"},
    {"ecephys_676909_2023-13-13_13-43-40 then ecephys_676909_2023-12-13_13-43-40", "ecephys_676909_2023-12-13_13-43-40",
     "ecephys", "676909"},
    {"sorted_2023-12-16_06-52-11_ecephys_366122_2023-12-15_10-00-00", "ecephys_366122_2023-12-15_10-00-00", "ecephys",
     "366122"},
    // rejected: no lexical match, calendar, year, digit after the seconds
    {"ecephys_67690_2023-12-13_13-43-40", nullptr, nullptr, nullptr},
    {"ecephys_67690900_2023-12-13_13-43-40", nullptr, nullptr, nullptr},
    {"ecephys_676909_2023-13-13_13-43-40", nullptr, nullptr, nullptr},
    {"ecephys_676909_2023-12-13_25-43-40", nullptr, nullptr, nullptr},
    {"ecephys_676909_2023-12-13_13-60-40", nullptr, nullptr, nullptr},
    {"ecephys_676909_2023-02-30_13-43-40", nullptr, nullptr, nullptr},
    {"ecephys_676909_2023-02-30_13-43-40_sorted_2024-03-01_16-02-45", nullptr, nullptr, nullptr},
    {"ecephys_676909_2015-12-13_13-43-40", nullptr, nullptr, nullptr},
    {"ecephys_676909_2027-01-01_00-00-00", nullptr, nullptr, nullptr},
    {"ecephys_676909_2030-01-01_00-00-00", nullptr, nullptr, nullptr},
    {"ecephys_676909_2023-12-13_13-43-401", nullptr, nullptr, nullptr},
    {"ecephys_676909_2023-12-13T13-43-40", nullptr, nullptr, nullptr},
    {"SmartSPIM_AK028_2023-06-08_18-31-40", nullptr, nullptr, nullptr},
    {"HCR_788639-25_2023-06-08_18-31-40", nullptr, nullptr, nullptr},
    {"M676909_2023-12-13_13-43-40", nullptr, nullptr, nullptr},
    {"Example T1 and T2 MRI Images", nullptr, nullptr, nullptr},
    {"", nullptr, nullptr, nullptr},
    {"ecephys_６７６９０９_2023-12-13_13-43-40", nullptr, nullptr, nullptr},
};

}  // namespace

TEST(SessionId, ParsesEveryTableCase) {
    for (const auto& c : kIdCases) {
        SCOPED_TRACE(c.input);
        if (c.id == nullptr) {
            EXPECT_THROW(parse_session_id(c.input, kYear), aind::Error);
            continue;
        }
        const SessionId s = parse_session_id(c.input, kYear);
        EXPECT_EQ(s.id(), c.id);
        EXPECT_EQ(s.platform, c.platform);
        EXPECT_EQ(s.subject, c.subject);
    }
}

TEST(SessionId, ExposesDateTimeFieldsAsTheOriginal) {
    const SessionId s = parse_session_id("ecephys_676909_2023-12-13_13-43-40", kYear);
    EXPECT_EQ(s.dt.date(), "2023-12-13");
    EXPECT_EQ(s.dt.time(), "13:43:40");
    EXPECT_EQ(s.dt.iso(), "2023-12-13 13:43:40");
}

TEST(SessionId, AcceptsLeapDayOnlyInLeapYears) {
    EXPECT_NO_THROW(parse_session_id("ecephys_676909_2024-02-29_13-43-40", kYear));
    EXPECT_THROW(parse_session_id("ecephys_676909_2023-02-29_13-43-40", kYear), aind::Error);
}

TEST(SessionId, YearBoundIsInjectable) {
    EXPECT_THROW(parse_session_id("ecephys_676909_2025-01-01_00-00-00", 2024), aind::Error);
    EXPECT_NO_THROW(parse_session_id("ecephys_676909_2025-01-01_00-00-00", 2025));
    EXPECT_NO_THROW(parse_session_id("ecephys_676909_2016-01-01_00-00-00", 2025));
}

TEST(SessionId, ErrorsQuoteTheInputAndSayWhatWasExpected) {
    auto message = [](const char* text) {
        try {
            parse_session_id(text, kYear);
        } catch (const aind::Error& e) {
            EXPECT_EQ(e.kind(), aind::ErrorKind::invalid_input);
            return std::string(e.what());
        }
        return std::string("no error");
    };
    const std::string five = message("ecephys_67690_2023-12-13_13-43-40");
    EXPECT_NE(five.find("\"ecephys_67690_2023-12-13_13-43-40\""), std::string::npos) << five;
    EXPECT_NE(five.find("expected <platform>_<subject>_<YYYY-MM-DD>_<HH-MM-SS>"), std::string::npos) << five;
    EXPECT_NE(five.find("has 5 digits, expected 6 or 7"), std::string::npos) << five;
    EXPECT_NE(message("ecephys_676909_2023-13-13_13-43-40").find("month 13 is out of range"), std::string::npos);
    EXPECT_NE(message("ecephys_676909_2023-12-13_25-43-40").find("hour 25 is out of range"), std::string::npos);
    EXPECT_NE(message("ecephys_676909_2023-02-30_13-43-40").find("day 30 is out of range for 2023-02 (28 days)"),
              std::string::npos);
    EXPECT_NE(message("ecephys_676909_2015-12-13_13-43-40").find("year 2015"), std::string::npos);
    EXPECT_NE(message("SmartSPIM_AK028_2023-06-08_18-31-40").find("subject \"AK028\""), std::string::npos);
    EXPECT_NE(message("ecephys_676909_2023-12-13T13-43-40").find("not \"T\""), std::string::npos);
    EXPECT_NE(message("ecephys_676909_2023-12-13").find("no time"), std::string::npos);
}

TEST(SessionId, ExplainsNearMissesFarIntoLongTexts) {
    // The hint looks only around date-like spots, so a long run of digits or letters (which
    // once exhausted the stack of std::regex) gives a plain error, and a near-miss deep in a
    // long path is still explained.
    const std::string digits(200000, '7');
    try {
        parse_session_id(digits + "_2023-12-13", kYear);
        FAIL() << "accepted a 200000-digit subject";
    } catch (const aind::Error& e) {
        EXPECT_NE(std::string(e.what()).find("expected 6 or 7"), std::string::npos) << e.what();
    }
    const std::string deep = std::string(100000, 'x') + "/ecephys_676909_2023-13-13_13-43-40";
    try {
        parse_session_id(deep, kYear);
        FAIL() << "accepted month 13";
    } catch (const aind::Error& e) {
        EXPECT_NE(std::string(e.what()).find("month 13 is out of range"), std::string::npos) << e.what();
    }
}

TEST(SessionId, SuffixStopsAtThePathSeparator) {
    const std::string text = "s3://b/ecephys_676909_2023-12-13_13-43-40_sorted_2024-03-01_16-02-45/nwb/x.nwb";
    const ScanResult r = scan_session_id(text, kYear);
    ASSERT_EQ(r.status, ScanStatus::ok);
    EXPECT_EQ(session_suffix(text, r.match), "_sorted_2024-03-01_16-02-45");
    EXPECT_EQ(text.substr(r.match.begin, 7), "ecephys");
}

struct AssetCase {
    const char* name;
    AssetKind kind;
    std::vector<std::string> labels;
    const char* tail;
};

TEST(AssetName, ClassifiesRawDerivedAndOther) {
    const AssetCase cases[] = {
        {"ecephys_676909_2023-12-13_13-43-40", AssetKind::raw, {}, ""},
        {"ecephys_676909_2023-12-13_13-43-40_sorted_2024-03-01_16-02-45", AssetKind::derived, {"sorted"}, ""},
        {"ecephys_676909_2023-12-13_13-43-40_sorted_2024-03-01_16-02-45_curated_2024-03-02_01-00-00",
         AssetKind::derived,
         {"sorted", "curated"},
         ""},
        {"behavior_676909_2023-12-13_13-43-40_dlc_face_2024-03-01_16-02-45", AssetKind::derived, {"dlc_face"}, ""},
        {"ecephys_622155_2022-05-31_15-29-16_2023-06-01_14-45-05", AssetKind::derived, {""}, ""},
        {"ecephys_676909_2023-12-13_13-43-40__2024-03-01_16-02-45", AssetKind::derived, {""}, ""},
        {"SmartSPIM_717381_2024-07-03_10-49-01_stitched_2024-08-16_23-15-47.zarr",
         AssetKind::derived,
         {"stitched"},
         ".zarr"},
        {"ecephys_676909_2023-12-13_13-43-40_sorted_2024-13-45_99-99-99", AssetKind::derived, {"sorted"}, ""},
        {"ecephys_676909_2023-12-13_13-43-40_sorted", AssetKind::other, {}, "_sorted"},
        {"ecephys_676909_2023-12-13_13-43-40.nwb", AssetKind::other, {}, ".nwb"},
        {"ecephys_676909_2023-12-13_13-43-40_sorted_2024_03_01_16_02_45",
         AssetKind::other,
         {},
         "_sorted_2024_03_01_16_02_45"},
        {"ecephys_676909_2023-12-13_13-43-40_sorted_2024-03-01_16-02-451",
         AssetKind::other,
         {},
         "_sorted_2024-03-01_16-02-451"},
        {"s3://b/ecephys_676909_2023-12-13_13-43-40/ecephys/x_2024-03-01_16-02-45", AssetKind::raw, {}, ""},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        const AssetName a = parse_asset_name(c.name, kYear);
        EXPECT_EQ(a.kind, c.kind);
        std::vector<std::string> labels;
        for (const auto& step : a.steps) labels.push_back(step.label);
        EXPECT_EQ(labels, c.labels);
        EXPECT_EQ(a.tail, c.tail);
    }
}

TEST(AssetName, KeepsEachStepDatetime) {
    const AssetName a = parse_asset_name(
        "exaSPIM_703070_2024-07-09_12-52-33_flatfield-correction_2024-07-18_12-43-27_fusion_2024-07-19_01-02-03",
        kYear);
    ASSERT_EQ(a.steps.size(), 2u);
    EXPECT_EQ(a.steps[0].label, "flatfield-correction");
    EXPECT_EQ(a.steps[0].created.name_form(), "2024-07-18_12-43-27");
    EXPECT_EQ(a.steps[1].created.name_form(), "2024-07-19_01-02-03");
    EXPECT_EQ(a.session.id(), "exaSPIM_703070_2024-07-09_12-52-33");
}

TEST(FilterDatetime, ReadsEveryFormOfTheSeedAndTheOriginalDocs) {
    const char* same_day[] = {"2023-12-13", "2023/12/13", "20231213", "2023-1213", "2023_12_13", " 2023-12-13 "};
    for (const char* text : same_day) {
        SCOPED_TRACE(text);
        const FilterDatetime f = parse_filter_datetime(text);
        EXPECT_EQ(f.dt.date(), "2023-12-13");
        EXPECT_FALSE(f.has_time);
        EXPECT_EQ(f.dt.time(), "00:00:00");
    }
    const char* same_time[] = {"2023-12-13_13-43-40",
                               "2023-12-13 13:43:40",
                               "20231213_134340",
                               "2023-12-13T13:43:40",
                               "2023-12-13T13:43:40.123456",
                               "2023-12-13T13:43:40Z",
                               "2023-12-13T13:43:40+05:00",
                               "20231213T134340",
                               "20231213 134340",
                               "2023-12-13-13-43-40",
                               "2023-12-13_134340",
                               "2023/12/13 13:43:40",
                               "20231213134340",
                               "2023-12-13_13_43_40",
                               "ecephys_676909_2023-12-13_13-43-40_sorted_2024-03-01_16-02-45"};
    for (const char* text : same_time) {
        SCOPED_TRACE(text);
        const FilterDatetime f = parse_filter_datetime(text);
        EXPECT_EQ(f.dt.iso(), "2023-12-13 13:43:40");
        EXPECT_TRUE(f.has_time);
    }
}

TEST(FilterDatetime, RejectsWhatItCannotReadInsteadOfGuessingMidnight) {
    const char* bad[] = {
        "2023-12-13 24:00:00", "2023-12-13 13:43", "2023-12-13 1:43:40", "2023-02-30", "2023-13-01",
        "13/12/2023",          "Dec 13 2023",      "2023-1-5",           "",           "2023-12-13 13:43:40 PM",
        "1999-01-01"};
    for (const char* text : bad) {
        SCOPED_TRACE(text);
        EXPECT_THROW(parse_filter_datetime(text), aind::Error);
    }
    try {
        parse_filter_datetime("2023-12-13 24:00:00");
    } catch (const aind::Error& e) {
        EXPECT_NE(std::string(e.what()).find("hour 24 is out of range 00-23"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("\"2023-12-13 24:00:00\""), std::string::npos) << e.what();
    }
}

TEST(SubjectId, FindsLabTracksIdsAndKeepsThemAsWritten) {
    EXPECT_EQ(find_subject_id("676909"), "676909");
    EXPECT_EQ(find_subject_id("/root/capsule/aind_session/ecephys_676909_2023-12-13_13-43-40"), "676909");
    EXPECT_EQ(find_subject_id("676909_2023-12-13_13-43-40"), "676909");
    EXPECT_EQ(find_subject_id("018559"), "018559");
    EXPECT_EQ(find_subject_id("20231213_134340 mouse 1234567"), "1234567");
    EXPECT_EQ(find_subject_id("12345"), std::nullopt);
    EXPECT_EQ(find_subject_id("12345678"), std::nullopt);
    EXPECT_THROW(parse_subject_id("AK028"), aind::Error);
}

TEST(Uuid, NormalisesWithOrWithoutHyphens) {
    const std::string canonical = "867ed56f-f9cc-4649-8b9f-97efc4dbd4cd";
    EXPECT_EQ(normalize_uuid("867ed56f-f9cc-4649-8b9f-97efc4dbd4cd"), canonical);
    EXPECT_EQ(normalize_uuid("867ed56ff9cc46498b9f97efc4dbd4cd"), canonical);
    EXPECT_EQ(normalize_uuid("867ED56F-F9CC-4649-8B9F-97EFC4DBD4CD"), canonical);
    EXPECT_EQ(normalize_uuid("{867ed56f-f9cc-4649-8b9f-97efc4dbd4cd}"), canonical);
    EXPECT_EQ(normalize_uuid("urn:uuid:867ed56f-f9cc-4649-8b9f-97efc4dbd4cd"), canonical);
    EXPECT_THROW(normalize_uuid("867ed56f"), aind::Error);
    EXPECT_THROW(normalize_uuid("867ed56f-f9cc-4649-8b9f-97efc4dbd4cz"), aind::Error);
    EXPECT_THROW(normalize_uuid("867ed56ff9cc-4649-8b9f-97efc4dbd4cd-"), aind::Error);
    EXPECT_FALSE(is_uuid("ecephys_676909_2023-12-13_13-43-40"));
}

// ---- round trips of generated names ------------------------------------------------------

namespace {

std::string two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

}  // namespace

TEST(SessionId, RoundTripsGeneratedNames) {
    std::mt19937 rng(12345);
    const char* platforms[] = {"ecephys", "behavior", "SmartSPIM", "multiplane-ophys", "FIP", "SLAP2", ""};
    const char* date_seps = "-/_";
    const char* time_seps = "-:._";
    for (int i = 0; i < 20000; ++i) {
        const std::string platform = platforms[rng() % 7];
        std::string subject = std::to_string(100000 + rng() % 9000000);
        const int year = 2016 + static_cast<int>(rng() % 11), month = 1 + static_cast<int>(rng() % 12);
        const int day = 1 + static_cast<int>(rng() % days_in_month(year, month));
        const int h = static_cast<int>(rng() % 24), mi = static_cast<int>(rng() % 60), s = static_cast<int>(rng() % 60);
        const char ds = date_seps[rng() % 3], ts = time_seps[rng() % 4];
        const std::string written = (platform.empty() ? "" : platform + "_") + subject + "_" + std::to_string(year) +
                                    ds + two(month) + ds + two(day) + "_" + two(h) + ts + two(mi) + ts + two(s);
        const std::string canonical = (platform.empty() ? "" : platform + "_") + subject + "_" + std::to_string(year) +
                                      "-" + two(month) + "-" + two(day) + "_" + two(h) + "-" + two(mi) + "-" + two(s);
        const std::string derived = written + "_sorted_2024-03-01_16-02-45";
        const std::string path = "s3://bucket/" + derived + "/nwb/file.nwb";
        for (const std::string& text : {written, derived, path}) {
            const SessionId parsed = parse_session_id(text, kYear);
            ASSERT_EQ(parsed.id(), canonical) << text;
            ASSERT_EQ(parse_session_id(parsed.id(), kYear), parsed) << text;
        }
        ASSERT_EQ(parse_asset_name(derived, kYear).kind, AssetKind::derived);
        ASSERT_EQ(parse_asset_name(canonical, kYear).kind, AssetKind::raw);
    }
}
