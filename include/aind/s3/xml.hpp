// include/aind/s3/xml.hpp
//
// The S3 XML documents we read (ListBucketResult, Error), parsed with pugixml into plain
// structs. Separate from the client so the fuzzer and the tests can feed it bytes directly.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace aind::s3 {

struct ObjectInfo {
    std::string key;
    std::int64_t size = 0;
    std::string etag;  // as sent, quotes included
    std::string last_modified;
    std::string storage_class;
};

/// One ListObjectsV2 page, keys already URL-decoded when the reply says EncodingType=url.
struct ListPage {
    std::vector<ObjectInfo> objects;
    std::vector<std::string> common_prefixes;
    bool is_truncated = false;
    std::string next_continuation_token;
    std::int64_t key_count = 0;
};

/// Parses a ListBucketResult; throws aind::Error(protocol) when it is not one, or when a text
/// we keep (a key or prefix after URL-decoding, a token, an ETag...) is not valid UTF-8.
ListPage parse_list_page(std::string_view xml);

struct ErrorBody {
    std::string code;  // "NoSuchKey", "AccessDenied", ... ; empty when there was no XML body
    std::string message;
    std::string region;  // <Region> of redirect errors, when present
};

/// Parses an <Error> document; never throws (an unreadable body, or one that is not valid
/// UTF-8, gives empty fields).
ErrorBody parse_error_body(std::string_view xml);

/// Decodes S3's encoding-type=url values: %XX escapes, and '+' as a space.
std::string url_decode_plus(std::string_view text);

}  // namespace aind::s3
