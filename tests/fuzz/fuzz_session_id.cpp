// tests/fuzz/fuzz_session_id.cpp
//
// Properties of the naming layer on arbitrary bytes: nothing crashes, only
// aind::Error(invalid_input) is thrown (its message valid UTF-8 when the text is), and
// whatever parses round-trips through its normalised form. Long inputs run on a small stack
// in session_id_stack_test.cpp.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "aind/common/error.hpp"
#include "aind/naming/asset_name.hpp"
#include "aind/naming/filters.hpp"
#include "aind/naming/session_id.hpp"
#include "fuzz_support.hpp"

namespace {

using aind::fuzz::check;

template <class F>
void only_invalid_input(F&& f) {
    aind::fuzz::only_errors_of_kind(aind::ErrorKind::invalid_input, f);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace aind::naming;
    const std::string_view text = aind::fuzz::input(data, size);
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
    } else {
        only_invalid_input([&] { parse_session_id(text, kYear); });
    }
    only_invalid_input([&] { parse_asset_name(text, kYear); });
    only_invalid_input([&] { parse_filter_datetime(text); });
    only_invalid_input([&] {
        const std::string uuid = normalize_uuid(text);
        check(normalize_uuid(uuid) == uuid && is_uuid(uuid));
    });
    only_invalid_input([&] { parse_subject_id(text); });
    find_subject_id(text);
    return 0;
}
