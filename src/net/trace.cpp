// src/net/trace.cpp
#include "aind/net/trace.hpp"

#include <chrono>

#include "aind/net/http.hpp"
#include "aind/net/limits.hpp"

namespace aind::net {

void Trace::add(TraceSource source) {
    std::lock_guard lock(mutex_);
    ++(source.origin == "network" ? counts_.network : counts_.stored);
    if (keeps_details()) sources_.push_back(std::move(source));
}

void Trace::add(TraceChoice choice) {
    if (!keeps_details()) return;
    std::lock_guard lock(mutex_);
    choices_.push_back(std::move(choice));
}

TraceCounts Trace::counts() const {
    std::lock_guard lock(mutex_);
    return counts_;
}

std::vector<TraceSource> Trace::sources() const {
    std::lock_guard lock(mutex_);
    return sources_;
}

std::vector<TraceChoice> Trace::choices() const {
    std::lock_guard lock(mutex_);
    return choices_;
}

TraceSource traced(std::string service, std::string request, const Response& response) {
    TraceSource s;
    s.service = std::move(service);
    s.request = std::move(request);
    return traced_again(std::move(s), response);
}

TraceSource traced_again(TraceSource s, const Response& response) {
    s.status = response.status;
    if (response.stored) {
        s.origin = response.stored->stale ? "store (stale)" : "store";
        s.fetched_at = response.stored->fetched_at;
        s.age_s = response.stored->age_s;
        s.note = response.stored->why;
    } else {
        s.origin = "network";
        s.fetched_at = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
        s.age_s = 0;
        s.note = response.error;
    }
    return s;
}

bool choices_wanted() {
    const auto& trace = current_limits().trace;
    return trace && trace->keeps_details();
}

void note_choice(TraceChoice choice) {
    if (choices_wanted()) current_limits().trace->add(std::move(choice));
}

}  // namespace aind::net
