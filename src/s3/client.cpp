// src/s3/client.cpp
//
// Requests are described as Ops (method, bucket, key, query) and turned into signed
// net::Requests at send time, so that a region learnt from a redirect changes both the host
// (virtual-hosted style) and the signature of the retry. Batches go through
// net::Client::perform, so probes of many buckets run concurrently on the I/O thread.
#include "aind/s3/client.hpp"

#include <map>
#include <mutex>
#include <set>
#include <utility>

#include "aind/aws/sigv4.hpp"
#include "aind/common/text.hpp"
#include "aind/common/url.hpp"
#include "aind/net/http.hpp"
#include "aind/net/paging.hpp"

namespace aind::s3 {

namespace {

struct Op {
    std::string method = "GET";
    std::string bucket;
    std::string key;
    std::vector<std::pair<std::string, std::string>> query;  // unencoded, in send order
    std::vector<net::Header> headers;
    std::string body;
    /// The end of the listing this op is a page of: each attempt gets what is left of it.
    std::optional<net::PageGuard::Clock::time_point> deadline;
};

std::string encode_query(const std::vector<std::pair<std::string, std::string>>& query) {
    std::string out;
    for (const auto& [k, v] : query) {
        if (!out.empty()) out.push_back('&');
        out += percent_encode(k);
        out.push_back('=');
        out += percent_encode(v);
    }
    return out;
}

std::string describe(const Op& op) {
    std::string what = op.method + " s3://" + op.bucket;
    if (!op.key.empty()) what += "/" + op.key;
    for (const auto& [k, v] : op.query)
        if (k == "prefix") what += " (list prefix '" + v + "')";
    return what;
}

// A listing page, or a protocol error that says which listing it was.
ListPage read_list_page(const std::string& body, const Op& op) {
    try {
        return parse_list_page(body);
    } catch (const Error& e) {
        throw Error(e.kind(), describe(op) + ": " + e.what());
    }
}

bool is_region_redirect(const net::Response& r) {
    return (r.status == 301 || r.status == 307 || r.status == 400) && !r.header("x-amz-bucket-region").empty();
}

}  // namespace

struct Client::Impl {
    aws::AwsConfig config;
    net::Client* http = nullptr;
    mutable std::mutex mutex;
    mutable std::map<std::string, std::string, std::less<>> bucket_regions;

    std::string region_for(std::string_view bucket) const {
        std::lock_guard lock(mutex);
        const auto it = bucket_regions.find(bucket);
        return it == bucket_regions.end() ? config.region : it->second;
    }
    void remember_region(const std::string& bucket, const std::string& region) const {
        std::lock_guard lock(mutex);
        bucket_regions[bucket] = region;
    }

    std::string url(std::string_view bucket, std::string_view key, std::string_view query,
                    const std::string& region) const {
        std::string u;
        const std::string encoded_key = percent_encode(key, /*keep_slash=*/true);
        if (!config.endpoint_url.empty()) {
            // A custom endpoint (moto, MinIO, the local stack): path style, as botocore does.
            u = config.endpoint_url + "/" + std::string(bucket);
            if (!key.empty()) u += "/" + encoded_key;
        } else if (bucket.find('.') != std::string_view::npos) {
            // Dotted names break the wildcard certificate of virtual hosts.
            u = "https://s3." + region + ".amazonaws.com/" + std::string(bucket) + "/" + encoded_key;
        } else {
            u = "https://" + std::string(bucket) + ".s3." + region + ".amazonaws.com/" + encoded_key;
        }
        if (!query.empty()) u += "?" + std::string(query);
        return u;
    }

    net::Request make_request(const Op& op, const std::string& region) const {
        net::Request request;
        request.method = op.method;
        request.url = url(op.bucket, op.key, encode_query(op.query), region);
        request.headers = op.headers;
        request.body = op.body;
        request.idempotent = op.method == "GET" || op.method == "HEAD";
        request.cache = cache_tag(op);
        if (op.deadline) request.total_timeout = net::PageGuard::time_left(*op.deadline);
        const aws::Credentials credentials = config.credentials;
        request.prepare = [credentials, region](net::Request& r) {
            aws::sign(r, credentials, aws::SignOptions{region, "s3", true});
        };
        return request;
    }

    /// Reads are kept by what they ask, not by the URL: the host changes with the region
    /// learnt from a redirect, and a later process must find the same answer.
    net::CacheTag cache_tag(const Op& op) const {
        if (op.method != "GET" && op.method != "HEAD") return {};
        const bool listing = !op.query.empty() && op.query.front().first == "list-type";
        std::string key = op.method + " s3://" + op.bucket + "/" + op.key;
        if (!op.query.empty()) key += "?" + encode_query(op.query);
        for (const net::Header& h : op.headers)
            if (iequals(h.name, "Range")) key += " Range: " + h.value;
        if (!config.endpoint_url.empty()) key += " at " + config.endpoint_url;
        return {op.method == "HEAD" ? "s3.probe" : listing ? "s3.listing" : "s3.object", std::move(key)};
    }

    net::Client& client() const { return http ? *http : net::default_client(); }

    bool region_known(std::string_view bucket) const {
        std::lock_guard lock(mutex);
        return bucket_regions.contains(bucket);
    }

    /// Sends all ops concurrently; follows each region redirect once. With `one_per_new_bucket`,
    /// the second and later ops to a bucket this client has not heard from yet wait for the
    /// first one's answer, and leave with the redirected ops: were the bucket in another
    /// region, each of them would be redirected too, one request more each.
    std::vector<net::Response> send_all(const std::vector<Op>& ops, bool one_per_new_bucket = false) const {
        std::vector<std::size_t> first, held;
        std::set<std::string_view> new_buckets;
        for (std::size_t i = 0; i < ops.size(); ++i) {
            const bool repeat =
                one_per_new_bucket && !region_known(ops[i].bucket) && !new_buckets.insert(ops[i].bucket).second;
            (repeat ? held : first).push_back(i);
        }
        std::vector<std::string> regions(ops.size());
        std::vector<net::Request> requests;
        for (std::size_t i : first) {
            regions[i] = region_for(ops[i].bucket);
            requests.push_back(make_request(ops[i], regions[i]));
        }
        std::vector<net::Response> answers = client().perform(std::move(requests));
        std::vector<net::Response> responses(ops.size());
        std::vector<std::size_t> again;
        std::vector<net::Request> retries;
        for (std::size_t j = 0; j < first.size(); ++j) {
            const std::size_t i = first[j];
            responses[i] = std::move(answers[j]);
            const std::string region =
                is_region_redirect(responses[i]) ? responses[i].header("x-amz-bucket-region") : regions[i];
            if (responses[i].status != 0) remember_region(ops[i].bucket, region);  // it answered
            if (region == regions[i]) continue;
            again.push_back(i);
            retries.push_back(make_request(ops[i], region));
        }
        for (std::size_t i : held) {
            again.push_back(i);
            retries.push_back(make_request(ops[i], region_for(ops[i].bucket)));
        }
        if (!retries.empty()) {
            std::vector<net::Response> second = client().perform(std::move(retries));
            for (std::size_t j = 0; j < again.size(); ++j) responses[again[j]] = std::move(second[j]);
        }
        return responses;
    }

    net::Response send(Op op) const { return std::move(send_all({std::move(op)}).front()); }

    /// Throws the aind::Error a failed S3 response stands for, with its HTTP status (0: no
    /// answer came), so that a report can tell "could not connect" from "S3 failed".
    [[noreturn]] void raise(const net::Response& r, const Op& op) const {
        try {
            throw_error_for(r, op);
        } catch (Error& e) {
            throw e.from(Service::none, r.status);
        }
    }

    [[noreturn]] void throw_error_for(const net::Response& r, const Op& op) const {
        const std::string what = describe(op);
        if (r.status == 0 || !r.error.empty()) {
            net::raise_for_status(r, what);
            throw Error(ErrorKind::server, what + ": " + r.error);
        }
        const ErrorBody body = parse_error_body(r.body);
        const std::string code = body.code.empty() ? std::to_string(r.status) : body.code;
        const std::string server_says = body.message.empty() ? "" : " (" + body.message + ")";
        if (r.status == 403) {
            if (config.credentials.anonymous())
                throw Error(ErrorKind::auth, what + ": access denied (403 " + code +
                                                 ") to an unsigned request: "
                                                 "no AWS credentials found; looked in " +
                                                 config.looked_in +
                                                 ". Set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE");
            std::string advice;
            if (code == "InvalidAccessKeyId")
                advice = "the access key ID from " + config.credentials.source + " is unknown to S3";
            else if (code == "SignatureDoesNotMatch")
                advice = "the secret key from " + config.credentials.source +
                         " does not match the access key ID (or the clock is wrong)";
            else
                advice = "the credentials from " + config.credentials.source +
                         " are valid but not allowed to read this; it exists or not, S3 will not say";
            throw Error(ErrorKind::permission,
                        what + ": access denied (403 " + code + ")" + server_says + ": " + advice);
        }
        if (r.status == 404) {
            if (code == "NoSuchBucket")
                throw Error(ErrorKind::not_found,
                            what + ": bucket '" + op.bucket + "' does not exist (404 NoSuchBucket)");
            throw Error(ErrorKind::not_found, what + ": no such object (404 " + code + ")");
        }
        if (is_region_redirect(r))
            throw Error(ErrorKind::protocol, what + ": S3 still redirects to region " +
                                                 r.header("x-amz-bucket-region") + " after re-signing (" +
                                                 std::to_string(r.status) + " " + code + ")");
        net::raise_for_status(r, what + (body.code.empty() ? "" : " [" + body.code + "]"));
        throw Error(ErrorKind::protocol,
                    what + ": unexpected HTTP " + std::to_string(r.status) + " " + code + server_says);
    }

    Op list_op(std::string_view bucket, const ListOptions& options, const std::string& token) const {
        Op op;
        op.bucket = bucket;
        op.query.emplace_back("list-type", "2");
        op.query.emplace_back("prefix", options.prefix);
        if (!options.delimiter.empty()) op.query.emplace_back("delimiter", options.delimiter);
        if (options.max_keys > 0) op.query.emplace_back("max-keys", std::to_string(options.max_keys));
        if (!options.start_after.empty() && token.empty()) op.query.emplace_back("start-after", options.start_after);
        if (!token.empty()) op.query.emplace_back("continuation-token", token);
        op.query.emplace_back("encoding-type", "url");
        return op;
    }

    Op head_op(std::string_view bucket, std::string_view key) const {
        Op op;
        op.method = "HEAD";
        op.bucket = bucket;
        op.key = key;
        return op;
    }
};

Client::Client(aws::AwsConfig config, net::Client* http) : impl_(std::make_unique<Impl>()) {
    impl_->config = std::move(config);
    impl_->http = http;
}
Client::~Client() = default;
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;

const aws::AwsConfig& Client::config() const { return impl_->config; }
std::string Client::region_for(std::string_view bucket) const { return impl_->region_for(bucket); }
std::string Client::url(std::string_view bucket, std::string_view key, std::string_view query) const {
    return impl_->url(bucket, key, query, impl_->region_for(bucket));
}

ListResult Client::list(std::string_view bucket, const ListOptions& options) const {
    ListResult result;
    net::PageGuard guard("S3 listing of s3://" + std::string(bucket) + "/" + options.prefix, "keys and prefixes");
    std::string token;
    for (;;) {
        guard.next_page();
        Op op = impl_->list_op(bucket, options, token);
        op.deadline = guard.deadline();
        const net::Response r = impl_->send(op);
        if (r.status != 200) {
            guard.check_failure(r);
            impl_->raise(r, op);
        }
        ListPage page = read_list_page(r.body, op);
        guard.read_page(page.objects.size() + page.common_prefixes.size());
        for (auto& o : page.objects) result.objects.push_back(std::move(o));
        for (auto& p : page.common_prefixes) result.common_prefixes.push_back(std::move(p));
        ++result.pages;
        if (!page.is_truncated) break;
        if (!options.all_pages) {
            result.truncated = true;
            break;
        }
        // Any token seen before, not just the last one: a server alternating A, B, A... loops too.
        guard.require_new({page.next_continuation_token},
                          "the continuation token \"" + excerpt(page.next_continuation_token, 60) + "\"");
        token = std::move(page.next_continuation_token);
    }
    return result;
}

std::optional<ObjectHead> Client::head(std::string_view bucket, std::string_view key) const {
    const Op op = impl_->head_op(bucket, key);
    const net::Response r = impl_->send(op);
    if (r.status == 404) return std::nullopt;
    if (r.status != 200) impl_->raise(r, op);
    ObjectHead head;
    head.size = std::strtoll(r.header("content-length").c_str(), nullptr, 10);
    head.etag = r.header("etag");
    head.content_type = r.header("content-type");
    head.last_modified = r.header("last-modified");
    return head;
}

GetResult Client::get(std::string_view bucket, std::string_view key, std::optional<ByteRange> range) const {
    Op op;
    op.bucket = bucket;
    op.key = key;
    if (range) {
        std::string value = "bytes=" + std::to_string(range->first) + "-";
        if (range->last) value += std::to_string(*range->last);
        op.headers.push_back({"Range", value});
    }
    net::Response r = impl_->send(op);
    if (r.status != 200 && r.status != 206) impl_->raise(r, op);
    GetResult result;
    result.status = r.status;
    result.content_range = r.header("content-range");
    result.etag = r.header("etag");
    result.body = std::move(r.body);
    return result;
}

void Client::put(std::string_view bucket, std::string_view key, std::string body, std::string_view content_type) const {
    if (key.empty() || key.back() == '/')
        throw Error(ErrorKind::invalid_input, "put s3://" + std::string(bucket) + "/" + std::string(key) +
                                                  ": an object needs a key that does not end with '/'");
    Op op;
    op.method = "PUT";
    op.bucket = bucket;
    op.key = key;
    op.body = std::move(body);
    if (!content_type.empty()) op.headers.push_back({"Content-Type", std::string(content_type)});
    const net::Response r = impl_->send(std::move(op));
    if (r.status != 200) {
        Op what;  // the body is not needed to describe the failure
        what.method = "PUT";
        what.bucket = bucket;
        what.key = key;
        impl_->raise(r, what);
    }
}

bool Client::exists(std::string_view bucket, std::string_view key) const {
    return probe_dirs({S3Location{std::string(bucket), std::string(key)}}).front().value().found;
}

std::vector<Result<Probe>> Client::probe_dirs(const std::vector<S3Location>& locations, bool one_per_new_bucket) const {
    std::vector<std::optional<Result<Probe>>> results(locations.size());
    auto failed = [&](std::size_t i, const net::Response& r, const Op& op) {
        results[i] = capture([&]() -> Probe { impl_->raise(r, op); });
    };
    // Wave 1: HEAD every key that can be an object (not a bucket root or "dir/").
    std::vector<Op> heads;
    std::vector<std::size_t> head_index;
    std::vector<std::size_t> need_list;
    for (std::size_t i = 0; i < locations.size(); ++i) {
        const std::string& key = locations[i].key;
        if (key.empty() || key.back() == '/') {
            need_list.push_back(i);
            continue;
        }
        heads.push_back(impl_->head_op(locations[i].bucket, key));
        head_index.push_back(i);
    }
    if (!heads.empty()) {
        const std::vector<net::Response> responses = impl_->send_all(heads, one_per_new_bucket);
        for (std::size_t j = 0; j < responses.size(); ++j) {
            const std::size_t i = head_index[j];
            if (responses[j].status == 200) results[i] = Probe{true, true};
            else if (responses[j].status == 404) need_list.push_back(i);
            else failed(i, responses[j], heads[j]);
        }
    }
    // Wave 2: a 1-key delimiter listing of "key/" for the rest.
    std::vector<Op> lists;
    for (std::size_t i : need_list) {
        std::string prefix(without_trailing_slashes(locations[i].key));
        if (!prefix.empty()) prefix += "/";
        lists.push_back(impl_->list_op(locations[i].bucket, ListOptions{prefix, "/", 1, false, ""}, ""));
    }
    if (!lists.empty()) {
        const std::vector<net::Response> responses = impl_->send_all(lists, one_per_new_bucket);
        for (std::size_t j = 0; j < responses.size(); ++j) {
            const std::size_t i = need_list[j];
            if (responses[j].status == 404) {  // ListObjects' only 404 is NoSuchBucket: nothing there
                results[i] = Probe{false, false};
                continue;
            }
            if (responses[j].status != 200) {
                failed(i, responses[j], lists[j]);
                continue;
            }
            results[i] = capture([&] {
                const ListPage page = read_list_page(responses[j].body, lists[j]);
                return Probe{page.key_count > 0 || !page.objects.empty() || !page.common_prefixes.empty(), false};
            });
        }
    }
    std::vector<Result<Probe>> out;
    out.reserve(results.size());
    for (auto& r : results) out.push_back(std::move(*r));
    return out;
}

}  // namespace aind::s3
