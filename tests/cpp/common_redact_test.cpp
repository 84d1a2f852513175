// tests/cpp/common_redact_test.cpp
//
// What a message may carry (aind/common/redact.hpp): no secret the engine was given, nothing
// shaped like a credential, only valid UTF-8, and no megabyte of repeated user input.
#include <gtest/gtest.h>

#include "aind/common/error.hpp"
#include "aind/common/redact.hpp"
#include "aind/common/text.hpp"

using aind::redact;

TEST(Redact, ARememberedSecretIsHiddenWhereverItAppears) {
    aind::remember_secret("cop_redact_test_secret_1234");
    EXPECT_EQ(redact("token=cop_redact_test_secret_1234; again cop_redact_test_secret_1234"), "token=***; again ***");
}

TEST(Redact, ShortValuesAreNotTreatedAsSecrets) {
    aind::remember_secret("abc");
    EXPECT_EQ(redact("abc abc"), "abc abc");
}

TEST(Redact, AUrlPasswordIsHiddenAndTheUserKept) {
    EXPECT_EQ(redact("GET http://u:pw-secret@127.0.0.1:9/v1 failed"), "GET http://u:***@127.0.0.1:9/v1 failed");
    EXPECT_EQ(redact("https://user@host/x"), "https://user@host/x");  // no password: nothing to hide
    EXPECT_EQ(redact("s3://bucket/a:b@c"), "s3://bucket/a:b@c");      // '@' after the path is not user info
}

TEST(Redact, AuthorizationCredentialsEchoedByAServerAreHidden) {
    EXPECT_EQ(redact(R"({"Authorization": "Basic Y29wX3NvbWV0aGluZ2xvbmc6"})"), R"({"Authorization": "Basic ***"})");
    EXPECT_EQ(redact("authorization: bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIi"), "authorization: bearer ***");
    EXPECT_EQ(redact("Signature=0123456789abcdef0123456789abcdef0123"), "Signature=***");
    EXPECT_EQ(redact("basic auth failed"), "basic auth failed");  // ordinary words stay
}

TEST(Redact, InvalidUtf8BecomesTheReplacementCharacter) {
    EXPECT_EQ(redact("key \xff\xfe end"), "key \xEF\xBF\xBD\xEF\xBF\xBD end");
    EXPECT_EQ(aind::valid_utf8("caf\xC3\xA9"), "caf\xC3\xA9");                            // valid UTF-8 untouched
    EXPECT_EQ(aind::valid_utf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong '/'
    EXPECT_EQ(aind::valid_utf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
    EXPECT_EQ(aind::valid_utf8("\xF0\x9F\x98"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // cut short
}

TEST(Redact, EveryErrorMessageIsRedacted) {
    aind::remember_secret("cop_error_message_secret_99");
    const aind::Error e(aind::ErrorKind::server, "server said: cop_error_message_secret_99 \xff");
    EXPECT_STREQ(e.what(), "server said: *** \xEF\xBF\xBD");
}

TEST(Excerpt, LongInputIsCutOnACharacterBoundaryWithItsSize) {
    EXPECT_EQ(aind::excerpt("short"), "short");
    const std::string digits(4096, '1');
    EXPECT_EQ(aind::excerpt(digits, 10), "1111111111\xE2\x80\xA6 (4096 bytes)");
    EXPECT_EQ(aind::excerpt("\xC3\xA9\xC3\xA9", 3), "\xC3\xA9\xE2\x80\xA6 (4 bytes)");
    EXPECT_EQ(aind::excerpt("caf\xc3\xa9", 4), "caf\xE2\x80\xA6 (5 bytes)");  // never half of the é
}

TEST(Excerpt, BytesThatAreNotUtf8AreShownAsQuestionMarks) {
    EXPECT_EQ(aind::excerpt("a\xff"
                            "b"),
              "a?b");
    EXPECT_EQ(aind::excerpt("\xed\xa0\x80"), "???");  // a surrogate is not UTF-8
    EXPECT_EQ(aind::excerpt("\xf0\x9f\x98\x80 ok"), "\xf0\x9f\x98\x80 ok");
}
