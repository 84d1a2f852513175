// cli/ecephys_command.cpp
//
// `aind-session ecephys <session>...`: the spike sorting of sessions — their sorted assets
// grouped by sorter (the latest of each marked), the runs that failed and why, the probes
// each run sorted. Sessions are reported concurrently (a bounded pool) and printed in the
// order given, each as soon as it and those before it are done.
#include <unistd.h>

#include <CLI/App.hpp>
#include <CLI/Config.hpp>
#include <CLI/Formatter.hpp>
#include <algorithm>
#include <condition_variable>
#include <exception>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>

#include "aind/common/error.hpp"
#include "aind/common/json_writer.hpp"
#include "aind/core/batch.hpp"
#include "aind/core/ecephys.hpp"
#include "commands.hpp"
#include "output.hpp"
#include "table.hpp"

namespace aind::cli {
namespace {

// Sessions reported at once: each report already asks its assets' questions concurrently.
constexpr std::size_t kSessionWorkers = 8;

struct EcephysArgs {
    std::vector<std::string> sessions;
    bool json = false;
};

struct Outcome {
    std::string input;
    std::optional<core::EcephysReport> report;
    std::optional<Error> error;   // the input is not a session ID, or could not be asked at all
    std::exception_ptr internal;  // anything else: the command stops with it, as main() reports it
};

template <class T, class Write>
void optional_value(JsonWriter& w, const Result<T>& result, Write write) {
    if (result.ok()) write(result.value());
    else w.null();
}

void write_asset_json(JsonWriter& w, const core::SortedAssetReport& r, bool latest) {
    w.begin_object().key("id").value(r.asset.id).key("name").value(r.asset.name);
    w.key("created").value(r.asset.created).key("created_utc").value(utc_time(r.asset.created));
    w.key("sorter_name");
    optional_value(w, r.sorter_name, [&](const std::string& s) { w.value(s); });
    w.key("latest_of_sorter").value(latest);
    w.key("is_sorting_error");
    optional_value(w, r.is_sorting_error, [&](bool b) { w.value(b); });
    const core::RunFailure failure = r.failure();
    w.key("failure");
    if (failure.kind == core::RunFailure::Kind::none) w.null();
    else w.value(failure.message);
    w.key("probes");
    optional_value(w, r.probes, [&](const std::vector<std::string>& probes) {
        w.begin_array();
        for (const auto& p : probes) w.value(p);
        w.end_array();
    });
    w.key("is_sorting_analyzer");
    optional_value(w, r.is_sorting_analyzer, [&](bool b) { w.value(b); });
    w.end_object();
}

void write_errors_json(JsonWriter& w, const Outcome& o) {
    w.key("errors").begin_array();
    auto error = [&w](std::string_view asset, std::string_view part, const Error& e) {
        w.begin_object().key("asset_id").value(asset).key("part").value(part);
        write_error_fields(w, e);
        w.end_object();
    };
    if (o.error) error("", "session", *o.error);
    if (o.report)
        for (const auto& f : o.report->failures()) error(f.asset_id, f.part, *f.error);
    w.end_array();
}

void print_json(const Outcome& o) {
    JsonWriter w;
    w.begin_object().key("input").value(o.input).key("id");
    if (o.report) w.value(o.report->id);
    else w.null();
    const auto* assets = o.report ? o.report->sorted_assets.get() : nullptr;
    const std::optional<bool> sorted = o.report ? o.report->sorted() : std::nullopt;
    w.key("is_sorted");
    if (sorted) w.value(*sorted);
    else w.null();
    w.key("sorted_data_assets").begin_array();
    if (assets) {
        const std::vector<bool> latest = core::latest_of_each_sorter(*assets);
        for (std::size_t i = 0; i < assets->size(); ++i) write_asset_json(w, (*assets)[i], latest[i]);
    }
    w.end_array();
    write_errors_json(w, o);
    w.end_object();
    std::cout << w.str() << '\n';
}

std::string probes_text(const core::SortedAssetReport& r) {
    if (!r.probes.ok()) return "?";
    std::string out;
    for (const auto& p : r.probes.value()) out += (out.empty() ? "" : ",") + p;
    return out.empty() ? "-" : out;
}

std::string status_text(const core::SortedAssetReport& r, const core::RunFailure& failure, bool latest) {
    using Kind = core::RunFailure::Kind;
    std::string status = failure.kind == Kind::none ? (r.is_sorting_error.ok() ? "ok" : "?") : "failed";
    if (failure.kind != Kind::none)
        status += failure.kind == Kind::output_error ? " (" + r.error_marker + ")" : " (see below)";
    return latest ? status + ", latest" : status;
}

void print_assets_text(const std::vector<core::SortedAssetReport>& assets) {
    const std::vector<bool> latest = core::latest_of_each_sorter(assets);
    // Grouped by sorter (sorted names), runs without one last; oldest first within a group.
    std::vector<std::size_t> order(assets.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    auto group = [&](std::size_t i) { return assets[i].sorter_name.ok() ? assets[i].sorter_name.value() : "~"; };
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return group(a) < group(b); });
    Table table({"  sorter", "created (UTC)", "id", "status", "analyzer", "probes", "name"});
    std::vector<std::string> reasons;
    for (std::size_t i : order) {
        const auto& r = assets[i];
        const std::string* sorter = r.sorter_name.get();
        const std::string analyzer = r.is_sorting_analyzer.ok() ? (r.is_sorting_analyzer.value() ? "yes" : "no") : "?";
        const core::RunFailure failure = r.failure();
        table.add({"  " + (sorter ? *sorter : std::string("(none)")), utc_time(r.asset.created), r.asset.id,
                   status_text(r, failure, latest[i]), analyzer, probes_text(r), r.asset.name});
        // An output error shows its marker in the table; other reasons are too long for it.
        if (failure.kind != core::RunFailure::Kind::none && failure.kind != core::RunFailure::Kind::output_error)
            reasons.push_back(r.asset.id + ": " + failure.message);
    }
    table.print(std::cout);
    for (const auto& reason : reasons) std::cout << "  " << reason << '\n';
}

void print_text(const Outcome& o) {
    if (!o.report) return;  // why goes to stderr
    const core::EcephysReport& report = *o.report;
    const auto* assets = report.sorted_assets.get();
    const std::optional<bool> sorted = report.sorted();
    std::cout << report.id << "  sorted: " << (sorted ? (*sorted ? "yes" : "no") : "unknown");
    if (!assets) std::cout << "  (could not search its sorted data assets)\n\n";
    else if (assets->empty()) std::cout << "  (no sorted data assets)\n\n";
    else std::cout << "  (" << assets->size() << " sorted data asset" << (assets->size() == 1 ? "" : "s") << ")\n";
    if (assets && !assets->empty()) {
        print_assets_text(*assets);
        std::cout << '\n';
    }
}

Outcome report_one(const core::Services& services, const std::string& input) {
    Outcome o{input, std::nullopt, std::nullopt, nullptr};
    try {
        o.report = core::report_ecephys(services, input);
    } catch (const Error& e) {
        o.error = e;
    } catch (...) {
        o.internal = std::current_exception();  // must not escape a worker thread
    }
    return o;
}

// The sessions given, "-" replaced by the lines of stdin.
std::vector<std::string> session_inputs(const std::vector<std::string>& args) {
    std::vector<std::string> out;
    for (const auto& arg : args) {
        if (arg != "-") {
            out.push_back(arg);
            continue;
        }
        const std::vector<std::string> lines = stdin_lines();
        out.insert(out.end(), lines.begin(), lines.end());
    }
    return out;
}

// Reports every session on a bounded pool and hands each outcome to `emit` in input order,
// as soon as it and those before it are done; `done(n)` after each report finishes.
template <class Emit, class Done>
void report_in_order(const std::vector<std::string>& inputs, Emit emit, Done done) {
    const auto services = core::Services::current();
    std::vector<std::optional<Outcome>> slots(inputs.size());
    std::mutex mutex;
    std::condition_variable ready;
    std::size_t finished = 0;
    std::exception_ptr internal;
    core::WorkerPool pool(
        inputs.size(),
        [&](std::size_t i) {
            Outcome o = report_one(*services, inputs[i]);
            std::lock_guard lock(mutex);
            slots[i] = std::move(o);
            ++finished;
            ready.notify_all();
        },
        kSessionWorkers);
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        std::unique_lock lock(mutex);
        std::size_t shown = finished;
        done(shown);
        while (!slots[i]) {
            ready.wait(lock, [&] { return slots[i] || finished != shown; });
            done(shown = finished);
        }
        Outcome o = std::move(*slots[i]);
        lock.unlock();
        if (o.internal) {
            internal = o.internal;
            pool.stop();  // no new work: the pool is joined before the error leaves
            break;
        }
        emit(o);
    }
    pool.join();
    if (internal) std::rethrow_exception(internal);
}

int run_ecephys(const EcephysArgs& args) {
    const std::vector<std::string> inputs = session_inputs(args.sessions);
    if (inputs.empty()) throw Error(ErrorKind::invalid_input, "no session IDs given (on stdin for '-')");
    const bool progress = inputs.size() > 1 && ::isatty(STDERR_FILENO);
    auto show_progress = [&](std::size_t n) {
        if (progress) std::cerr << "\r\033[K[ecephys] " << n << "/" << inputs.size() << " sessions" << std::flush;
    };
    int status = 0;
    report_in_order(
        inputs,
        [&](const Outcome& o) {
            if (progress) std::cerr << "\r\033[K" << std::flush;
            if (args.json) print_json(o);
            else print_text(o);
            std::cout << std::flush;
            const Error* first = o.error ? &*o.error : nullptr;
            const auto failures = o.report ? o.report->failures() : std::vector<core::EcephysReport::Failure>{};
            if (!first && !failures.empty()) first = failures.front().error;
            if (first && !args.json) std::cerr << "aind-session: " << o.input << ": " << first->what() << '\n';
            if (first && status == 0) status = exit_code(first->kind());
        },
        show_progress);
    if (progress) std::cerr << "\r\033[K" << std::flush;
    return status;
}

}  // namespace

void add_ecephys_command(CLI::App& app, Options& options) {
    auto args = std::make_shared<EcephysArgs>();
    CLI::App* cmd = app.add_subcommand(
        "ecephys",
        "Show the spike sorting of sessions: their sorted data assets grouped by sorter (the latest of\n"
        "each marked), the runs that failed and why, and the probes each run sorted. Many sessions are\n"
        "reported concurrently, in the order given. Exits with the code of the first failure to ask.\n"
        "Example: aind-session ecephys ecephys_676909_2023-12-13_13-43-40 --json");
    cmd->add_option("sessions", args->sessions,
                    "Session IDs (or names or paths holding one); '-' reads them from stdin")
        ->required();
    cmd->add_flag("--json", args->json, "Print one JSON object per session, one per line");
    cmd->callback([&options, args] { options.run = [args] { return run_ecephys(*args); }; });
}

}  // namespace aind::cli
