// tests/cpp/config_test.cpp
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "aind/common/error.hpp"
#include "aind/config/config.hpp"
#include "support/error_of.hpp"

namespace fs = std::filesystem;
using aind::config::Environment;
using aind_test::error_of;

namespace {

class TempTree : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() / ("aind_config_test_" + std::to_string(::getpid()) + "_" +
                                             ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(root_);
        fs::create_directories(root_ / "home");
        fs::create_directories(root_ / "project" / "sub");
    }
    void TearDown() override { fs::remove_all(root_); }
    void write(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }
    Environment env(std::vector<std::pair<std::string, std::string>> vars = {}) {
        Environment e;
        e.variables = std::move(vars);
        e.working_directory = (root_ / "project" / "sub").string();
        e.home_directory = (root_ / "home").string();
        return e;
    }
    fs::path root_;
};

}  // namespace

TEST(ParseDotenv, HandlesExportQuotesAndComments) {
    auto pairs = aind::config::parse_dotenv(
        "# comment\n"
        "export A=1\n"
        "B = 'single # kept'\n"
        "C=\"double\\nline \\\"q\\\"\"\n"
        "D=plain value # comment\n"
        "E=url#fragment\n"
        "not a line\n"
        "\n"
        "F=\r\n");
    ASSERT_EQ(pairs.size(), 6u);
    EXPECT_EQ(pairs[0], (std::pair<std::string, std::string>{"A", "1"}));
    EXPECT_EQ(pairs[1].second, "single # kept");
    EXPECT_EQ(pairs[2].second, "double\nline \"q\"");
    EXPECT_EQ(pairs[3].second, "plain value");
    EXPECT_EQ(pairs[4].second, "url#fragment");
    EXPECT_EQ(pairs[5].second, "");
}

TEST_F(TempTree, TokenFromTheEnvironmentWins) {
    write(root_ / "project" / ".env", "CODE_OCEAN_API_TOKEN=cop_from_file_1234\n");
    auto config = aind::config::load(env({{"CODE_OCEAN_API_TOKEN", "cop_from_env_abcd"}}));
    EXPECT_EQ(config.codeocean_token.value, "cop_from_env_abcd");
    EXPECT_EQ(config.codeocean_token.source, "environment variable CODE_OCEAN_API_TOKEN");
}

TEST_F(TempTree, AnyCopValueIsUsedAndItsVariableRemembered) {
    auto config =
        aind::config::load(env({{"OTHER", "x"}, {"MY_SECRET", "COP_upper_case_9999"}, {"LATER", "cop_second"}}));
    EXPECT_EQ(config.codeocean_token.value, "COP_upper_case_9999");
    EXPECT_EQ(config.codeocean_token_variable, "MY_SECRET");
    EXPECT_NE(config.describe().find("…9999 (environment variable MY_SECRET)"), std::string::npos) << config.describe();
}

TEST_F(TempTree, DotenvFilesAreReadUpwardsThenHomeWithoutOverriding) {
    write(root_ / "project" / ".env", "CODE_OCEAN_DOMAIN=https://near.example.org/\nAIND_DOCDB_URL=http://near\n");
    write(root_ / ".env", "CODE_OCEAN_DOMAIN=https://far.example.org\nFAR_ONLY=1\n");
    write(root_ / "home" / ".env", "CODE_OCEAN_API_TOKEN=cop_home_token_5678\n");
    auto config = aind::config::load(env({{"AIND_DOCDB_URL", "http://from-env:9000/"}}));
    EXPECT_EQ(config.codeocean_domain.value, "https://near.example.org");  // nearer file wins, slash stripped
    EXPECT_EQ(config.docdb_url.value, "http://from-env:9000");             // the environment is never overridden
    EXPECT_EQ(config.get("FAR_ONLY"), "1");
    EXPECT_EQ(config.codeocean_token.value, "cop_home_token_5678");
    EXPECT_EQ(config.codeocean_token.source,
              ".env file " + (root_ / "home" / ".env").string() + " (CODE_OCEAN_API_TOKEN)");
    ASSERT_EQ(config.dotenv_files_loaded.size(), 3u);
    EXPECT_EQ(config.dotenv_files_tried.front(), (root_ / "project" / "sub" / ".env").string());
    EXPECT_EQ(config.dotenv_files_tried.back(), (root_ / "home" / ".env").string());
}

TEST_F(TempTree, DefaultsApplyWhenNothingIsSet) {
    auto config = aind::config::load(env());
    EXPECT_EQ(config.codeocean_domain.value, "https://codeocean.allenneuraldynamics.org");
    EXPECT_EQ(config.codeocean_domain.source, "default");
    EXPECT_EQ(config.docdb_url.value, "https://api.allenneuraldynamics.org");
}

TEST_F(TempTree, MissingTokenSaysWhereWeLookedAndWhichScope) {
    auto config = aind::config::load(env({{"HOME", "x"}}));
    try {
        config.require_codeocean_token();
        FAIL();
    } catch (const aind::Error& e) {
        EXPECT_EQ(e.kind(), aind::ErrorKind::auth);
        std::string what = e.what();
        EXPECT_NE(what.find("CODE_OCEAN_API_TOKEN"), std::string::npos);
        EXPECT_NE(what.find("cop_"), std::string::npos);
        EXPECT_NE(what.find((root_ / "project" / ".env").string()), std::string::npos) << what;
        EXPECT_NE(what.find("Datasets: Read"), std::string::npos);
    }
}

TEST(MaskToken, ShowsOnlyThePrefixAndLastFour) {
    EXPECT_EQ(aind::config::mask_token("cop_abcdefghijklmnop1234"), "cop_…1234");
    EXPECT_EQ(aind::config::mask_token("short"), "…");
    EXPECT_EQ(aind::config::mask_token(""), "");
}

// ---- URL settings, limits, the token's characters ----------------------------------------

TEST_F(TempTree, AServiceUrlWithoutASchemeMeansHttps) {
    const auto c = aind::config::load(env({{"CODE_OCEAN_DOMAIN", "127.0.0.1:9"}, {"AIND_DOCDB_URL", "http://h:1/"}}));
    EXPECT_EQ(c.codeocean_domain.require(), "https://127.0.0.1:9");
    EXPECT_EQ(c.docdb_url.require(), "http://h:1");
}

TEST_F(TempTree, AnEmptyUrlSettingIsAnErrorNotThePublicDefault) {
    const auto c = aind::config::load(env({{"CODE_OCEAN_DOMAIN", ""}, {"AIND_DOCDB_URL", "not a url"}}));
    EXPECT_EQ(c.codeocean_domain.value, "");  // not kDefaultCodeOceanDomain
    EXPECT_EQ(error_of([&] { c.codeocean_domain.require(); }, {"CODE_OCEAN_DOMAIN"}).kind(),
              aind::ErrorKind::invalid_input);
    EXPECT_THROW(c.docdb_url.require(), aind::Error);
    EXPECT_NE(c.describe().find("DocDB URL: unusable:"), std::string::npos) << c.describe();
}

TEST_F(TempTree, DescribeHidesAPasswordInAUrl) {
    const auto c = aind::config::load(env({{"AIND_DOCDB_URL", "http://u:pw-secret@127.0.0.1:9"}}));
    EXPECT_EQ(c.describe().find("pw-secret"), std::string::npos) << c.describe();
}

TEST_F(TempTree, LimitsComeFromTheVariablesAndDefaultOtherwise) {
    const auto defaults = aind::config::load(env()).limits();
    EXPECT_EQ(defaults.total_timeout, std::chrono::milliseconds(120000));
    const auto set = aind::config::load(env({{"AIND_SESSION_TIMEOUT", "2.5"},
                                             {"AIND_SESSION_STALL_TIMEOUT", "4"},
                                             {"AIND_SESSION_MAX_RESPONSE_BYTES", "1000"},
                                             {"AIND_SESSION_MAX_PAGES", "7"}}))
                         .limits();
    EXPECT_EQ(set.total_timeout, std::chrono::milliseconds(2500));
    EXPECT_EQ(set.stall_timeout, std::chrono::milliseconds(4000));
    EXPECT_EQ(set.max_response_bytes, 1000u);
    EXPECT_EQ(set.max_pages, 7u);
}

TEST_F(TempTree, ALimitThatIsNotAPositiveNumberIsAnErrorNamingTheVariable) {
    for (const char* bad : {"soon", "0", "-3", "1e400", "5s"}) {
        const auto limits = [&] { aind::config::load(env({{"AIND_SESSION_TIMEOUT", bad}})).limits(); };
        EXPECT_EQ(error_of(limits, {"AIND_SESSION_TIMEOUT"}).kind(), aind::ErrorKind::invalid_input) << bad;
    }
}

TEST_F(TempTree, ATokenWithNonAsciiOrControlCharactersIsAnInputError) {
    for (const char* bad : {"cop_\xfc\xf1\xed", "cop_abc\r\nX: y"}) {
        const auto c = aind::config::load(env({{"CODE_OCEAN_API_TOKEN", bad}}));
        const aind::Error e = error_of([&] { c.require_codeocean_token(); }, {});  // {}: valid UTF-8 too
        EXPECT_EQ(e.kind(), aind::ErrorKind::invalid_input);
        EXPECT_TRUE(std::string_view(e.what()).find('\xfc') == std::string_view::npos);
    }
}

TEST_F(TempTree, TheTokenNeverAppearsInAMessage) {
    const auto c = aind::config::load(env({{"CODE_OCEAN_API_TOKEN", "cop_config_test_token_42"}}));
    const aind::Error e(aind::ErrorKind::server, "echoed: cop_config_test_token_42");
    EXPECT_STREQ(e.what(), "echoed: ***");
}

TEST_F(TempTree, AnOversizedDotenvFileIsAnErrorNotASlowStart) {
    write(root_ / "project" / ".env", std::string((1 << 20) + 1, '#'));
    EXPECT_THROW(aind::config::load(env()), aind::Error);
}
