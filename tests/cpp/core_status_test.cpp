// tests/cpp/core_status_test.cpp
//
// Bulk status (src/core/status.cpp): field names, then against the local stack's seed world:
// every field equals the one-session answer it names, a session without a session ID keeps its
// row, a session is asked only what its fields need, and progress counts every session.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <mutex>

#include "aind/common/error.hpp"
#include "aind/core/assets.hpp"
#include "aind/core/ecephys.hpp"
#include "aind/core/records.hpp"
#include "aind/core/session.hpp"
#include "aind/core/status.hpp"
#include "aind/docdb/client.hpp"
#include "aind/net/http.hpp"
#include "stack_environment.hpp"
#include "support/error_of.hpp"

using namespace aind::core;
using aind::ErrorKind;
using aind_test::error_of;

namespace {

[[maybe_unused]] aind_test::LocalStack& g_stack = aind_test::LocalStack::instance();

constexpr const char* kE = "ecephys_676909_2023-12-13_13-43-40";
constexpr const char* kNowhere = "SmartSPIM_123456_2024-07-20_21-47-21";

std::vector<StatusField> all_fields() {
    std::vector<StatusField> out;
    for (const auto& f : kStatusFields) out.push_back(f.field);
    return out;
}

const StatusValue& value_of(const StatusRow& row, std::size_t i) {
    EXPECT_TRUE(row.values.at(i).ok()) << row.session << " field " << i << ": " << row.values[i].error().what();
    return row.values.at(i).value();
}

// How many requests a service's emulator logged since the last clear (`env`: its URL's variable).
std::size_t logged(const char* env, bool clear = false) {
    aind::net::Request request;
    request.method = clear ? "DELETE" : "GET";
    request.url = std::string(std::getenv(env)) + "/_stack/requests";
    const std::string body = aind::net::default_client().perform(std::move(request)).body;
    return clear ? 0 : aind::docdb::split_json_array(body).size();
}

using Status = aind_test::StackTest;

}  // namespace

TEST(StatusFields, UnknownNameIsInvalidInputListingTheValidOnes) {
    const aind::Error e = error_of([] { status_fields_named({"raw_data_dir", "raw_dir"}); });
    EXPECT_EQ(e.kind(), ErrorKind::invalid_input);
    const std::string what = e.what();
    EXPECT_NE(what.find("'raw_dir'"), std::string::npos) << what;
    for (const auto& f : kStatusFields) EXPECT_NE(what.find(f.name), std::string::npos) << what;
    EXPECT_EQ(error_of([] { status_fields_named({}); }).kind(), ErrorKind::invalid_input);
}

TEST(StatusFields, RepeatsAreAskedOnceInTheOrderGiven) {
    EXPECT_EQ(status_fields_named({"is_sorted", "raw_data_dir", "is_sorted"}),
              (std::vector<StatusField>{StatusField::is_sorted, StatusField::raw_data_dir}));
}

TEST_F(Status, EveryFieldEqualsTheOneSessionAnswer) {
    const auto rows = status(services(), {kE, kNowhere}, all_fields());
    ASSERT_EQ(rows.size(), 2u);
    const StatusRow& e = rows[0];
    EXPECT_EQ(e.id, kE);
    EXPECT_EQ(std::get<std::string>(value_of(e, 0)), raw_data_asset(services(), kE).id);
    EXPECT_EQ(std::get<std::string>(value_of(e, 1)), raw_data_dir(services(), kE));
    EXPECT_EQ(std::get<std::vector<std::string>>(value_of(e, 2)), modalities(services(), kE));
    EXPECT_EQ(std::get<std::string>(value_of(e, 3)), record_field(*record_for_name(services(), kE), "_id"));
    EXPECT_EQ(std::get<bool>(value_of(e, 4)), is_uploaded(services(), kE));
    EXPECT_EQ(std::get<std::int64_t>(value_of(e, 5)),
              static_cast<std::int64_t>(data_assets_with_name_prefix(services(), kE).size()));
    EXPECT_EQ(std::get<bool>(value_of(e, 6)), is_sorted(services(), kE));
    const auto sorted = sorted_data_assets(services(), kE);
    EXPECT_EQ(std::get<StatusMap>(value_of(e, 7)), (StatusMap{{"kilosort2_5", latest(sorted).id}}));

    const StatusRow& nowhere = rows[1];  // nothing uploaded: every answer is "none", none an error
    EXPECT_TRUE(std::holds_alternative<std::monostate>(value_of(nowhere, 0)));
    EXPECT_TRUE(std::holds_alternative<std::monostate>(value_of(nowhere, 1)));
    EXPECT_TRUE(std::get<std::vector<std::string>>(value_of(nowhere, 2)).empty());
    EXPECT_FALSE(std::get<bool>(value_of(nowhere, 4)));
    EXPECT_FALSE(std::get<bool>(value_of(nowhere, 6)));
    EXPECT_TRUE(std::get<StatusMap>(value_of(nowhere, 7)).empty());
}

TEST_F(Status, ASessionWithoutSessionIdKeepsItsRowAndTheOthersAreAnswered) {
    const auto rows = status(services(), {"not a session", kE}, {StatusField::raw_data_dir});
    ASSERT_EQ(rows.size(), 2u);
    ASSERT_TRUE(rows[0].error.has_value());
    EXPECT_EQ(rows[0].error->kind(), ErrorKind::invalid_input);
    EXPECT_EQ(rows[0].session, "not a session");
    EXPECT_TRUE(rows[0].values.empty());
    EXPECT_FALSE(rows[1].error.has_value());
    EXPECT_EQ(std::get<std::string>(value_of(rows[1], 0)), std::string("s3://aind-ephys-data/") + kE);
}

TEST_F(Status, SortedFieldsAndTheAssetCountAskNoDocDb) {
    logged("AIND_DOCDB_URL", true);
    const auto rows = status(services(), {kE}, {StatusField::is_sorted, StatusField::data_asset_count});
    EXPECT_TRUE(std::get<bool>(value_of(rows[0], 0)));
    EXPECT_EQ(logged("AIND_DOCDB_URL"), 0u);
}

TEST_F(Status, TheRecordIdAloneIsOneDocDbRequestAndNoCodeOcean) {
    logged("AIND_DOCDB_URL", true);
    logged("CODE_OCEAN_DOMAIN", true);
    const auto rows = status(services(), {kE}, {StatusField::docdb_record_id});
    EXPECT_FALSE(std::get<std::string>(value_of(rows[0], 0)).empty());
    EXPECT_EQ(logged("AIND_DOCDB_URL"), 1u);
    EXPECT_EQ(logged("CODE_OCEAN_DOMAIN"), 0u);
}

TEST_F(Status, ProgressCountsEverySessionUpToTheTotal) {
    std::mutex mutex;
    std::vector<std::size_t> seen;
    const std::vector<std::string> sessions = {kE, kNowhere, "not a session", kE};
    const auto rows =
        status(services(), sessions, {StatusField::is_uploaded}, [&](std::size_t done, std::size_t total) {
            std::lock_guard lock(mutex);
            EXPECT_EQ(total, sessions.size());
            seen.push_back(done);
        });
    ASSERT_EQ(rows.size(), sessions.size());
    std::sort(seen.begin(), seen.end());
    EXPECT_EQ(seen, (std::vector<std::size_t>{1, 2, 3, 4}));
    EXPECT_EQ(rows[3].id, kE);  // in input order, repeats kept
}
