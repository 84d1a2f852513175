// tests/fuzz/fuzz_s3_xml.cpp
//
// S3's XML answers on arbitrary bytes: parse_list_page accepts a listing or throws
// aind::Error(protocol); what it accepts, written back as XML, reads back the same (so no
// field depends on anything but the document); parse_error_body never throws.
#include <cstdint>
#include <string>
#include <string_view>

#include "aind/s3/xml.hpp"
#include "fuzz_support.hpp"

namespace {

using aind::fuzz::check;

// Text as XML character data that pugixml reads back byte for byte: markup characters and
// white space as character references (pugixml drops white-space-only text and normalises
// line ends), other bytes as they are.
std::string xml_text(std::string_view text) {
    std::string out;
    for (const char c : text) {
        const unsigned char u = static_cast<unsigned char>(c);
        if (c == '&' || c == '<' || c == '>' || c == '"' || c == '\'' || u < 0x20 || c == ' ')
            out += "&#" + std::to_string(u) + ";";
        else out.push_back(c);
    }
    return out;
}

std::string element(std::string_view name, std::string_view text) {
    return "<" + std::string(name) + ">" + xml_text(text) + "</" + std::string(name) + ">";
}

// The page as S3 would send it without EncodingType (keys are already decoded).
std::string to_xml(const aind::s3::ListPage& page) {
    std::string xml = "<ListBucketResult>";
    xml += element("IsTruncated", page.is_truncated ? "true" : "false");
    xml += element("NextContinuationToken", page.next_continuation_token);
    xml += element("KeyCount", std::to_string(page.key_count));
    for (const auto& o : page.objects) {
        xml += "<Contents>" + element("Key", o.key) + element("Size", std::to_string(o.size)) +
               element("ETag", o.etag) + element("LastModified", o.last_modified) +
               element("StorageClass", o.storage_class) + "</Contents>";
    }
    for (const auto& p : page.common_prefixes) xml += "<CommonPrefixes>" + element("Prefix", p) + "</CommonPrefixes>";
    return xml + "</ListBucketResult>";
}

bool same(const aind::s3::ListPage& a, const aind::s3::ListPage& b) {
    if (a.objects.size() != b.objects.size()) return false;
    for (std::size_t i = 0; i < a.objects.size(); ++i) {
        const auto &x = a.objects[i], &y = b.objects[i];
        if (x.key != y.key || x.size != y.size || x.etag != y.etag || x.last_modified != y.last_modified ||
            x.storage_class != y.storage_class)
            return false;
    }
    return a.common_prefixes == b.common_prefixes && a.is_truncated == b.is_truncated &&
           a.next_continuation_token == b.next_continuation_token && a.key_count == b.key_count;
}

// XML text cannot hold a NUL byte (a key decoded from "%00" can): such a page has no XML form.
bool has_xml_form(const aind::s3::ListPage& page) {
    auto nul = [](const std::string& s) { return s.find('\0') != std::string::npos; };
    for (const auto& o : page.objects)
        if (nul(o.key)) return false;
    for (const auto& p : page.common_prefixes)
        if (nul(p)) return false;
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text = aind::fuzz::input(data, size);
    aind::s3::ListPage page;
    if (aind::fuzz::only_errors_of_kind(aind::ErrorKind::protocol, [&] { page = aind::s3::parse_list_page(text); })) {
        check(!page.is_truncated || !page.next_continuation_token.empty());
        check(!has_xml_form(page) || same(aind::s3::parse_list_page(to_xml(page)), page));
    }
    try {
        const aind::s3::ErrorBody body = aind::s3::parse_error_body(text);
        check(!text.empty() || (body.code.empty() && body.message.empty() && body.region.empty()));
    } catch (...) {
        std::abort();  // documented never to throw: the caller is already reporting a failure
    }
    aind::s3::url_decode_plus(text);
    return 0;
}
