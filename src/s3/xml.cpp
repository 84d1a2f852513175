// src/s3/xml.cpp
//
// ListBucketResult and Error documents via pugixml. Element names are matched without their
// namespace prefix: S3 uses a default xmlns, other S3-compatible stores sometimes a prefix.
#include "aind/s3/xml.hpp"

#include <pugixml.hpp>

#include <cstdlib>
#include <cstring>

#include "aind/common/error.hpp"
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

}  // namespace

std::string url_decode_plus(std::string_view text) { return percent_decode(text, /*plus_as_space=*/true); }

ListPage parse_list_page(std::string_view xml) {
    pugi::xml_document doc;
    const pugi::xml_parse_result ok = doc.load_buffer(xml.data(), xml.size());
    if (!ok) throw Error(ErrorKind::protocol, std::string("S3 listing is not XML: ") + ok.description());
    const pugi::xml_node root = doc.document_element();
    if (!root || std::strcmp(local_name(root), "ListBucketResult") != 0)
        throw Error(ErrorKind::protocol,
                    std::string("S3 listing: expected <ListBucketResult>, got <") + (root ? root.name() : "") + ">");
    // botocore decodes only when the reply echoes EncodingType=url; so do we.
    const bool encoded = text_of(root, "EncodingType") == "url";
    auto decode = [encoded](std::string s) { return encoded ? url_decode_plus(s) : s; };

    ListPage page;
    for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) continue;
        const char* name = local_name(c);
        if (std::strcmp(name, "Contents") == 0) {
            ObjectInfo o;
            o.key = decode(text_of(c, "Key"));
            o.size = std::strtoll(text_of(c, "Size").c_str(), nullptr, 10);
            o.etag = text_of(c, "ETag");
            o.last_modified = text_of(c, "LastModified");
            o.storage_class = text_of(c, "StorageClass");
            page.objects.push_back(std::move(o));
        } else if (std::strcmp(name, "CommonPrefixes") == 0) {
            page.common_prefixes.push_back(decode(text_of(c, "Prefix")));
        }
    }
    page.is_truncated = text_of(root, "IsTruncated") == "true";
    page.next_continuation_token = text_of(root, "NextContinuationToken");
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
    if (!doc.load_buffer(xml.data(), xml.size())) return body;
    const pugi::xml_node root = doc.document_element();
    if (!root || std::strcmp(local_name(root), "Error") != 0) return body;
    body.code = text_of(root, "Code");
    body.message = text_of(root, "Message");
    body.region = text_of(root, "Region");
    return body;
}

}  // namespace aind::s3
