// cli/cache_command.cpp
//
// `aind-session cache info | path | clear | check`: the persistent store of answers, and the
// cache settings every command shares (command_cache_settings).
#include <CLI/App.hpp>
#include <CLI/Config.hpp>
#include <CLI/Formatter.hpp>
#include <cstdio>
#include <iostream>
#include <memory>

#include "aind/cache/cache.hpp"
#include "aind/common/error.hpp"
#include "aind/core/services.hpp"
#include "commands.hpp"
#include "output.hpp"

namespace aind::cli {
namespace {

struct CacheArgs {
    std::string kind;
    bool json = false;
};

std::string megabytes(std::int64_t bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f MB", bytes / 1e6);
    return buf;
}

int run_info(const Options& options, const CacheArgs& args) {
    const cache::Settings settings = command_cache_settings(options);
    const store::Info info = cache::shared_store(settings)->info();
    if (args.json) {
        JsonWriter w;
        w.begin_object().key("path").value(info.path).key("mode").value(cache::to_string(settings.mode));
        w.key("file_bytes").value(info.file_bytes).key("schema_version").value(info.schema_version);
        w.key("entries").value(info.entries).key("payload_bytes").value(info.payload_bytes);
        w.key("max_bytes").value(settings.max_bytes).key("kinds").begin_array();
        for (const store::KindInfo& k : info.kinds) {
            w.begin_object().key("kind").value(k.kind).key("entries").value(k.entries);
            w.key("payload_bytes").value(k.payload_bytes).key("oldest_fetched_at").value(k.oldest_fetched_at);
            w.key("newest_fetched_at").value(k.newest_fetched_at).end_object();
        }
        w.end_array().end_object();
        std::cout << w.str() << '\n';
        return 0;
    }
    std::cout << "store           " << info.path << '\n'
              << "mode            " << cache::to_string(settings.mode)
              << (settings.stale_allowed() ? " (stale answers allowed)" : "") << '\n'
              << "size            " << megabytes(info.file_bytes) << " on disk, " << megabytes(info.payload_bytes)
              << " of answers (bound " << megabytes(settings.max_bytes) << ")\n"
              << "schema          version " << info.schema_version << '\n'
              << "answers         " << info.entries << '\n';
    for (const store::KindInfo& k : info.kinds)
        std::cout << "  " << k.kind << std::string(k.kind.size() < 28 ? 28 - k.kind.size() : 1, ' ') << k.entries
                  << " answers, " << megabytes(k.payload_bytes) << ", newest " << utc_time(k.newest_fetched_at)
                  << " UTC, fresh for " << cache::age_text(settings.ttl.of(k.kind)) << '\n';
    return 0;
}

}  // namespace

cache::Settings command_cache_settings(const Options& options) {
    cache::Settings settings = cache::settings_from(core::Services::current()->config());
    if (!options.cache_mode.empty()) settings.mode = *cache::mode_named(options.cache_mode);  // checked by CLI11
    if (options.allow_stale) settings.allow_stale = true;
    return settings;
}

void add_cache_command(CLI::App& app, Options& options) {
    auto args = std::make_shared<CacheArgs>();
    CLI::App* cmd =
        app.add_subcommand("cache",
                           "The store of answers shared by every process of this user (one SQLite file):\n"
                           "  info   where it is, its size, and its answers per kind with their times to live\n"
                           "  path   its file\n"
                           "  clear  remove every answer (or those of --kind)\n"
                           "  check  SQLite's integrity check\n"
                           "Example: aind-session cache clear --kind codeocean.search");
    cmd->require_subcommand(1);
    CLI::App* info = cmd->add_subcommand("info", "Where the store is, its size, its answers per kind");
    info->add_flag("--json", args->json, "Print one JSON object");
    info->callback([&options, args] { options.run = [&options, args] { return run_info(options, *args); }; });
    cmd->add_subcommand("path", "Print the store's file")->callback([&options] {
        options.run = [&options] {
            std::cout << cache::shared_store(command_cache_settings(options))->path() << '\n';
            return 0;
        };
    });
    CLI::App* clear = cmd->add_subcommand("clear", "Remove every stored answer, or those of one kind");
    clear->add_option("--kind", args->kind, "Only this kind (see `cache info`), e.g. codeocean.search");
    clear->callback([&options, args] {
        options.run = [&options, args] {
            const std::int64_t n = cache::shared_store(command_cache_settings(options))->clear(args->kind);
            std::cout << "removed " << n << " answers" << (args->kind.empty() ? "" : " of kind " + args->kind) << '\n';
            return 0;
        };
    });
    cmd->add_subcommand("check", "Run SQLite's integrity check on the store")->callback([&options] {
        options.run = [&options] {
            const std::string result = cache::shared_store(command_cache_settings(options))->check();
            std::cout << result << '\n';
            return result == "ok" ? 0 : exit_code(ErrorKind::protocol);
        };
    });
}

}  // namespace aind::cli
