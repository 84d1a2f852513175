// cli/session_list.cpp
#include "session_list.hpp"

#include <iostream>

#include "aind/common/json_writer.hpp"
#include "aind/naming/session_id.hpp"
#include "output.hpp"
#include "table.hpp"

namespace aind::cli {

void print_session_list(const std::vector<std::string>& sessions, bool json,
                        const std::vector<core::SearchFailure>& failures, const std::vector<std::string>& sources) {
    std::vector<naming::SessionId> parsed;
    for (const std::string& id : sessions) parsed.push_back(naming::parse_session_id(id));
    if (json) {
        JsonWriter w;
        w.begin_object().key("sessions").begin_array();
        for (const naming::SessionId& s : parsed) {
            w.begin_object().key("id").value(s.id()).key("platform").value(s.platform);
            w.key("subject_id").value(s.subject).key("datetime").value(s.dt.iso()).end_object();
        }
        w.end_array();
        if (!sources.empty()) {
            w.key("sources").begin_array();
            for (const std::string& source : sources) w.value(source);
            w.end_array();
        }
        w.key("failures").begin_array();
        for (const core::SearchFailure& f : failures) {
            w.begin_object().key("source").value(f.source);
            write_error_fields(w, f.error);
            w.end_object();
        }
        w.end_array().end_object();
        std::cout << w.str() << '\n';
        return;
    }
    Table table({"session", "platform", "subject", "datetime"});
    for (const naming::SessionId& s : parsed) table.add({s.id(), s.platform, s.subject, s.dt.iso()});
    table.print(std::cout);
    for (const core::SearchFailure& f : failures)
        std::cerr << "aind-session: " << f.source << " could not be asked: " << f.error.what() << '\n';
}

}  // namespace aind::cli
