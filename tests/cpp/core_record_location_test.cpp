// tests/cpp/core_record_location_test.cpp
//
// A DocDB record whose `location` names no S3 directory (`s3://`) is the server's data, not
// the caller's input: the session's raw data are found the other ways, as if the record had
// no location (src/core/locations.cpp, record_location). DocDB is a fixture route answering
// such a record (support/hostile_routes.py); Code Ocean and S3 are the local stack's.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "aind/core/report.hpp"
#include "aind/core/services.hpp"
#include "aind/core/session.hpp"
#include "stack_environment.hpp"
#include "support/http_fixture.hpp"

using namespace aind::core;

namespace {

[[maybe_unused]] aind_test::LocalStack& g_stack = aind_test::LocalStack::instance();

constexpr const char* kSession = "ecephys_676909_2023-12-13_13-43-40";

// The stack's services, but DocDB answers every name with a record located at "s3://".
class RecordLocatedNowhere : public aind_test::StackTest {
protected:
    void SetUp() override {
        aind_test::StackTest::SetUp();
        aind::config::Config config = services().config();
        config.docdb_url.value = aind_test::http::g_base + "/docdb/bad-location";
        hostile_ = std::make_unique<Services>(std::move(config));
    }
    const Services& hostile() const { return *hostile_; }

private:
    std::unique_ptr<Services> hostile_;
};

}  // namespace

TEST_F(RecordLocatedNowhere, TheRawDataDirIsFoundTheOtherWays) {
    EXPECT_EQ(raw_data_dir(hostile(), kSession), std::string("s3://aind-ephys-data/") + kSession);
    EXPECT_EQ(modalities(hostile(), kSession), (std::vector<std::string>{"behavior", "behavior_videos", "ecephys"}));
    EXPECT_TRUE(is_uploaded(hostile(), kSession));
}

TEST_F(RecordLocatedNowhere, AReportHasNoFailure) {
    const SessionReport report = report_session(hostile(), kSession);
    EXPECT_TRUE(report.failures().empty());
    EXPECT_EQ(report.uploaded(), true);
    const auto* dir = SessionReport::answer(report.raw_data_dir);
    ASSERT_TRUE(dir && *dir);
    EXPECT_EQ(**dir, std::string("s3://aind-ephys-data/") + kSession);
}
