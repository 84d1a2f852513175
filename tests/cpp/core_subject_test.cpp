// tests/cpp/core_subject_test.cpp
//
// One mouse's data (src/core/subject.cpp): the sessions its assets name, filtered as
// get_sessions() filters them (bounds inclusive, a date-only end covering its day), and,
// against the local stack, its assets found three ways without duplicates.
#include <gtest/gtest.h>

#include <set>

#include "aind/common/error.hpp"
#include "aind/core/subject.hpp"
#include "stack_environment.hpp"

using namespace aind::core;

namespace {

[[maybe_unused]] aind_test::LocalStack& g_stack = aind_test::LocalStack::instance();

const std::vector<std::string> kNames = {
    "ecephys_676909_2023-12-13_13-43-40_sorted_2024-03-01_16-02-45",
    "ecephys_676909_2023-12-13_13-43-40",
    "behavior_676909_2023-10-24_15-15-50",
    "ecephys_676909_2023-12-14_12-43-11",
    "ecephys_668759_2023-07-11_13-07-32",  // another subject: the search is a superset
    "Example T1 and T2 MRI Images",        // no session ID at all
};

std::vector<std::string> sessions(SessionFilter filter) { return sessions_of_subject(kNames, "676909", filter); }

}  // namespace

TEST(SubjectSessions, AreTheSubjectsOwnOldestFirstWithoutDuplicates) {
    EXPECT_EQ(sessions({}),
              (std::vector<std::string>{"behavior_676909_2023-10-24_15-15-50", "ecephys_676909_2023-12-13_13-43-40",
                                        "ecephys_676909_2023-12-14_12-43-11"}));
}

TEST(SubjectSessions, PlatformMustMatchExactly) {
    EXPECT_EQ(sessions({"behavior", {}, {}, {}}).size(), 1u);
    EXPECT_TRUE(sessions({"Behavior", {}, {}, {}}).empty());
}

TEST(SubjectSessions, DateKeepsThatDayInAnyForm) {
    for (const char* date : {"2023-12-13", "20231213", "2023-12-13 23:00:00", "2023-12-13_13-43-40"})
        EXPECT_EQ(sessions({{}, date, {}, {}}), (std::vector<std::string>{"ecephys_676909_2023-12-13_13-43-40"}))
            << date;
}

TEST(SubjectSessions, BoundsAreInclusiveAndADateOnlyEndCoversItsDay) {
    EXPECT_EQ(sessions({{}, {}, "2023-12-13_13-43-40", {}}).size(), 2u);    // the start itself is in
    EXPECT_EQ(sessions({{}, {}, "2023-12-13 13:43:40.5", {}}).size(), 1u);  // half a second after it is not
    EXPECT_EQ(sessions({{}, {}, {}, "2023-12-13"}).size(), 2u);             // all of the 13th
    EXPECT_EQ(sessions({{}, {}, "2023-12-13", "2023-12-14_10-00-00"}),
              (std::vector<std::string>{"ecephys_676909_2023-12-13_13-43-40"}));
}

TEST(SubjectSessions, ADateWithARangeIsInvalidBeforeAnythingIsAsked) {
    try {
        SessionFilter({}, "2023-12-13", "2023-12-01", {});
        FAIL();
    } catch (const aind::Error& e) {
        EXPECT_EQ(e.kind(), aind::ErrorKind::invalid_input);
        EXPECT_NE(std::string(e.what()).find("date range"), std::string::npos) << e.what();
    }
    EXPECT_THROW(SessionFilter({}, "2023-13-45", {}, {}), aind::Error);
}

TEST(SubjectAssets, AreFoundThreeWaysWithoutDuplicates) {
    aind_test::LocalStack::instance().ensure();
    const auto assets = subject_data_assets(*Services::current(), "676909");
    ASSERT_GT(assets.size(), 40u);
    std::set<std::string> ids;
    for (std::size_t i = 0; i < assets.size(); ++i) {
        EXPECT_TRUE(ids.insert(assets[i].id).second) << "duplicate " << assets[i].id;
        if (i) EXPECT_LE(assets[i - 1].created, assets[i].created);
    }
    EXPECT_TRUE(ids.contains("16d46411-540a-4122-b47f-8cb2a15d593a"));
}
