// cli/output.cpp
#include "output.hpp"

#include <cstdio>
#include <ctime>
#include <iostream>
#include <ostream>

#include "aind/cache/cache.hpp"
#include "aind/common/text.hpp"
#include "aind/core/assets.hpp"

namespace aind::cli {

std::vector<std::string> stdin_lines() {
    std::vector<std::string> lines;
    for (std::string line; std::getline(std::cin, line);)
        if (const std::string_view text = trim(line); !text.empty()) lines.emplace_back(text);
    return lines;
}

void write_error_fields(JsonWriter& w, const Error& error) {
    w.key("kind").value(to_string(error.kind())).key("message").value(error.what());
}

std::string utc_time(int64_t unix_seconds) {
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    return buf;
}

std::string indent_json(std::string_view json) {
    std::string out;
    int depth = 0;
    bool in_string = false, escaped = false;
    auto newline = [&] { out += '\n' + std::string(static_cast<size_t>(depth) * 2, ' '); };
    for (size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (in_string) {
            out += c;
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
            continue;
        }
        switch (c) {
            case '"':
                in_string = true;
                out += c;
                break;
            case '{':
            case '[': {
                // Keep empty containers on one line.
                size_t j = i + 1;
                while (j < json.size() && (json[j] == ' ' || json[j] == '\n')) ++j;
                if (j < json.size() && (json[j] == '}' || json[j] == ']')) {
                    out += c;
                    out += json[j];
                    i = j;
                    break;
                }
                out += c;
                ++depth;
                newline();
                break;
            }
            case '}':
            case ']':
                --depth;
                newline();
                out += c;
                break;
            case ',':
                out += c;
                newline();
                break;
            case ':': out += ": "; break;
            case ' ':
            case '\n':
            case '\t':
            case '\r': break;
            default: out += c;
        }
    }
    return out;
}

std::string joined_tags(const codeocean::DataAsset& asset) {
    std::string out;
    for (const auto& tag : asset.tags) out += (out.empty() ? "" : ",") + tag;
    return out;
}

void write_asset(JsonWriter& w, const codeocean::DataAsset& asset) {
    w.begin_object();
    w.key("id").value(asset.id).key("name").value(asset.name);
    w.key("created").value(asset.created).key("created_utc").value(utc_time(asset.created));
    w.key("kind").value(core::asset_kind(asset)).key("type").value(asset.type).key("state").value(asset.state);
    w.key("tags").begin_array();
    for (const auto& tag : asset.tags) w.value(tag);
    w.end_array();
    w.end_object();
}

void print_trace(std::ostream& out, const net::Trace& trace) {
    const std::vector<net::TraceChoice> choices = trace.choices();
    const std::vector<net::TraceSource> sources = trace.sources();
    out << "\nwhy\n";
    if (choices.empty()) out << "  (no choice among candidates was needed)\n";
    for (const net::TraceChoice& c : choices) {
        out << "  " << c.item << ": " << (c.chosen.empty() ? "none" : c.chosen) << "\n    " << c.why << '\n';
        for (const std::string& x : c.considered) out << "    considered " << x << '\n';
    }
    int from_store = 0;
    for (const net::TraceSource& s : sources) from_store += s.origin != "network";
    out << "\nfrom (" << sources.size() << " answers, " << from_store << " from the store)\n";
    for (const net::TraceSource& s : sources) {
        out << "  " << s.origin;
        if (s.origin != "network") out << ", " << cache::age_text(s.age_s) << " old";
        out << "  " << s.service << "  " << s.request;
        if (s.status) out << "  -> " << s.status;
        if (!s.note.empty()) out << "  [" << s.note << "]";
        out << '\n';
    }
}

void write_trace(JsonWriter& w, const net::Trace& trace) {
    w.begin_object().key("choices").begin_array();
    for (const net::TraceChoice& c : trace.choices()) {
        w.begin_object().key("item").value(c.item).key("chosen").value(c.chosen).key("why").value(c.why);
        w.key("considered").begin_array();
        for (const std::string& x : c.considered) w.value(x);
        w.end_array().end_object();
    }
    w.end_array().key("sources").begin_array();
    for (const net::TraceSource& s : trace.sources()) {
        w.begin_object().key("service").value(s.service).key("request").value(s.request);
        w.key("origin").value(s.origin).key("fetched_at").value(s.fetched_at).key("age_s").value(s.age_s);
        w.key("status").value(static_cast<std::int64_t>(s.status)).key("note").value(s.note).end_object();
    }
    w.end_array().end_object();
}

}  // namespace aind::cli
