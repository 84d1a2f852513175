// cli/status_command.cpp
//
// `aind-session status`: a few answers about many sessions at once, as one table (text, JSON,
// NDJSON, CSV or Parquet: cli/table_output.hpp), with a progress bar on a terminal. The table
// is printed whole, failures included: a session that failed says why in its `error` cell.
#include <CLI/App.hpp>
#include <CLI/Config.hpp>
#include <CLI/Formatter.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

#include "aind/common/json_writer.hpp"
#include "aind/core/status.hpp"
#include "aind/net/limits.hpp"
#include "aind/net/trace.hpp"
#include "commands.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "table_output.hpp"

namespace aind::cli {
namespace {

struct StatusArgs {
    std::vector<std::string> sessions;
    std::vector<std::string> fields;
    std::size_t jobs = core::kBatchWorkers;
    TableOutput output;
};

Cell cell_of(const core::StatusValue& value) {
    return std::visit(
        [](const auto& v) -> Cell {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::vector<std::string>>) {
                return json_list(v);
            } else if constexpr (std::is_same_v<T, core::StatusMap>) {
                JsonWriter w;
                w.begin_object();
                for (const auto& [key, item] : v) w.key(key).value(std::string_view(item));
                return JsonText{w.end_object().take()};
            } else {
                return v;
            }
        },
        value);
}

// session, each field, error: a failed field is null and says why in `error`.
TableData table_of(const std::vector<core::StatusRow>& rows, const std::vector<core::StatusField>& fields) {
    TableData table;
    table.columns.push_back("session");
    for (core::StatusField f : fields) table.columns.emplace_back(core::info(f).name);
    table.columns.push_back("error");
    for (const core::StatusRow& row : rows) {
        std::vector<Cell> cells{row.id.empty() ? row.session : row.id};
        std::string errors = row.error ? row.error->what() : "";
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (row.error) {
                cells.emplace_back();
            } else if (const core::StatusValue* value = row.values[i].get()) {
                cells.push_back(cell_of(*value));
            } else {
                cells.emplace_back();
                errors += (errors.empty() ? "" : "; ") + std::string(core::info(fields[i]).name) + ": " +
                          row.values[i].error().what();
            }
        }
        cells.push_back(errors.empty() ? Cell() : Cell(errors));
        table.rows.push_back(std::move(cells));
    }
    return table;
}

// The first failure's kind: the exit code when some row could not be answered.
std::optional<ErrorKind> first_failure(const std::vector<core::StatusRow>& rows) {
    for (const core::StatusRow& row : rows) {
        if (row.error) return row.error->kind();
        for (const auto& value : row.values)
            if (!value.ok()) return value.error().kind();
    }
    return std::nullopt;
}

int run_status(const StatusArgs& args, bool quiet) {
    std::vector<std::string> sessions;
    for (const std::string& s : args.sessions)
        if (s == "-") {
            for (std::string& line : stdin_lines()) sessions.push_back(std::move(line));
        } else {
            sessions.push_back(s);
        }
    const std::vector<core::StatusField> fields =
        args.fields.empty()
            ? std::vector<core::StatusField>(core::kDefaultStatusFields.begin(), core::kDefaultStatusFields.end())
            : core::status_fields_named(args.fields);
    const auto t0 = std::chrono::steady_clock::now();
    ProgressBar bar("status", "sessions");
    const auto rows = core::status(*core::Services::current(), sessions, fields, std::ref(bar), args.jobs);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    write_table(table_of(rows, fields), args.output, std::cout);
    std::cout.flush();
    const std::optional<ErrorKind> failed = first_failure(rows);
    if (!quiet) {
        const auto& trace = net::current_limits().trace;
        const net::TraceCounts answers = trace ? trace->counts() : net::TraceCounts{};
        std::size_t failed_rows = 0;
        for (const core::StatusRow& row : rows)
            failed_rows +=
                row.error || std::any_of(row.values.begin(), row.values.end(), [](const auto& v) { return !v.ok(); });
        std::fprintf(
            stderr,
            "status of %zu sessions (%zu with errors) in %.1f s: %zu requests sent, %zu answers from the store\n",
            rows.size(), failed_rows, seconds, answers.network, answers.stored);
    }
    return failed ? exit_code(*failed) : 0;
}

std::string fields_help() {
    std::string text = "Fields (--fields a,b; default";
    for (const core::StatusField f : core::kDefaultStatusFields) text += " " + std::string(core::info(f).name);
    text += "):";
    for (const core::StatusFieldInfo& f : core::kStatusFields)
        text += "\n  " + std::string(f.name) + ": " + std::string(f.answers) + " [" + std::string(f.services) + "]";
    return text;
}

}  // namespace

void add_status_command(CLI::App& app, Options& options) {
    auto args = std::make_shared<StatusArgs>();
    CLI::App* cmd = app.add_subcommand(
        "status",
        "A few answers about many sessions at once, one row per session, asked concurrently. A\n"
        "session or a field that fails keeps its row: the `error` column says why, and the exit\n"
        "code is the first failure's. A progress bar shows on a terminal; a closing line on stderr\n"
        "gives the time and the requests sent.\n"
        "Examples: aind-session status ecephys_676909_2023-12-13_13-43-40 --fields raw_data_dir,is_sorted\n"
        "          aind-session status - --fields raw_data_dir --parquet scan.parquet < sessions.txt");
    cmd->footer(fields_help());
    cmd->add_option("sessions", args->sessions,
                    "Session IDs (or names or paths holding one); '-' reads them from stdin, one a line")
        ->required();
    cmd->add_option("--fields", args->fields, "Fields to answer, comma-separated (see below)")->delimiter(',');
    cmd->add_option("--jobs", args->jobs, "Sessions worked on at once (default 32)")->check(CLI::Range(1, 64));
    add_table_output_options(*cmd, args->output);
    cmd->callback([&options, args] { options.run = [args, &options] { return run_status(*args, options.quiet); }; });
}

}  // namespace aind::cli
