// include/aind/net/trace.hpp
//
// What one call did, so that its answer can say where it came from (issue 12): every request
// it sent or answered from the persistent store, with how old that answer was, and every
// choice the core made among candidates (which asset is the raw one, which bucket holds the
// data) with why. A call (a Python property, a CLI command) installs a Trace in its
// net::Limits; net::Client::submit() records requests, core records choices, and every thread
// of the call writes into the same Trace.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

namespace aind::net {

struct Response;

/// Where one answer came from.
struct TraceSource {
    std::string service;    // "codeocean", "docdb", "s3" (the cache kind's prefix), else the host
    std::string request;    // "GET https://host/api/v1/data_assets/…": method and URL, never a body or header
    std::string origin;     // "network", "store", or "store (stale)"
    double fetched_at = 0;  // Unix seconds when the service answered
    double age_s = 0;       // seconds between then and this call
    long status = 0;        // HTTP status (0: no complete response)
    std::string note;       // why a stale copy was served, or the failure
};

/// One choice among candidates.
struct TraceChoice {
    std::string item;                     // "raw data asset", "raw data dir", "DocDB record"...
    std::string chosen;                   // what was picked ("" when nothing was)
    std::string why;                      // the rule that picked it
    std::vector<std::string> considered;  // every candidate, each with what was found about it
};

/// How many answers a call got from the network and from the store.
struct TraceCounts {
    std::size_t network = 0, stored = 0;
};

/// What a Trace keeps: every source and choice (an answer that explains itself), or only the
/// counts (a scan of 20,000 sessions, whose sources and choices would take hundreds of MB).
enum class TraceDetail { full, counts };

class Trace {
public:
    explicit Trace(TraceDetail detail = TraceDetail::full) : detail_(detail) {}

    void add(TraceSource source);
    void add(TraceChoice choice);
    std::vector<TraceSource> sources() const;  // empty unless full
    std::vector<TraceChoice> choices() const;  // empty unless full
    TraceCounts counts() const;
    bool keeps_details() const { return detail_ == TraceDetail::full; }

private:
    const TraceDetail detail_;
    mutable std::mutex mutex_;
    TraceCounts counts_;
    std::vector<TraceSource> sources_;
    std::vector<TraceChoice> choices_;
};

/// The trace's line for an answer to `request` ("GET https://…", already redacted) from
/// `service`: from the network, or from the store when response.stored is set.
TraceSource traced(std::string service, std::string request, const Response& response);
/// `source` again, for the answer that finally came (its time, status, origin and note).
TraceSource traced_again(TraceSource source, const Response& response);

/// Whether the calling thread's call keeps choices (a full trace): describing the candidates
/// is worth its cost only then.
bool choices_wanted();

/// Records a choice in the calling thread's call (current_limits().trace); no-op unless
/// choices_wanted().
void note_choice(TraceChoice choice);

}  // namespace aind::net
