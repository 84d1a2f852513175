// src/s3/xml.cpp
//
// ListBucketResult and Error documents via pugixml. Element names are matched without their
// namespace prefix: S3 uses a default xmlns, other S3-compatible stores sometimes a prefix.
// XML is UTF-8 here, but pugixml does not check it (nor what a %XX escape or a character
// reference decodes to), so every text we keep is checked: keys and tokens end up in Python
// str objects, which cannot hold anything else.
#include "aind/s3/xml.hpp"

#include <simdjson.h>
#include <pugixml.hpp>

#include <cstdlib>
#include <cstring>

#include "aind/common/error.hpp"
#include "aind/common/text.hpp"
#include "aind/common/url.hpp"

namespace aind::s3 {

namespace {

const char* local_name(const pugi::xml_node& node) {
    const char* name = node.name();
    const char* colon = std::strrchr(name, ':');
    return colon ? colon + 1 : name;
}

pugi::xml_node child(const pugi::xml_node& parent, const char* name) {
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling())
        if (c.type() == pugi::node_element && std::strcmp(local_name(c), name) == 0) return c;
    return {};
}

std::string text_of(const pugi::xml_node& parent, const char* name) {
    const pugi::xml_node c = child(parent, name);
    return c ? c.child_value() : std::string();
}

// `text` (the <name> of a listing, URL-decoded when it was encoded) when it is valid UTF-8.
std::string checked_utf8(std::string text, const char* name) {
    if (!simdjson::validate_utf8(text))
        throw Error(ErrorKind::protocol, std::string("S3 listing: <") + name + "> is not valid UTF-8: \"" +
                                             excerpt(text) + "\" ('?' marks the invalid bytes)");
    return text;
}

}  // namespace

std::string url_decode_plus(std::string_view text) { return percent_decode(text, /*plus_as_space=*/true); }

ListPage parse_list_page(std::string_view xml) {
    pugi::xml_document doc;
    const pugi::xml_parse_result ok = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!ok) throw Error(ErrorKind::protocol, std::string("S3 listing is not XML: ") + ok.description());
    const pugi::xml_node root = doc.document_element();
    if (!root || std::strcmp(local_name(root), "ListBucketResult") != 0)
        throw Error(ErrorKind::protocol,
                    std::string("S3 listing: expected <ListBucketResult>, got <") + (root ? root.name() : "") + ">");
    // botocore decodes only when the reply echoes EncodingType=url; so do we.
    const bool encoded = text_of(root, "EncodingType") == "url";
    auto text = [](const pugi::xml_node& parent, const char* name) {
        return checked_utf8(text_of(parent, name), name);
    };
    auto decoded = [encoded](const pugi::xml_node& parent, const char* name) {
        std::string s = text_of(parent, name);
        return checked_utf8(encoded ? url_decode_plus(s) : s, name);
    };

    ListPage page;
    for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) continue;
        const char* name = local_name(c);
        if (std::strcmp(name, "Contents") == 0) {
            ObjectInfo o;
            o.key = decoded(c, "Key");
            o.size = std::strtoll(text_of(c, "Size").c_str(), nullptr, 10);
            o.etag = text(c, "ETag");
            o.last_modified = text(c, "LastModified");
            o.storage_class = text(c, "StorageClass");
            page.objects.push_back(std::move(o));
        } else if (std::strcmp(name, "CommonPrefixes") == 0) {
            page.common_prefixes.push_back(decoded(c, "Prefix"));
        }
    }
    page.is_truncated = text_of(root, "IsTruncated") == "true";
    page.next_continuation_token = text(root, "NextContinuationToken");
    const std::string count = text_of(root, "KeyCount");
    page.key_count = count.empty() ? static_cast<std::int64_t>(page.objects.size() + page.common_prefixes.size())
                                   : std::strtoll(count.c_str(), nullptr, 10);
    if (page.is_truncated && page.next_continuation_token.empty())
        throw Error(ErrorKind::protocol, "S3 listing is truncated but has no NextContinuationToken");
    return page;
}

ErrorBody parse_error_body(std::string_view xml) {
    ErrorBody body;
    if (xml.empty()) return body;
    pugi::xml_document doc;
    if (!doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8)) return body;
    const pugi::xml_node root = doc.document_element();
    if (!root || std::strcmp(local_name(root), "Error") != 0) return body;
    ErrorBody read{text_of(root, "Code"), text_of(root, "Message"), text_of(root, "Region")};
    // The fields go into error messages: a body that is not UTF-8 is as unreadable as no body.
    for (const std::string* field : {&read.code, &read.message, &read.region})
        if (!simdjson::validate_utf8(*field)) return body;
    return read;
}

}  // namespace aind::s3
