// src/net/cache.cpp
#include "aind/net/cache.hpp"

#include "aind/net/http.hpp"
#include "aind/net/limits.hpp"
#include "aind/net/trace.hpp"

namespace aind::net {

struct FreshAnswers::Scope {
    LimitsScope limits;
    explicit Scope(Limits l) : limits(std::move(l)) {}
};

FreshAnswers::FreshAnswers() {
    Limits limits = current_limits();
    if (limits.cache) limits.cache = limits.cache->refreshing();
    scope_ = std::make_unique<Scope>(std::move(limits));
}

FreshAnswers::~FreshAnswers() = default;

std::string remembered(const CacheTag& tag, std::string_view source, const std::function<std::string()>& compute) {
    const Limits& limits = current_limits();
    if (!limits.cache || tag.kind.empty()) return compute();
    const CacheQuestion question{tag, std::string(source)};
    const std::string service = tag.kind.substr(0, tag.kind.find('.'));
    if (std::optional<Response> stored = limits.cache->lookup(question)) {
        if (limits.trace) limits.trace->add(traced(service, question.source, *stored));
        raise_for_status(*stored, question.source);  // offline without a copy
        return std::move(stored->body);
    }
    Response computed;
    computed.status = 200;
    computed.body = compute();
    computed = limits.cache->settle(question, std::move(computed));
    if (limits.trace) limits.trace->add(traced(service, question.source, computed));
    return std::move(computed.body);
}

}  // namespace aind::net
