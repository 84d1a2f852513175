// cli/session_list.cpp
#include "session_list.hpp"

#include <iostream>

#include "aind/naming/session_id.hpp"

namespace aind::cli {
namespace {

Cell optional_cell(const std::optional<std::string>& text) { return text ? Cell(*text) : Cell(); }

}  // namespace

TableData session_table(const std::vector<core::FoundSession>& sessions, bool record_fields) {
    TableData table{{"session", "platform", "subject_id", "datetime"}, {}};
    if (record_fields)
        for (const char* column : {"docdb_record_id", "project", "modalities", "location", "sources"})
            table.columns.emplace_back(column);
    for (const core::FoundSession& found : sessions) {
        const naming::SessionId s = naming::parse_session_id(found.id);
        std::vector<Cell> row{s.id(), s.platform, s.subject, s.dt.iso()};
        if (record_fields) {
            row.insert(row.end(),
                       {optional_cell(found.docdb_record_id), optional_cell(found.project), json_list(found.modalities),
                        optional_cell(found.location), json_list(found.sources)});
        }
        table.rows.push_back(std::move(row));
    }
    return table;
}

void print_failures(const std::vector<core::SearchFailure>& failures) {
    for (const core::SearchFailure& f : failures)
        std::cerr << "aind-session: " << f.source << " could not be asked: " << f.error.what() << '\n';
}

}  // namespace aind::cli
