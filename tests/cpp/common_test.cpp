// tests/cpp/common_test.cpp
//
// The shared helpers of src/common (text, URL, file reads), by behaviour: what the HTTP
// engine, the SigV4 signer, the service clients and the configuration readers rely on.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "aind/common/error.hpp"
#include "aind/common/files.hpp"
#include "aind/common/text.hpp"
#include "aind/common/url.hpp"

namespace fs = std::filesystem;

// ---- text ------------------------------------------------------------------------------

TEST(Trim, DropsLeadingAndTrailingWhiteSpaceOnly) {
    EXPECT_EQ(aind::trim("  a b \t\r\n"), "a b");
    EXPECT_EQ(aind::trim("\v\fx\f\v"), "x");
    EXPECT_EQ(aind::trim(" \t "), "");
    EXPECT_EQ(aind::trim(""), "");
    EXPECT_EQ(aind::trim("\xc2\xa0x"), "\xc2\xa0x");  // UTF-8 no-break space is not ASCII white space
}

TEST(IEquals, IgnoresAsciiCaseOnly) {
    EXPECT_TRUE(aind::iequals("Retry-After", "retry-AFTER"));
    EXPECT_TRUE(aind::iequals("", ""));
    EXPECT_FALSE(aind::iequals("Retry-After", "Retry-Afte"));
    EXPECT_FALSE(aind::iequals("\xc3\x89", "\xc3\xa9"));  // É and é differ byte-wise
}

TEST(ToLower, LowerCasesAsciiLettersAndKeepsOtherBytes) {
    EXPECT_EQ(aind::to_lower("X-Amz-Date: ABC-123"), "x-amz-date: abc-123");
    EXPECT_EQ(aind::to_lower("\xc3\x89"), "\xc3\x89");
}

TEST(IContains, FindsANeedleWhateverItsAsciiCase) {
    EXPECT_TRUE(aind::icontains("Spike sorting with KiloSort2.5", "kilosort"));
    EXPECT_TRUE(aind::icontains("N E X T F L O W", "n e x t f l o w"));
    EXPECT_TRUE(aind::icontains("anything", ""));
    EXPECT_FALSE(aind::icontains("kilo sort", "kilosort"));
    EXPECT_FALSE(aind::icontains("", "x"));
}

TEST(ToHex, WritesTwoLowerCaseDigitsPerByte) {
    EXPECT_EQ(aind::to_hex(std::string("\x00\x01\xab\xff", 4)), "0001abff");
    EXPECT_EQ(aind::to_hex(""), "");
}

TEST(HexValue, ReadsDigitsOfEitherCaseAndRefusesTheRest) {
    EXPECT_EQ(aind::hex_value('0'), 0);
    EXPECT_EQ(aind::hex_value('9'), 9);
    EXPECT_EQ(aind::hex_value('a'), 10);
    EXPECT_EQ(aind::hex_value('F'), 15);
    EXPECT_EQ(aind::hex_value('g'), -1);
    EXPECT_EQ(aind::hex_value('%'), -1);
}

TEST(Excerpt, NeverEndsInsideACharacter) {
    const std::string text = "a\xc3\xa9\xe2\x82\xac";  // "a", then two- and three-byte characters
    EXPECT_EQ(aind::excerpt(text, 10), text);
    EXPECT_EQ(aind::excerpt(text, 6), text);
    EXPECT_EQ(aind::excerpt(text, 5), "a\xc3\xa9\xE2\x80\xA6 (6 bytes)");
    EXPECT_EQ(aind::excerpt(text, 2), "a\xE2\x80\xA6 (6 bytes)");
    EXPECT_EQ(aind::excerpt(text, 0), "\xE2\x80\xA6 (6 bytes)");
}

// ---- percent-encoding ------------------------------------------------------------------

TEST(PercentEncode, KeepsUnreservedCharacters) { EXPECT_EQ(aind::percent_encode("abc-_.~XYZ019"), "abc-_.~XYZ019"); }

TEST(PercentEncode, EncodesEverythingElseWithUpperCaseHex) {
    EXPECT_EQ(aind::percent_encode("a b/c?d=e&f"), "a%20b%2Fc%3Fd%3De%26f");
    EXPECT_EQ(aind::percent_encode("+*%"), "%2B%2A%25");
    EXPECT_EQ(aind::percent_encode("\xc3\xa9"), "%C3%A9");  // UTF-8 byte by byte
    EXPECT_EQ(aind::percent_encode(std::string("\x00", 1)), "%00");
}

TEST(PercentEncode, KeepsSlashesOnlyWhenAsked) {
    EXPECT_EQ(aind::percent_encode("a b/~"), "a%20b%2F~");
    EXPECT_EQ(aind::percent_encode("a b/~", /*keep_slash=*/true), "a%20b/~");
}

TEST(PercentDecode, DecodesEscapesOfEitherCase) {
    EXPECT_EQ(aind::percent_decode("a%20b%2fc%2F"), "a b/c/");
    EXPECT_EQ(aind::percent_decode("%C3%A9"), "\xc3\xa9");
}

TEST(PercentDecode, KeepsMalformedEscapes) {
    EXPECT_EQ(aind::percent_decode("100%"), "100%");
    EXPECT_EQ(aind::percent_decode("%4"), "%4");
    EXPECT_EQ(aind::percent_decode("%zz%4g"), "%zz%4g");
    EXPECT_EQ(aind::percent_decode("%%41"), "%A");
}

TEST(PercentDecode, PlusIsASpaceOnlyInFormEncoding) {
    EXPECT_EQ(aind::percent_decode("a+b%2B"), "a+b+");
    EXPECT_EQ(aind::percent_decode("a+b%2B", /*plus_as_space=*/true), "a b+");
}

TEST(PercentEncode, RoundTripsThroughPercentDecode) {
    const std::string text = "2024-01-01 12:00/a+b%c\xc3\xa9";
    EXPECT_EQ(aind::percent_decode(aind::percent_encode(text)), text);
    EXPECT_EQ(aind::percent_decode(aind::percent_encode(text, true)), text);
}

// ---- split_url -------------------------------------------------------------------------

TEST(WithoutTrailingSlashes, DropsEverySlashAtTheEndOnly) {
    EXPECT_EQ(aind::without_trailing_slashes("s3://b/x//"), "s3://b/x");
    EXPECT_EQ(aind::without_trailing_slashes("https://host/a/b"), "https://host/a/b");
    EXPECT_EQ(aind::without_trailing_slashes("/"), "");
}

TEST(SplitUrl, SplitsSchemeHostPathAndQuery) {
    const aind::UrlParts p = aind::split_url("http://h:1/a%20b/c?list-type=2&prefix=x%2F#top");
    EXPECT_EQ(p.scheme, "http");
    EXPECT_EQ(p.host, "h:1");
    EXPECT_EQ(p.hostname, "h");
    EXPECT_EQ(p.path, "/a%20b/c");
    EXPECT_EQ(p.query, "list-type=2&prefix=x%2F");
}

TEST(SplitUrl, HostKeepsANonDefaultPortAndDropsDefaultOnes) {
    EXPECT_EQ(aind::split_url("http://127.0.0.1:9000/b/k?x=1").host, "127.0.0.1:9000");
    EXPECT_EQ(aind::split_url("https://B.s3.amazonaws.com:443/k").host, "b.s3.amazonaws.com");
    EXPECT_EQ(aind::split_url("http://h:80/").host, "h");
    EXPECT_EQ(aind::split_url("https://h:80/").host, "h:80");
    EXPECT_EQ(aind::split_url("http://h:/").host, "h");
}

TEST(SplitUrl, LowerCasesSchemeAndHostButNotThePath) {
    const aind::UrlParts p = aind::split_url("HTTPS://Bucket.S3.Amazonaws.com/Key/A");
    EXPECT_EQ(p.scheme, "https");
    EXPECT_EQ(p.host, "bucket.s3.amazonaws.com");
    EXPECT_EQ(p.path, "/Key/A");
}

TEST(SplitUrl, DropsUserInfo) {
    const aind::UrlParts p = aind::split_url("http://user:pw@127.0.0.1:9000/");
    EXPECT_EQ(p.host, "127.0.0.1:9000");
    EXPECT_EQ(p.hostname, "127.0.0.1");
}

TEST(SplitUrl, EmptyPathIsASlash) {
    EXPECT_EQ(aind::split_url("http://localhost:80").path, "/");
    const aind::UrlParts p = aind::split_url("http://localhost?a=1");
    EXPECT_EQ(p.path, "/");
    EXPECT_EQ(p.query, "a=1");
}

TEST(SplitUrl, Ipv6LiteralsKeepTheirBrackets) {
    const aind::UrlParts p = aind::split_url("http://[fd00:ec2::23]:8080/creds");
    EXPECT_EQ(p.host, "[fd00:ec2::23]:8080");
    EXPECT_EQ(p.hostname, "fd00:ec2::23");
    EXPECT_EQ(aind::split_url("http://[::1]/").host, "[::1]");
    EXPECT_EQ(aind::split_url("http://[::1]:80/").hostname, "::1");
}

TEST(SplitUrl, RelativeUrlIsInvalidInput) {
    try {
        aind::split_url("/v2/credentials");
        FAIL() << "expected an error";
    } catch (const aind::Error& e) {
        EXPECT_EQ(e.kind(), aind::ErrorKind::invalid_input);
    }
}

// ---- read_regular_file -----------------------------------------------------------------

namespace {

// Each test gets a fresh directory under /tmp, removed afterwards.
class ReadRegularFile : public ::testing::Test {
protected:
    void SetUp() override {
        char pattern[] = "/tmp/aind-common-test-XXXXXX";
        dir_ = mkdtemp(pattern);
    }
    void TearDown() override { fs::remove_all(dir_); }
    fs::path dir_;
};

}  // namespace

TEST_F(ReadRegularFile, ReturnsTheWholeFileByteForByte) {
    const std::string text("a=1\r\nb=\0two\n", 12);
    std::ofstream(dir_ / "f", std::ios::binary) << text;
    EXPECT_EQ(aind::read_regular_file((dir_ / "f").string()), text);
}

TEST_F(ReadRegularFile, EmptyFileIsPresentAndEmpty) {
    std::ofstream(dir_ / "empty").close();
    EXPECT_EQ(aind::read_regular_file((dir_ / "empty").string()), std::string());
}

TEST_F(ReadRegularFile, FollowsSymlinks) {
    std::ofstream(dir_ / "target") << "x";
    fs::create_symlink(dir_ / "target", dir_ / "link");
    EXPECT_EQ(aind::read_regular_file((dir_ / "link").string()), "x");
}

TEST_F(ReadRegularFile, MissingFileDirectoryAndFifoAreNothing) {
    EXPECT_EQ(aind::read_regular_file((dir_ / "missing").string()), std::nullopt);
    fs::create_directory(dir_ / "dir");
    EXPECT_EQ(aind::read_regular_file((dir_ / "dir").string()), std::nullopt);
    ASSERT_EQ(mkfifo((dir_ / "fifo").c_str(), 0600), 0);
    EXPECT_EQ(aind::read_regular_file((dir_ / "fifo").string()), std::nullopt);  // and does not block
    fs::create_symlink(dir_ / "missing", dir_ / "dangling");
    EXPECT_EQ(aind::read_regular_file((dir_ / "dangling").string()), std::nullopt);
}
