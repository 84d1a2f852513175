// tests/cpp/s3_test.cpp
//
// The S3 client: the XML reader on its own, then the client against the local AIND stack
// (moto behind a SigV4-verifying gateway: anonymous reads of aind-open-data only,
// aind-ophys-data in us-east-1 so that redirects must be followed).
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "aind/aws/credentials.hpp"
#include "aind/common/error.hpp"
#include "aind/net/http.hpp"
#include "aind/s3/client.hpp"
#include "aind/s3/xml.hpp"
#include "stack_environment.hpp"

using namespace aind::s3;

namespace {

// Register the environment before main() runs the tests, so TearDown stops the stack.
[[maybe_unused]] aind_test::LocalStack& g_stack = aind_test::LocalStack::instance();

class S3Stack : public ::testing::Test {
protected:
    void SetUp() override { aind_test::LocalStack::instance().ensure(); }
};

constexpr const char* kSession = "ecephys_676909_2023-12-13_13-43-40";

Client stack_client() { return Client(aind::aws::resolve_aws_config()); }

aind::aws::AwsConfig anonymous_config() {
    aind::aws::AwsConfig config = aind::aws::resolve_aws_config();
    config.credentials = aind::aws::Credentials{};
    config.credentials.source = "anonymous";
    return config;
}

}  // namespace

// ---- XML reader ----------------------------------------------------------------------

TEST(S3Xml, ListPageFromTheSpecWithEncodedKeys) {
    const ListPage page = parse_list_page(R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>aind-ephys-data</Name><Prefix>ecephys_676909_2023-12-13_13-43-40%2F</Prefix>
  <Delimiter>%2F</Delimiter><MaxKeys>1000</MaxKeys><EncodingType>url</EncodingType>
  <KeyCount>3</KeyCount><IsTruncated>true</IsTruncated>
  <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
  <Contents><Key>ecephys_676909_2023-12-13_13-43-40/Record+Node%20101%23x.json</Key>
    <LastModified>2023-12-15T05:10:11.000Z</LastModified><ETag>"9b2cf535f27731c974343645a3985328"</ETag>
    <Size>1532</Size><StorageClass>STANDARD</StorageClass></Contents>
  <CommonPrefixes><Prefix>ecephys_676909_2023-12-13_13-43-40/behavior%2F</Prefix></CommonPrefixes>
  <CommonPrefixes><Prefix>ecephys_676909_2023-12-13_13-43-40/ecephys_clipped/</Prefix></CommonPrefixes>
</ListBucketResult>)");
    ASSERT_EQ(page.objects.size(), 1u);
    EXPECT_EQ(page.objects[0].key, "ecephys_676909_2023-12-13_13-43-40/Record Node 101#x.json");
    EXPECT_EQ(page.objects[0].size, 1532);
    EXPECT_EQ(page.objects[0].etag, "\"9b2cf535f27731c974343645a3985328\"");
    EXPECT_EQ(page.common_prefixes, (std::vector<std::string>{"ecephys_676909_2023-12-13_13-43-40/behavior/",
                                                              "ecephys_676909_2023-12-13_13-43-40/ecephys_clipped/"}));
    EXPECT_TRUE(page.is_truncated);
    EXPECT_EQ(page.next_continuation_token, "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=");
    EXPECT_EQ(page.key_count, 3);
}

TEST(S3Xml, KeysAreLeftAloneWithoutEncodingType) {
    const ListPage page = parse_list_page(
        "<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>a+b%20c</Key><Size>1</Size></Contents>"
        "</ListBucketResult>");
    EXPECT_EQ(page.objects.at(0).key, "a+b%20c");
    EXPECT_EQ(page.key_count, 1);
}

TEST(S3Xml, NotAListingIsAProtocolError) {
    for (const char* bad : {"", "<Error><Code>NoSuchKey</Code></Error>", "<ListBucketResult><IsTruncated>true",
                            "<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>"}) {
        SCOPED_TRACE(bad);
        try {
            parse_list_page(bad);
            FAIL();
        } catch (const aind::Error& e) {
            EXPECT_EQ(e.kind(), aind::ErrorKind::protocol);
        }
    }
}

TEST(S3Xml, ErrorBodies) {
    const ErrorBody e = parse_error_body(
        "<?xml version=\"1.0\"?><Error><Code>PermanentRedirect</Code><Message>Use the endpoint</Message>"
        "<Region>us-east-1</Region></Error>");
    EXPECT_EQ(e.code, "PermanentRedirect");
    EXPECT_EQ(e.region, "us-east-1");
    EXPECT_TRUE(parse_error_body("").code.empty());
    EXPECT_TRUE(parse_error_body("<html>").code.empty());
}

TEST(S3Urls, VirtualHostedForAwsAndPathStyleForAnEndpoint) {
    aind::aws::AwsConfig aws;
    aws.region = "us-west-2";
    const Client real(aws);
    EXPECT_EQ(real.url("aind-ephys-data", "a b/c#d.json"),
              "https://aind-ephys-data.s3.us-west-2.amazonaws.com/a%20b/c%23d.json");
    EXPECT_EQ(real.url("aind-open-data", "", "list-type=2"),
              "https://aind-open-data.s3.us-west-2.amazonaws.com/?list-type=2");
    aws.endpoint_url = "http://127.0.0.1:9000";
    const Client local(aws);
    EXPECT_EQ(local.url("aind-ephys-data", "x/y"), "http://127.0.0.1:9000/aind-ephys-data/x/y");
    EXPECT_EQ(local.url("aind-ephys-data", "", "list-type=2"), "http://127.0.0.1:9000/aind-ephys-data?list-type=2");
}

// ---- against the local stack -----------------------------------------------------------

TEST_F(S3Stack, ListWithDelimiterGivesFilesAndDirs) {
    const Client s3 = stack_client();
    const ListResult r = s3.list("aind-ephys-data", ListOptions{std::string(kSession) + "/", "/"});
    std::set<std::string> prefixes(r.common_prefixes.begin(), r.common_prefixes.end());
    EXPECT_TRUE(prefixes.count(std::string(kSession) + "/ecephys_clipped/"));
    EXPECT_TRUE(prefixes.count(std::string(kSession) + "/behavior/"));
    std::set<std::string> keys;
    for (const auto& o : r.objects) keys.insert(o.key);
    EXPECT_TRUE(keys.count(std::string(kSession) + "/data_description.json"));
    for (const auto& o : r.objects) EXPECT_FALSE(o.etag.empty());
}

TEST_F(S3Stack, ListFollowsContinuationAcrossPages) {
    const Client s3 = stack_client();
    ListOptions options{std::string(kSession) + "/", "", 3};
    const ListResult paged = s3.list("aind-ephys-data", options);
    EXPECT_GE(paged.pages, 3);
    options.max_keys = 0;
    const ListResult whole = s3.list("aind-ephys-data", options);
    ASSERT_EQ(paged.objects.size(), whole.objects.size());
    for (std::size_t i = 0; i < whole.objects.size(); ++i) EXPECT_EQ(paged.objects[i].key, whole.objects[i].key);
    // Keys with spaces and '#' come back decoded.
    EXPECT_TRUE(std::any_of(whole.objects.begin(), whole.objects.end(),
                            [](const ObjectInfo& o) { return o.key.find("Record Node 101#") != std::string::npos; }));
    options.max_keys = 2;
    options.all_pages = false;
    const ListResult first = s3.list("aind-ephys-data", options);
    EXPECT_EQ(first.objects.size(), 2u);
    EXPECT_TRUE(first.truncated);
}

TEST_F(S3Stack, DelimiterListingOverAThousandPrefixes) {
    const Client s3 = stack_client();
    const ListResult r = s3.list("codeocean-s3datasetsbucket-1u41qdg42ur9", ListOptions{"", "/"});
    EXPECT_GT(r.common_prefixes.size(), 1000u);
    EXPECT_GE(r.pages, 2);
    std::set<std::string> unique(r.common_prefixes.begin(), r.common_prefixes.end());
    EXPECT_EQ(unique.size(), r.common_prefixes.size());
}

TEST_F(S3Stack, HeadAndRangedGet) {
    const Client s3 = stack_client();
    const std::string key = std::string(kSession) + "/data_description.json";
    const auto head = s3.head("aind-ephys-data", key);
    ASSERT_TRUE(head.has_value());
    EXPECT_GT(head->size, 10);
    EXPECT_FALSE(head->etag.empty());
    const GetResult whole = s3.get("aind-ephys-data", key);
    EXPECT_EQ(whole.status, 200);
    EXPECT_EQ(static_cast<std::int64_t>(whole.body.size()), head->size);
    const GetResult part = s3.get("aind-ephys-data", key, ByteRange{2, 9});
    EXPECT_EQ(part.status, 206);
    EXPECT_EQ(part.body, whole.body.substr(2, 8));
    EXPECT_EQ(part.content_range, "bytes 2-9/" + std::to_string(head->size));
    EXPECT_FALSE(s3.head("aind-ephys-data", key + ".missing").has_value());
}

TEST_F(S3Stack, MissingObjectAndBucketAreNotFoundAndSayWhich) {
    const Client s3 = stack_client();
    try {
        s3.get("aind-ephys-data", "no/such/key");
        FAIL();
    } catch (const aind::Error& e) {
        EXPECT_EQ(e.kind(), aind::ErrorKind::not_found);
        EXPECT_NE(std::string(e.what()).find("no such object"), std::string::npos) << e.what();
    }
    try {
        s3.list("no-such-bucket-aind", ListOptions{"x/", "/"});
        FAIL();
    } catch (const aind::Error& e) {
        EXPECT_EQ(e.kind(), aind::ErrorKind::not_found);
        EXPECT_NE(std::string(e.what()).find("NoSuchBucket"), std::string::npos) << e.what();
    }
}

TEST_F(S3Stack, ExistsAsTheOriginalDoesIt) {
    const Client s3 = stack_client();
    EXPECT_TRUE(s3.exists("aind-ephys-data", kSession));                                 // a dir, by listing
    EXPECT_TRUE(s3.exists("aind-ephys-data", std::string(kSession) + "/session.json"));  // a file, by HEAD
    EXPECT_FALSE(s3.exists("aind-ephys-data", "ecephys_000000_2020-01-01_00-00-00"));
}

TEST_F(S3Stack, NothingExistsInABucketThatDoesNotExist) {
    const Client s3 = stack_client();
    EXPECT_FALSE(s3.exists("no-such-bucket-aind", kSession));  // a retired bucket: not there, not an error
    EXPECT_FALSE(s3.exists("no-such-bucket-aind", std::string(kSession) + "/session.json"));
}

TEST_F(S3Stack, AnonymousReadsOfThePublicBucket) {
    const Client anonymous(anonymous_config());
    const ListResult r = anonymous.list("aind-open-data", ListOptions{"", "/"});
    EXPECT_FALSE(r.common_prefixes.empty());
    const std::string dir = r.common_prefixes.front();
    const ListResult inside = anonymous.list("aind-open-data", ListOptions{dir, ""});
    ASSERT_FALSE(inside.objects.empty());
    EXPECT_TRUE(anonymous.head("aind-open-data", inside.objects.front().key).has_value());
}

TEST_F(S3Stack, PrivateBucketWithoutCredentialsIsAnAuthErrorSayingWhereWeLooked) {
    const Client anonymous(anonymous_config());
    try {
        anonymous.list("aind-ephys-data", ListOptions{std::string(kSession) + "/", "/"});
        FAIL();
    } catch (const aind::Error& e) {
        EXPECT_EQ(e.kind(), aind::ErrorKind::auth);
        const std::string what = e.what();
        EXPECT_NE(what.find("403"), std::string::npos) << what;
        EXPECT_NE(what.find("no AWS credentials found; looked in env"), std::string::npos) << what;
        EXPECT_NE(what.find("container credentials"), std::string::npos) << what;
    }
}

TEST_F(S3Stack, BadSecretIsASignatureMismatch) {
    aind::aws::AwsConfig config = aind::aws::resolve_aws_config();
    config.credentials.secret_access_key = "not-the-secret";
    const Client s3(config);
    try {
        s3.list("aind-ephys-data", ListOptions{std::string(kSession) + "/", "/"});
        FAIL();
    } catch (const aind::Error& e) {
        EXPECT_EQ(e.kind(), aind::ErrorKind::permission);
        EXPECT_NE(std::string(e.what()).find("SignatureDoesNotMatch"), std::string::npos) << e.what();
    }
    config.credentials.access_key_id = "AKIAUNKNOWN";
    try {
        Client(config).head("aind-ephys-data", std::string(kSession) + "/session.json");
        FAIL();
    } catch (const aind::Error& e) {
        EXPECT_EQ(e.kind(), aind::ErrorKind::permission);
        EXPECT_NE(std::string(e.what()).find("403"), std::string::npos) << e.what();
    }
}

TEST_F(S3Stack, BucketInAnotherRegionIsFollowedAndRemembered) {
    const Client s3 = stack_client();
    EXPECT_EQ(s3.region_for("aind-ophys-data"), "us-west-2");
    const ListResult r = s3.list("aind-ophys-data", ListOptions{"", "/"});
    EXPECT_FALSE(r.common_prefixes.empty());
    EXPECT_EQ(s3.region_for("aind-ophys-data"), "us-east-1");
    EXPECT_EQ(s3.region_for("aind-ephys-data"), "us-west-2");
    // Later calls go straight to the right region (and still work).
    EXPECT_TRUE(s3.exists("aind-ophys-data", r.common_prefixes.front()));
}

TEST_F(S3Stack, ProbeDirsAnswersEveryLocationAtOnceInOrder) {
    const Client s3 = stack_client();
    const std::vector<S3Location> locations = {
        {"aind-ephys-data", kSession}, {"aind-open-data", kSession}, {"no-such-bucket-aind", kSession}};
    const std::vector<aind::Result<Probe>> results = s3.probe_dirs(locations);
    ASSERT_EQ(results.size(), locations.size());
    ASSERT_TRUE(results[0].ok()) << results[0].error().what();
    EXPECT_TRUE(results[0].value().found);
    EXPECT_FALSE(results[0].value().is_object);
    ASSERT_TRUE(results[1].ok()) << results[1].error().what();
    EXPECT_FALSE(results[1].value().found);
    ASSERT_TRUE(results[2].ok()) << results[2].error().what();  // no such bucket: nothing there
    EXPECT_FALSE(results[2].value().found);
}

TEST_F(S3Stack, ProbeAsAnonymousIsDeniedWherePrivate) {
    const Client anonymous(anonymous_config());
    const std::vector<aind::Result<Probe>> results =
        anonymous.probe_dirs({{"aind-ephys-data", kSession}, {"aind-open-data", "nothing-here"}});
    ASSERT_FALSE(results[0].ok());
    EXPECT_EQ(results[0].error().kind(), aind::ErrorKind::auth);
    ASSERT_TRUE(results[1].ok()) << results[1].error().what();
    EXPECT_FALSE(results[1].value().found);
}
