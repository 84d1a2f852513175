// cli/parse_command.cpp
//
// `aind-session parse [NAME...]`: session IDs and asset names, from the arguments or one
// per line on stdin, printed as a table or as JSON lines.
#include <CLI/App.hpp>
#include <CLI/Config.hpp>
#include <CLI/Formatter.hpp>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "aind/common/error.hpp"
#include "aind/common/json_writer.hpp"
#include "aind/naming/asset_name.hpp"
#include "commands.hpp"
#include "output.hpp"
#include "table.hpp"

namespace aind::cli {
namespace {

struct ParseArgs {
    std::vector<std::string> names;
    bool json = false;
    int year = 0;
};

std::string steps_text(const naming::AssetName& a) {
    std::string out;
    for (const auto& step : a.steps) {
        if (!out.empty()) out += ", ";
        out += (step.label.empty() ? std::string("(unlabelled)") : step.label) + " " + step.created.name_form();
    }
    return out;
}

void write_json(std::ostream& os, const std::string& input, const naming::AssetName* a, const Error* error) {
    JsonWriter w;
    w.begin_object().key("input").value(input);
    if (a) {
        w.key("id").value(a->session.id());
        w.key("platform").value(a->session.platform);
        w.key("subject_id").value(a->session.subject);
        w.key("date").value(a->session.dt.date());
        w.key("time").value(a->session.dt.time());
        w.key("datetime").value(a->session.dt.iso());
        w.key("kind").value(naming::to_string(a->kind));
        w.key("steps").begin_array();
        for (const auto& step : a->steps)
            w.begin_object().key("label").value(step.label).key("created").value(step.created.iso()).end_object();
        w.end_array();
        w.key("tail").value(a->tail);
    } else {
        w.key("error").begin_object();
        write_error_fields(w, *error);
        w.end_object();
    }
    w.end_object();
    os << w.str() << '\n';
}

int run_parse(const ParseArgs& args) {
    const int year = args.year ? args.year : naming::current_year();
    const std::vector<std::string> names = args.names.empty() ? stdin_lines() : args.names;
    Table table({"input", "id", "platform", "subject", "date", "time", "kind", "steps"});
    int failures = 0;
    for (const auto& name : names) {
        try {
            const naming::AssetName a = naming::parse_asset_name(name, year);
            if (args.json) write_json(std::cout, name, &a, nullptr);
            else
                table.add({name, a.session.id(), a.session.platform, a.session.subject, a.session.dt.date(),
                           a.session.dt.time(), naming::to_string(a.kind), steps_text(a)});
        } catch (const Error& e) {
            ++failures;
            if (args.json) write_json(std::cout, name, nullptr, &e);
            else std::cerr << "aind-session: " << e.what() << "\n";
        }
    }
    if (!args.json) table.print(std::cout);
    return failures ? exit_code(ErrorKind::invalid_input) : 0;
}

}  // namespace

void add_parse_command(CLI::App& app, Options& options) {
    auto args = std::make_shared<ParseArgs>();
    CLI::App* cmd =
        app.add_subcommand("parse",
                           "Parse session IDs and asset names (arguments, or one per line on stdin): the normalised\n"
                           "session ID, platform, subject, date, time, and whether the name is raw, derived or other.\n"
                           "Example: aind-session parse ecephys_676909_2023-12-13_13-43-40_sorted_2024-03-01_16-02-45");
    cmd->add_option("names", args->names, "Names, paths or IDs to parse (default: read stdin)");
    cmd->add_flag("--json", args->json, "Print one JSON object per line instead of a table");
    cmd->add_option("--current-year", args->year, "Upper bound of the year check (default: this year)");
    cmd->callback([&options, args] { options.run = [args] { return run_parse(*args); }; });
}

}  // namespace aind::cli
