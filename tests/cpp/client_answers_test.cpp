// tests/cpp/client_answers_test.cpp
//
// What the clients make of answers they cannot trust (support/hostile_routes.py on the
// fixture server): text that is not UTF-8 is a protocol error whose message is itself valid
// UTF-8 (the Python front can only raise that), and DocDB items that are not records are a
// protocol error naming the request.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "aind/codeocean/client.hpp"
#include "aind/common/error.hpp"
#include "aind/common/text.hpp"
#include "aind/docdb/client.hpp"
#include "aind/s3/client.hpp"
#include "aind/s3/xml.hpp"
#include "support/error_of.hpp"
#include "support/fixture_clients.hpp"

using namespace aind_test::http;
using aind_test::error_of;

// ---- invalid UTF-8 -----------------------------------------------------------------------

TEST(InvalidUtf8, InADocDbRecordIsAProtocolError) {
    const aind::Error e = error_of([] { docdb_client("bad-utf8").find("{}"); }, {"/docdb/bad-utf8/", "UTF-8"});
    EXPECT_EQ(e.kind(), aind::ErrorKind::protocol);
}

TEST(InvalidUtf8, InACodeOceanSearchIsAProtocolError) {
    const aind::Error e =
        error_of([] { codeocean_client("bad-utf8").search_data_assets(aind::codeocean::SearchParams()); }, {"UTF-8"});
    EXPECT_EQ(e.kind(), aind::ErrorKind::protocol);
}

TEST(InvalidUtf8, InAnS3KeyIsAProtocolErrorNamingTheListing) {
    const aind::Error e = error_of([] { s3_client().list("bad-utf8"); }, {"s3://bad-utf8", "<Key>", "UTF-8"});
    EXPECT_EQ(e.kind(), aind::ErrorKind::protocol);
}

TEST(InvalidUtf8, InAnS3KeyAfterUrlDecodingIsAProtocolError) {
    const aind::Error e = error_of([] { s3_client().list("bad-utf8-url"); }, {"<Key>", "UTF-8"});
    EXPECT_EQ(e.kind(), aind::ErrorKind::protocol);
}

TEST(InvalidUtf8, InAnS3ErrorMessageIsLeftOutOfOurs) {
    const aind::Error e = error_of([] { s3_client().list("denied-bad-utf8"); }, {});
    EXPECT_EQ(e.kind(), aind::ErrorKind::auth);  // an unsigned request was denied
}

TEST(InvalidUtf8, TheXmlReaderChecksTokensAndCharacterReferencesToo) {
    EXPECT_THROW(aind::s3::parse_list_page("<ListBucketResult><IsTruncated>true</IsTruncated>"
                                           "<NextContinuationToken>a\xfe</NextContinuationToken></ListBucketResult>"),
                 aind::Error);
    // A character reference to a lone surrogate decodes to bytes that are not UTF-8.
    EXPECT_THROW(aind::s3::parse_list_page("<ListBucketResult><Contents><Key>a&#xD800;</Key></Contents>"
                                           "</ListBucketResult>"),
                 aind::Error);
    const aind::s3::ListPage ok =
        aind::s3::parse_list_page("<ListBucketResult><Contents><Key>caf\xc3\xa9</Key></Contents></ListBucketResult>");
    EXPECT_EQ(ok.objects.at(0).key, "caf\xc3\xa9");
}

// ---- DocDB items that are not records -------------------------------------------------------

TEST(DocDbRecords, AnArrayOfNumbersIsAProtocolErrorNamingTheQuery) {
    const aind::Error e = error_of([] { docdb_client("not-records").find(R"({"name": "s"})"); },
                                   {"/docdb/not-records/", R"({"name": "s"})", "item 1 is \"1\""});
    EXPECT_EQ(e.kind(), aind::ErrorKind::protocol);
}

TEST(DocDbRecords, ANonRecordAfterARecordIsAProtocolError) {
    const aind::Error e = error_of([] { docdb_client("mixed").find("{}"); }, {"item 2 is \"1\""});
    EXPECT_EQ(e.kind(), aind::ErrorKind::protocol);
}

TEST(DocDbRecords, AnObjectWhereAListIsExpectedIsAProtocolError) {
    const aind::Error e = error_of([] { docdb_client("object").find("{}"); }, {"not a JSON array of records"});
    EXPECT_EQ(e.kind(), aind::ErrorKind::protocol);
}

TEST(DocDbRecords, AggregateAnswersMustBeRecordsToo) {
    const aind::Error e = error_of([] { docdb_client("not-records").aggregate("[]"); }, {});
    EXPECT_EQ(e.kind(), aind::ErrorKind::protocol);
}
