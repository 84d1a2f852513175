// tests/cpp/aws_test.cpp
//
// The SigV4 signer against AWS's published signature test suite (aws-sig-v4-test-suite,
// service "service", us-east-1, 2015-08-30T12:36:00Z) and an S3 ListObjectsV2 vector
// generated with botocore and cross-checked with plain hmac/hashlib; the credential chain
// with temporary files and an injected environment; container credentials fetched from a
// real HTTP server on 127.0.0.1.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "aind/aws/credentials.hpp"
#include "aind/aws/sigv4.hpp"
#include "aind/common/error.hpp"
#include "aind/common/url.hpp"
#include "aind/net/http.hpp"
#include "support/aws_env.hpp"

using namespace aind::aws;
using aind_test::env_of;
using aind_test::TempDir;
namespace fs = std::filesystem;

namespace {

const Credentials kSuiteCredentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", "", "test"};
constexpr const char* kSuiteDate = "20150830T123600Z";
constexpr const char* kSuiteToken =
    "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwth"
    "Ax7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXA"
    "kiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

struct SuiteCase {
    const char* name;
    const char* method;
    const char* path;
    const char* query;
    std::vector<aind::net::Header> extra_headers;  // besides Host and X-Amz-Date
    const char* body;
    const char* signed_headers;
    const char* signature;
};

// Transcribed from the suite's .req and .authz files.
const std::vector<SuiteCase> kSuite = {
    {"get-vanilla",
     "GET",
     "/",
     "",
     {},
     "",
     "host;x-amz-date",
     "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
    {"get-vanilla-empty-query-key",
     "GET",
     "/",
     "Param1=value1",
     {},
     "",
     "host;x-amz-date",
     "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb"},
    {"get-vanilla-query-order-key-case",
     "GET",
     "/",
     "Param2=value2&Param1=value1",
     {},
     "",
     "host;x-amz-date",
     "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"},
    {"get-vanilla-utf8-query",
     "GET",
     "/",
     "\xE1\x88\xB4=bar",
     {},
     "",
     "host;x-amz-date",
     "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"},
    {"get-utf8",
     "GET",
     "/\xE1\x88\xB4",
     "",
     {},
     "",
     "host;x-amz-date",
     "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"},
    {"get-space",
     "GET",
     "/example space/",
     "",
     {},
     "",
     "host;x-amz-date",
     "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"},
    {"get-unreserved",
     "GET",
     "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
     "",
     {},
     "",
     "host;x-amz-date",
     "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"},
    {"get-header-value-trim",
     "GET",
     "/",
     "",
     {{"My-Header1", " value1"}, {"My-Header2", " \"a   b   c\""}},
     "",
     "host;my-header1;my-header2;x-amz-date",
     "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"},
    {"post-x-www-form-urlencoded",
     "POST",
     "/",
     "",
     {{"Content-Type", "application/x-www-form-urlencoded"}},
     "Param1=value1",
     "content-type;host;x-amz-date",
     "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"},
    {"post-sts-header-before",
     "POST",
     "/",
     "",
     {{"X-Amz-Security-Token", kSuiteToken}},
     "",
     "host;x-amz-date;x-amz-security-token",
     "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead"},
};

Signature sign_suite_case(const SuiteCase& c) {
    SigningInput input;
    input.method = c.method;
    input.path = c.path;
    input.query = c.query;
    input.headers = {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", kSuiteDate}};
    for (const auto& h : c.extra_headers) input.headers.push_back(h);
    const std::string payload = sha256_hex(c.body);
    input.payload_sha256 = payload;
    return compute_signature(input, kSuiteCredentials, "us-east-1", "service", kSuiteDate);
}

}  // namespace

TEST(SigV4, MatchesTheAwsSignatureTestSuite) {
    for (const auto& c : kSuite) {
        SCOPED_TRACE(c.name);
        const Signature s = sign_suite_case(c);
        EXPECT_EQ(s.signed_headers, c.signed_headers);
        EXPECT_EQ(s.signature, c.signature);
        EXPECT_EQ(s.authorization, std::string("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
                                               "aws4_request, SignedHeaders=") +
                                       c.signed_headers + ", Signature=" + c.signature);
    }
}

TEST(SigV4, CanonicalRequestOfFormPostMatchesTheSuite) {
    // post-x-www-form-urlencoded.creq
    const Signature s = sign_suite_case(kSuite[8]);
    EXPECT_EQ(s.canonical_request,
              "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\n"
              "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n"
              "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e");
}

TEST(SigV4, S3ListObjectsVectorFromBotocore) {
    aind::net::Request request;
    request.url =
        "https://aind-ephys-data.s3.us-west-2.amazonaws.com/?list-type=2&prefix=ecephys_676909_2023-12-13_13-43-40%2F"
        "&delimiter=%2F&max-keys=1000&encoding-type=url";
    const Credentials creds{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", "", "test"};
    // 2024-08-15T12:00:00Z
    const auto when = std::chrono::system_clock::time_point(std::chrono::seconds(1723723200));
    sign(request, creds, SignOptions{"us-west-2", "s3", true}, when);
    std::map<std::string, std::string> headers;
    for (const auto& h : request.headers) headers[h.name] = h.value;
    EXPECT_EQ(headers["x-amz-date"], "20240815T120000Z");
    EXPECT_EQ(headers["x-amz-content-sha256"], std::string(kEmptyPayloadSha256));
    EXPECT_EQ(headers["Authorization"],
              "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240815/us-west-2/s3/aws4_request, "
              "SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
              "Signature=f4a75265626d296906d9fee4909d8cbcf48f263b386ca12a661a6cef5fe18724");

    // botocore's intermediate value (the canonical request's hash), through the pure function.
    SigningInput input;
    input.method = "GET";
    input.path = "/";
    const aind::UrlParts url = aind::split_url(request.url);
    input.query = url.query;
    input.headers = {{"host", "aind-ephys-data.s3.us-west-2.amazonaws.com"},
                     {"x-amz-content-sha256", std::string(kEmptyPayloadSha256)},
                     {"x-amz-date", "20240815T120000Z"}};
    const Signature s = compute_signature(input, creds, "us-west-2", "s3", "20240815T120000Z");
    EXPECT_EQ(sha256_hex(s.canonical_request), "5bce425f876fe7809017b6df4d61f85ee662d63a7c5dad4fe4ce166d4b212e82");
}

TEST(SigV4, ResigningReplacesThePreviousAttemptsHeaders) {
    aind::net::Request request;
    request.url = "http://127.0.0.1:9000/aind-ephys-data?list-type=2";
    const Credentials creds{"id", "secret", "token", "", "test"};
    sign(request, creds, SignOptions{}, std::chrono::system_clock::time_point(std::chrono::seconds(1723723200)));
    sign(request, creds, SignOptions{}, std::chrono::system_clock::time_point(std::chrono::seconds(1723723260)));
    int authorizations = 0, tokens = 0;
    for (const auto& h : request.headers) {
        authorizations += h.name == "Authorization";
        tokens += h.name == "x-amz-security-token";
        if (h.name == "x-amz-date") EXPECT_EQ(h.value, "20240815T120100Z");
    }
    EXPECT_EQ(authorizations, 1);
    EXPECT_EQ(tokens, 1);
}

TEST(SigV4, AnonymousCredentialsLeaveTheRequestUnsigned) {
    aind::net::Request request;
    request.url = "https://aind-open-data.s3.us-west-2.amazonaws.com/?list-type=2";
    sign(request, Credentials{}, SignOptions{});
    EXPECT_TRUE(request.headers.empty());
}

TEST(SigV4, CanonicalisationDoesNotDoubleEncodeS3Keys) {
    EXPECT_EQ(canonical_uri("/bucket/a%20b/c+d=e"), "/bucket/a%20b/c%2Bd%3De");
    EXPECT_EQ(canonical_uri(""), "/");
    EXPECT_EQ(canonical_query("prefix=a%2Fb&delimiter=/&list-type=2&empty"),
              "delimiter=%2F&empty=&list-type=2&prefix=a%2Fb");
    EXPECT_EQ(canonical_query("continuation-token=1%2Bx%3D%3D"), "continuation-token=1%2Bx%3D%3D");
}

// ---- credential chain -------------------------------------------------------------------

TEST(Credentials, EnvironmentKeysComeFirst) {
    TempDir home;
    const AwsConfig c = resolve_aws_config(env_of({{"HOME", home.path.string()},
                                                   {"AWS_ACCESS_KEY_ID", "AKENV"},
                                                   {"AWS_SECRET_ACCESS_KEY", "secret"},
                                                   {"AWS_SESSION_TOKEN", "tok"},
                                                   {"AWS_DEFAULT_REGION", "eu-west-1"}}));
    EXPECT_EQ(c.credentials.access_key_id, "AKENV");
    EXPECT_EQ(c.credentials.session_token, "tok");
    EXPECT_EQ(c.credentials.source, "env");
    EXPECT_EQ(c.region, "eu-west-1");
    EXPECT_TRUE(c.endpoint_url.empty());
}

TEST(Credentials, ProfileFromSharedFilesWithRegionFromConfig) {
    TempDir dir;
    const std::string creds =
        dir.write("credentials",
                  "# comment\n[default]\naws_access_key_id = AKDEFAULT\naws_secret_access_key=sd\n\n"
                  "[science]\r\naws_access_key_id=AKSCI\r\naws_secret_access_key = ss \r\n"
                  "aws_session_token=st\r\n");
    const std::string config = dir.write("config",
                                         "[default]\nregion = us-east-2\n[profile science]\nregion=eu-central-1\n"
                                         "s3 =\n  addressing_style = path\n");
    const AwsConfig science = resolve_aws_config(
        env_of({{"AWS_PROFILE", "science"}, {"AWS_SHARED_CREDENTIALS_FILE", creds}, {"AWS_CONFIG_FILE", config}}));
    EXPECT_EQ(science.credentials.access_key_id, "AKSCI");
    EXPECT_EQ(science.credentials.secret_access_key, "ss");
    EXPECT_EQ(science.credentials.session_token, "st");
    EXPECT_EQ(science.region, "eu-central-1");
    EXPECT_EQ(science.credentials.source, "profile science in " + creds);

    const AwsConfig def =
        resolve_aws_config(env_of({{"AWS_SHARED_CREDENTIALS_FILE", creds}, {"AWS_CONFIG_FILE", config}}));
    EXPECT_EQ(def.credentials.access_key_id, "AKDEFAULT");
    EXPECT_EQ(def.region, "us-east-2");
    EXPECT_EQ(def.profile, "default");
}

TEST(Credentials, StaticKeysInTheConfigFileAndHomeDefaults) {
    TempDir home;
    fs::create_directories(home.path / ".aws");
    home.write(".aws/config", "[profile lab]\naws_access_key_id=AKCFG\naws_secret_access_key=x\n");
    const AwsConfig c = resolve_aws_config(env_of({{"HOME", home.path.string()}, {"AWS_PROFILE", "lab"}}));
    EXPECT_EQ(c.credentials.access_key_id, "AKCFG");
    EXPECT_EQ(c.region, "us-west-2");  // AIND's region when nothing says otherwise
}

TEST(Credentials, UnknownExplicitProfileIsAnAuthError) {
    TempDir home;
    try {
        resolve_aws_config(env_of({{"HOME", home.path.string()}, {"AWS_PROFILE", "nope"}}));
        FAIL() << "expected an error";
    } catch (const aind::Error& e) {
        EXPECT_EQ(e.kind(), aind::ErrorKind::auth);
        EXPECT_NE(std::string(e.what()).find("nope"), std::string::npos);
    }
}

TEST(Credentials, NothingFoundMeansAnonymousAndSaysWhereItLooked) {
    TempDir home;
    const AwsConfig c = resolve_aws_config(env_of({{"HOME", home.path.string()}, {"AWS_REGION", "us-west-2"}}));
    EXPECT_TRUE(c.credentials.anonymous());
    EXPECT_NE(c.looked_in.find("profile default in " + (home.path / ".aws/credentials").string()), std::string::npos);
    EXPECT_NE(c.looked_in.find("container credentials"), std::string::npos);
}

TEST(Credentials, ADirectoryWhereAFileIsExpectedCountsAsMissing) {
    TempDir home;
    fs::create_directories(home.path / ".aws" / "credentials");
    home.write(".aws/config", "[default]\nregion = eu-west-1\n");
    const AwsConfig c = resolve_aws_config(env_of({{"HOME", home.path.string()}}));
    EXPECT_TRUE(c.credentials.anonymous());
    EXPECT_EQ(c.region, "eu-west-1");
    EXPECT_NE(c.looked_in.find((home.path / ".aws/credentials").string() + " (missing)"), std::string::npos)
        << c.looked_in;
    EXPECT_EQ(c.looked_in.find((home.path / ".aws/config").string() + " (missing)"), std::string::npos) << c.looked_in;
}

TEST(Credentials, EndpointOverrideForS3WinsOverTheGlobalOne) {
    TempDir home;
    EXPECT_EQ(resolve_aws_config(env_of({{"HOME", home.path.string()},
                                         {"AWS_ENDPOINT_URL", "http://127.0.0.1:1/"},
                                         {"AWS_ENDPOINT_URL_S3", "http://127.0.0.1:2/"}}))
                  .endpoint_url,
              "http://127.0.0.1:2");
    EXPECT_EQ(resolve_aws_config(env_of({{"HOME", home.path.string()}, {"AWS_ENDPOINT_URL", "http://127.0.0.1:1"}}))
                  .endpoint_url,
              "http://127.0.0.1:1");
}

TEST(Credentials, IniParserKeepsSectionsAndSkipsNestedBlocks) {
    const IniFile ini = parse_ini("[a]\nKey = V \n; c\n[profile b]\ns3 =\n    region = x\nregion=y\n");
    EXPECT_EQ(ini.at("a").at("key"), "V");
    EXPECT_EQ(ini.at("profile b").at("region"), "y");
}

TEST(Credentials, ContainerReplyParsing) {
    const Credentials c = parse_container_credentials(
        R"({"AccessKeyId":"ASIA1","SecretAccessKey":"s","Token":"t","Expiration":"2030-01-01T00:00:00Z","RoleArn":"r"})");
    EXPECT_EQ(c.access_key_id, "ASIA1");
    EXPECT_EQ(c.session_token, "t");
    EXPECT_EQ(c.expiration, "2030-01-01T00:00:00Z");
    EXPECT_THROW(parse_container_credentials(R"({"Code":"x"})"), aind::Error);
    EXPECT_THROW(parse_container_credentials("not json"), aind::Error);
}

TEST(Credentials, ContainerUrlOutsideTheAllowedHostsIsRefused) {
    TempDir home;
    EXPECT_THROW(resolve_aws_config(env_of({{"HOME", home.path.string()},
                                            {"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://example.com/creds"}})),
                 aind::Error);
    // The host is where the request goes, not what the URL starts with.
    for (const char* url : {"http://127.0.0.1@example.com/creds", "http://[::1]@example.com/creds", "ftp://127.0.0.1/",
                            "127.0.0.1/creds"}) {
        SCOPED_TRACE(url);
        try {
            resolve_aws_config(env_of({{"HOME", home.path.string()}, {"AWS_CONTAINER_CREDENTIALS_FULL_URI", url}}));
            FAIL() << "expected an error";
        } catch (const aind::Error& e) {
            EXPECT_EQ(e.kind(), aind::ErrorKind::auth);
            EXPECT_NE(std::string(e.what()).find("is not allowed"), std::string::npos) << e.what();
        }
    }
}

// ---- container credentials against a real local server --------------------------------

namespace {

// A one-route HTTP/1.1 server on 127.0.0.1: answers every request with `body` and keeps
// the last request head so the test can check the Authorization header.
class CredentialServer {
public:
    explicit CredentialServer(std::string body) : body_(std::move(body)) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        int one = 1;
        ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
        ::listen(fd_, 16);
        socklen_t len = sizeof addr;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~CredentialServer() {
        stop_ = true;
        ::shutdown(fd_, SHUT_RDWR);
        ::close(fd_);
        thread_.join();
    }
    int port() const { return port_; }
    std::string last_request() {
        std::lock_guard lock(mutex_);
        return last_;
    }

private:
    void serve() {
        while (!stop_) {
            const int client = ::accept(fd_, nullptr, nullptr);
            if (client < 0) return;
            std::string head;
            char buf[4096];
            while (head.find("\r\n\r\n") == std::string::npos) {
                const ssize_t n = ::recv(client, buf, sizeof buf, 0);
                if (n <= 0) break;
                head.append(buf, static_cast<std::size_t>(n));
            }
            {
                std::lock_guard lock(mutex_);
                last_ = head;
            }
            const std::string reply =
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body_.size()) +
                "\r\nConnection: close\r\n\r\n" + body_;
            ::send(client, reply.data(), reply.size(), MSG_NOSIGNAL);
            ::close(client);
        }
    }
    std::string body_;
    int fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::thread thread_;
    std::mutex mutex_;
    std::string last_;
};

}  // namespace

TEST(Credentials, ContainerFullUriFetchedWithTheAuthorizationTokenFile) {
    CredentialServer server(R"({"AccessKeyId":"ASIACONTAINER","SecretAccessKey":"cs","Token":"ct",)"
                            R"("Expiration":"2030-01-01T00:00:00Z"})");
    TempDir home;
    const std::string token_file = home.write("token", "Bearer secret-token\n");
    const std::string url = "http://127.0.0.1:" + std::to_string(server.port()) + "/v2/credentials/abc";
    const AwsConfig c = resolve_aws_config(env_of({{"HOME", home.path.string()},
                                                   {"AWS_CONTAINER_CREDENTIALS_FULL_URI", url},
                                                   {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "ignored-when-file-set"},
                                                   {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token_file}}));
    EXPECT_EQ(c.credentials.access_key_id, "ASIACONTAINER");
    EXPECT_EQ(c.credentials.session_token, "ct");
    EXPECT_EQ(c.credentials.source, "container credentials at " + url);
    const std::string request = server.last_request();
    EXPECT_NE(request.find("GET /v2/credentials/abc"), std::string::npos) << request;
    EXPECT_NE(request.find("Authorization: Bearer secret-token"), std::string::npos) << request;
}

TEST(Credentials, ContainerVariablesUnsetMeansNoRequest) {
    CredentialServer server(R"({"AccessKeyId":"A","SecretAccessKey":"B"})");
    TempDir home;
    const AwsConfig c = resolve_aws_config(env_of({{"HOME", home.path.string()}}));
    EXPECT_TRUE(c.credentials.anonymous());
    EXPECT_TRUE(server.last_request().empty());
}
