// tests/cpp/core_lims_test.cpp
//
// LIMS session IDs (src/core/lims.cpp): reading one in a file name, then, against the local
// stack's seed world, the ID of subject 747816's session and the session of that ID (its
// other session holds another ID, in the same folder).
#include <gtest/gtest.h>

#include "aind/common/error.hpp"
#include "aind/core/lims.hpp"
#include "stack_environment.hpp"

using namespace aind::core;
using aind::ErrorKind;

namespace {

[[maybe_unused]] aind_test::LocalStack& g_stack = aind_test::LocalStack::instance();

constexpr const char* kSession = "ecephys_747816_2024-08-14_13-57-37";
constexpr int64_t kLimsId = 1386750279;

using CoreLimsStack = aind_test::StackTest;

}  // namespace

TEST(LimsId, TheFirstLongNumberThatIsNotADate) {
    EXPECT_EQ(extract_lims_id("1386750279_747816_20240814.sync"), kLimsId);
    EXPECT_EQ(extract_lims_id("747816_20240814.sync"), std::nullopt);     // a subject and a date
    EXPECT_EQ(extract_lims_id("20240814134340_1386750279.h5"), kLimsId);  // a compact datetime is skipped
    EXPECT_EQ(extract_lims_id("ecephys_session_1386750279"), kLimsId);
    EXPECT_EQ(extract_lims_id("data.1386750279.behavior.pkl"), kLimsId);
    EXPECT_EQ(extract_lims_id("12345678_x"), std::nullopt);  // 8 digits: too short
    EXPECT_EQ(extract_lims_id("1386750279a_x"), std::nullopt);
    EXPECT_EQ(extract_lims_id(""), std::nullopt);
}

TEST_F(CoreLimsStack, LimsIdOfASessionFromItsRawFiles) {
    EXPECT_EQ(lims_id_of_session(services(), kSession), kLimsId);
    EXPECT_EQ(lims_id_of_session(services(), "ecephys_747816_2024-08-13_14-01-02"), 1386537113);
}

TEST_F(CoreLimsStack, ASessionWithoutLimsFilesIsNotFound) {
    const std::string session = "behavior_676909_2023-10-24_15-15-50";
    try {
        lims_id_of_session(services(), session);
        FAIL();
    } catch (const aind::Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::not_found);
        EXPECT_TRUE(std::string(e.what()).starts_with(
            "No path names contain a lims ID for paths in raw data folder for '" + session + "'"))
            << e.what();
    }
}

TEST_F(CoreLimsStack, SessionOfALimsIdAmongTheSubjectsSessions) {
    EXPECT_EQ(session_of_lims_id(services(), "747816", "1386750279"), kSession);
    EXPECT_EQ(session_of_lims_id(services(), "747816", "1386537113"), "ecephys_747816_2024-08-13_14-01-02");
    try {
        session_of_lims_id(services(), "747816", "1111111111");
        FAIL();
    } catch (const aind::Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::not_found);
        EXPECT_EQ(std::string(e.what()),
                  "No raw data paths containing 1111111111 found in raw data dirs in S3 for 747816 - has raw data "
                  "been uploaded?");
    }
}

TEST_F(CoreLimsStack, ASubjectWithoutSessionsIsNotFound) {
    try {
        session_of_lims_id(services(), "999998", "1386750279");
        FAIL();
    } catch (const aind::Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::not_found);
        EXPECT_EQ(std::string(e.what()),
                  "No sessions found for subject 999998 in CodeOcean - has raw data been uploaded?");
    }
}
