// tests/fuzz/fuzz_session_id.cpp
//
// Properties of the naming layer on arbitrary bytes: nothing crashes, only aind::Error is
// thrown, and whatever parses round-trips through its normalised form.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "aind/common/error.hpp"
#include "aind/naming/asset_name.hpp"
#include "aind/naming/filters.hpp"
#include "aind/naming/session_id.hpp"

namespace {

void check(bool condition) {
    if (!condition) std::abort();
}

template <class F>
void only_aind_errors(F&& f) {
    try {
        f();
    } catch (const aind::Error&) {}  // any other exception escapes and fails the run
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace aind::naming;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    constexpr int kYear = 2026;

    const ScanResult r = scan_session_id(text, kYear);
    if (r.status != ScanStatus::no_match) {
        check(r.match.begin < r.match.end && r.match.end <= text.size());
        check(r.match.subject.size() == 6 || r.match.subject.size() == 7);
    }
    if (r.status == ScanStatus::ok) {
        const SessionId s = parse_session_id(text, kYear);
        const std::string id = s.id();
        check(parse_session_id(id, kYear) == s);  // the normal form parses to itself
        const AssetName raw = parse_asset_name(id, kYear);
        check(raw.kind == AssetKind::raw && raw.steps.empty());
    }
    only_aind_errors([&] { parse_asset_name(text, kYear); });
    only_aind_errors([&] { parse_filter_datetime(text); });
    only_aind_errors([&] {
        const std::string uuid = normalize_uuid(text);
        check(normalize_uuid(uuid) == uuid && is_uuid(uuid));
    });
    find_subject_id(text);
    return 0;
}
