// tests/cpp/aws_settings_test.cpp
//
// AWS settings that must stop a request before it is made: a line break that would become a
// header, a settings "file" that is a device or a FIFO, an endpoint that breaks the rule of
// every service URL; and the secret key kept out of every message.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "aind/aws/credentials.hpp"
#include "aind/common/error.hpp"
#include "support/aws_env.hpp"
#include "support/error_of.hpp"

using aind::aws::resolve_aws_config;
using aind_test::env_of;
using aind_test::error_of;
using aind_test::TempDir;

TEST(Credentials, ALineBreakInAKeyTokenOrRegionIsAnErrorNamingTheVariable) {
    TempDir home;
    const std::map<std::string, std::string> good = {{"HOME", home.path.string()},
                                                     {"AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"},
                                                     {"AWS_SECRET_ACCESS_KEY", "secret-example-key"}};
    for (const char* variable : {"AWS_ACCESS_KEY_ID", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION"}) {
        auto vars = good;
        vars[variable] = "value\r\nX-Injected: 1";
        EXPECT_EQ(error_of([&] { resolve_aws_config(env_of(vars)); }, {variable}).kind(),
                  aind::ErrorKind::invalid_input);
    }
}

TEST(Credentials, ANamedSettingsFileThatIsNotARegularFileIsAnError) {
    TempDir home;
    const std::string fifo = (home.path / "fifo").string();
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    for (const auto& [variable, path] :
         {std::pair{"AWS_CONFIG_FILE", std::string("/dev/zero")}, std::pair{"AWS_SHARED_CREDENTIALS_FILE", fifo}}) {
        const std::string expected = std::string(variable) + "=" + path + " is not a regular file";
        const auto resolve = [&] { resolve_aws_config(env_of({{"HOME", home.path.string()}, {variable, path}})); };
        EXPECT_EQ(error_of(resolve, {expected.c_str()}).kind(), aind::ErrorKind::invalid_input);
    }
}

TEST(Credentials, AnEndpointFollowsTheRuleOfEveryServiceUrl) {
    TempDir home;
    EXPECT_EQ(
        resolve_aws_config(env_of({{"HOME", home.path.string()}, {"AWS_ENDPOINT_URL_S3", "127.0.0.1:9"}})).endpoint_url,
        "https://127.0.0.1:9");
    EXPECT_THROW(resolve_aws_config(env_of({{"HOME", home.path.string()}, {"AWS_ENDPOINT_URL_S3", ""}})), aind::Error);
}

TEST(Credentials, TheSecretKeyNeverAppearsInAMessage) {
    TempDir home;
    resolve_aws_config(env_of({{"HOME", home.path.string()},
                               {"AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"},
                               {"AWS_SECRET_ACCESS_KEY", "aws-test-secret-never-shown"}}));
    EXPECT_STREQ(aind::Error(aind::ErrorKind::server, "echo aws-test-secret-never-shown").what(), "echo ***");
}
