// cli/session_list.hpp
//
// The table `sessions` and `search` print (text, --json, --ndjson, --csv or --parquet FILE:
// cli/table_output.hpp): a row per session, with what the search saw of it on the way.
#pragma once

#include <string>
#include <vector>

#include "aind/core/catalog.hpp"
#include "table_output.hpp"

namespace aind::cli {

/// session, platform, subject_id, datetime (from the ID); with `record_fields`, also
/// docdb_record_id, project, modalities, location (from the session's DocDB record) and
/// sources (who named it): the columns of Python's search_sessions(..., table=True).
TableData session_table(const std::vector<core::FoundSession>& sessions, bool record_fields);

/// Each source that could not be asked, a line on stderr.
void print_failures(const std::vector<core::SearchFailure>& failures);

}  // namespace aind::cli
