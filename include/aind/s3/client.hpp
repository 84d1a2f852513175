// include/aind/s3/client.hpp
//
// A small S3 client: ListObjectsV2 (all pages), HEAD, ranged GET, PUT, the original's exists()
// and a concurrent probe of many locations. Which buckets AIND data live in, and which of
// several hits wins, is AIND's business (src/core/locations.cpp). Every attempt is signed afresh through
// Request::prepare; a bucket living in another region is followed once (301/400 with
// x-amz-bucket-region) and its region remembered for later calls.
//
// Failures are aind::Error: 404 NoSuchBucket/NoSuchKey -> not_found, 403 -> permission (auth
// when we had no credentials at all, with where we looked), the rest via net::raise_for_status.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aind/aws/credentials.hpp"
#include "aind/common/error.hpp"
#include "aind/common/result.hpp"
#include "aind/s3/xml.hpp"

namespace aind::net {
class Client;
}

namespace aind::s3 {

struct S3Location {
    std::string bucket;
    std::string key;  // object key or directory prefix, without a leading '/'

    std::string uri() const { return "s3://" + bucket + (key.empty() ? "" : "/" + key); }
};

struct ListOptions {
    std::string prefix;
    std::string delimiter;
    int max_keys = 0;       // per page; 0 = the server's default (1000)
    bool all_pages = true;  // false: the first page only
    std::string start_after;
};

struct ListResult {
    std::vector<ObjectInfo> objects;
    std::vector<std::string> common_prefixes;
    int pages = 0;
    /// Set only when all_pages was false and the server had more.
    bool truncated = false;
};

struct ObjectHead {
    std::int64_t size = 0;
    std::string etag;
    std::string content_type;
    std::string last_modified;
};

struct ByteRange {
    std::int64_t first = 0;
    std::optional<std::int64_t> last;  // inclusive; unset = to the end
};

struct GetResult {
    std::string body;
    long status = 0;            // 200, or 206 for a range
    std::string content_range;  // "bytes 0-9/1532" for a 206
    std::string etag;
};

/// What a probe of one location found (a failed probe is a Result's error).
struct Probe {
    bool found = false;
    bool is_object = false;  // found by HEAD (a file), not by listing (a dir)
};

class Client {
public:
    /// Credentials, region and endpoint as aws::resolve_aws_config() found them; `http`
    /// defaults to net::default_client() and must outlive the client. Configured clients
    /// come from core::Services.
    explicit Client(aws::AwsConfig config, net::Client* http = nullptr);
    ~Client();
    Client(Client&&) noexcept;
    Client& operator=(Client&&) noexcept;
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    ListResult list(std::string_view bucket, const ListOptions& options = {}) const;
    /// nullopt when the object does not exist (404).
    std::optional<ObjectHead> head(std::string_view bucket, std::string_view key) const;
    GetResult get(std::string_view bucket, std::string_view key, std::optional<ByteRange> range = std::nullopt) const;
    /// PutObject. Sent once: a write is not repeated after the server may have received it
    /// (only a refused connection is retried).
    void put(std::string_view bucket, std::string_view key, std::string body, std::string_view content_type = {}) const;
    /// As the original (s3fs): HEAD the key, then a 1-key delimiter listing of "key/". A bucket
    /// that does not exist (404 NoSuchBucket) holds nothing: false, not an error (a DocDB
    /// location in a retired bucket). Access denied stays an error: S3 will not say.
    bool exists(std::string_view bucket, std::string_view key) const;
    /// exists() for many locations at once (all HEADs concurrently, then all listings);
    /// one Result per location, in input order. With `one_per_new_bucket`, the second and
    /// later locations in a bucket not heard from yet are asked once the first has answered,
    /// with a redirect's retry if any: several names probed across buckets then cost one
    /// round trip more only where a region was unknown, never a redirected request each.
    std::vector<Result<Probe>> probe_dirs(const std::vector<S3Location>& locations,
                                          bool one_per_new_bucket = false) const;

    /// The URL of an object or bucket (path style with a custom endpoint, else virtual host).
    std::string url(std::string_view bucket, std::string_view key = {}, std::string_view query = {}) const;
    /// The region requests to this bucket are signed for (learnt from redirects).
    std::string region_for(std::string_view bucket) const;
    const aws::AwsConfig& config() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace aind::s3
