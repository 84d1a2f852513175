// tests/cpp/core_services_test.cpp
//
// The composition root (src/core/services.cpp): clients configured from one Config, built
// once even when many threads ask at once, and the same Services while the configuration
// in force does not change.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "aind/common/error.hpp"
#include "aind/core/services.hpp"

using namespace aind::core;

namespace {

aind::config::Config config_with(std::vector<std::pair<std::string, std::string>> variables) {
    aind::config::Environment env;
    env.variables = std::move(variables);
    return aind::config::load(env);
}

}  // namespace

TEST(Services, ClientsFollowTheConfiguration) {
    const Services services(config_with({{"CODE_OCEAN_API_TOKEN", "cop_test0000"},
                                         {"CODE_OCEAN_DOMAIN", "http://127.0.0.1:1/"},
                                         {"AIND_DOCDB_URL", "http://127.0.0.1:2"},
                                         {"AWS_ENDPOINT_URL_S3", "http://127.0.0.1:3"},
                                         {"AWS_REGION", "us-east-2"}}));
    EXPECT_EQ(services.codeocean().settings().domain, "http://127.0.0.1:1");
    EXPECT_EQ(services.codeocean().settings().token, "cop_test0000");
    EXPECT_EQ(services.docdb().config().base_url, "http://127.0.0.1:2");
    EXPECT_EQ(services.s3().config().endpoint_url, "http://127.0.0.1:3");
    EXPECT_EQ(services.s3().config().region, "us-east-2");
}

TEST(Services, AwsSettingsComeFromDotEnvFilesToo) {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "aind_services_test_dotenv";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / ".env") << "AWS_ENDPOINT_URL_S3=http://127.0.0.1:4\nAWS_ACCESS_KEY_ID=AKIDDOTENV\n"
                                   "AWS_SECRET_ACCESS_KEY=secret\nAWS_REGION=eu-west-1\n";
    aind::config::Environment env;
    env.working_directory = dir.string();
    const Services services(aind::config::load(env));
    EXPECT_EQ(services.s3().config().endpoint_url, "http://127.0.0.1:4");
    EXPECT_EQ(services.s3().config().region, "eu-west-1");
    EXPECT_EQ(services.s3().config().credentials.access_key_id, "AKIDDOTENV");
    std::filesystem::remove_all(dir);
}

TEST(Services, NoTokenIsAnAuthErrorThatSaysWhereItLooked) {
    const Services services(config_with({}));
    try {
        services.codeocean();
        FAIL();
    } catch (const aind::Error& e) {
        EXPECT_EQ(e.kind(), aind::ErrorKind::auth);
        EXPECT_NE(std::string(e.what()).find("CODE_OCEAN_API_TOKEN"), std::string::npos);
    }
    EXPECT_NO_THROW(services.docdb());  // a DocDB-only question needs no token
}

TEST(Services, ManyThreadsAskingAtOnceGetOneClient) {
    const Services services(config_with({{"CODE_OCEAN_API_TOKEN", "cop_test0000"}}));
    std::vector<const void*> seen(16);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < seen.size(); ++i)
        threads.emplace_back([&, i] {
            seen[i] =
                i % 2 ? static_cast<const void*>(&services.codeocean()) : static_cast<const void*>(&services.s3());
        });
    for (auto& t : threads) t.join();
    std::set<const void*> distinct(seen.begin(), seen.end());
    EXPECT_EQ(distinct.size(), 2u);
}

TEST(Services, CurrentIsTheSameUntilTheConfigurationChanges) {
    const auto first = Services::current();
    EXPECT_EQ(Services::current(), first);
    ::setenv("AIND_DOCDB_URL", "http://127.0.0.1:9", 1);
    const auto changed = Services::current();
    EXPECT_NE(changed, first);
    EXPECT_EQ(changed->docdb().config().base_url, "http://127.0.0.1:9");
    EXPECT_EQ(Services::current(), changed);
    ::unsetenv("AIND_DOCDB_URL");
}
