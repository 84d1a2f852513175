// tests/cpp/common_service_url_test.cpp
//
// The one rule every service URL setting follows (aind::service_base_url): Code Ocean's
// domain, DocDB's URL and the S3 endpoint.
#include <gtest/gtest.h>

#include "aind/common/error.hpp"
#include "aind/common/url.hpp"
#include "support/error_of.hpp"

using aind::service_base_url;

namespace {

// The message of the error `value` is refused with (an input error).
std::string problem_of(std::string_view value) {
    const aind::Error e = aind_test::error_of([&] { service_base_url(value, "SOME_URL"); }, {});
    EXPECT_EQ(e.kind(), aind::ErrorKind::invalid_input) << value;
    return e.what();
}

}  // namespace

TEST(ServiceBaseUrl, WithoutASchemeMeansHttpsSoATokenIsNeverSentInClear) {
    EXPECT_EQ(service_base_url("127.0.0.1:8080", "X"), "https://127.0.0.1:8080");
    EXPECT_EQ(service_base_url("codeocean.example.org", "X"), "https://codeocean.example.org");
}

TEST(ServiceBaseUrl, AnExplicitSchemeIsKeptAndTrailingSlashesDropped) {
    EXPECT_EQ(service_base_url("http://127.0.0.1:9/", "X"), "http://127.0.0.1:9");
    EXPECT_EQ(service_base_url("HTTPS://Host.example/api//", "X"), "https://Host.example/api");
    EXPECT_EQ(service_base_url("http://[::1]:9000", "X"), "http://[::1]:9000");
    EXPECT_EQ(service_base_url("https://u:p@host", "X"), "https://u:p@host");
}

TEST(ServiceBaseUrl, EmptyOrHostlessValuesAreErrorsNamingTheVariable) {
    EXPECT_NE(problem_of("").find("SOME_URL=\"\" is not a usable URL: it is empty"), std::string::npos);
    EXPECT_NE(problem_of("http://").find("no host"), std::string::npos);
    EXPECT_NE(problem_of("https:///path").find("no host"), std::string::npos);
}

TEST(ServiceBaseUrl, TextThatIsNotAUrlIsAnError) {
    EXPECT_NE(problem_of("not a url").find("white space"), std::string::npos);
    EXPECT_NE(problem_of("ftp://host").find("scheme"), std::string::npos);
    EXPECT_NE(problem_of("https://host:port").find("port"), std::string::npos);
    EXPECT_NE(problem_of("https://ho$t").find("host name"), std::string::npos);
    EXPECT_NE(problem_of("https://host/?q=1").find("query"), std::string::npos);
    EXPECT_NE(problem_of("https://h\xc3\xa9st").find("non-ASCII"), std::string::npos);
}

TEST(ServiceBaseUrl, TheMessageHidesAPassword) {
    const std::string message = problem_of("ftp://u:pw-secret@host");
    EXPECT_EQ(message.find("pw-secret"), std::string::npos) << message;
}

TEST(IsLoopbackHost, KnowsLocalhostAnd127AndIpv6Loopback) {
    EXPECT_TRUE(aind::is_loopback_host("localhost"));
    EXPECT_TRUE(aind::is_loopback_host("127.0.0.2"));
    EXPECT_TRUE(aind::is_loopback_host("::1"));
    EXPECT_FALSE(aind::is_loopback_host("127.example.org"));  // a DNS name that only starts like one
    EXPECT_FALSE(aind::is_loopback_host("example.org"));
}
