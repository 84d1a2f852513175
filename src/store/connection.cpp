// src/store/connection.cpp
//
// Opening the store: the directory and file with owner-only modes, the connection's pragmas,
// a corrupt file moved aside, and a new connection after fork() (a SQLite connection must not
// cross fork: the child would share the parent's file descriptors and lock state).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <string>

#include "aind/common/log.hpp"
#include "store_impl.hpp"

namespace aind::store {
namespace {

constexpr std::string_view kWhatToDo =
    "check that the directory exists and is writable, or set AIND_SESSION_CACHE_DIR to another directory";

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// mkdir -p, each directory we create being the owner's only (the cache may reveal which
// sessions a user looks at); directories that exist keep their mode.
void make_directories(const std::filesystem::path& dir) {
    std::filesystem::path so_far;
    for (const auto& part : dir) {
        so_far /= part;
        if (mkdir(so_far.c_str(), 0700) == 0 || errno == EEXIST) continue;
        throw Error(ErrorKind::invalid_input, "cannot create the cache directory " + so_far.string() + " (" +
                                                  std::strerror(errno) + "): " + std::string(kWhatToDo));
    }
    struct stat st{};
    if (stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        throw Error(ErrorKind::invalid_input,
                    "the cache directory " + dir.string() + " is not a directory: " + std::string(kWhatToDo));
}

// SQLite creates files 0644 (less the umask); creating it first makes it 0600, and SQLite
// gives its -wal and -shm files the mode of the database file.
void create_private_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        throw Error(ErrorKind::invalid_input, "cannot create the cache file " + path + " (" + std::strerror(errno) +
                                                  "): " + std::string(kWhatToDo));
    ::close(fd);
}

ino_t inode_of(const std::string& path) {
    struct stat st{};
    return stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
}

// Moves a corrupt file (and its log) aside, unless another process already did: the inode
// check keeps two processes that both saw the corruption from moving the fresh file too.
void move_aside(const std::string& path, ino_t seen, double now) {
    if (inode_of(path) != seen) return;
    const std::string aside = path + ".corrupt-" + std::to_string(static_cast<long long>(std::floor(now)));
    if (std::rename(path.c_str(), aside.c_str()) != 0)
        throw Error(ErrorKind::invalid_input, "the cache file " + path + " is corrupt and could not be moved aside (" +
                                                  std::strerror(errno) + "): delete it by hand");
    std::rename((path + "-wal").c_str(), (aside + "-wal").c_str());
    std::remove((path + "-shm").c_str());
    log(LogLevel::warning, "aind_session.store",
        "the cache file " + path + " was corrupt: moved to " + aside + ", starting an empty cache");
}

}  // namespace

Error Store::Impl::error(int rc, std::string_view doing) {
    last_rc = rc & 0xff;
    const char* message = db.get() ? sqlite3_errmsg(db.get()) : sqlite3_errstr(rc);
    std::string text = "the cache " + path + " failed while " + std::string(doing) + ": " + message;
    if (last_rc == SQLITE_BUSY || last_rc == SQLITE_LOCKED)
        return Error(ErrorKind::timeout, text + " (another process held it for longer than " +
                                             std::to_string(options.busy_timeout_ms) + " ms)");
    return Error(ErrorKind::invalid_input, text + "; " + std::string(kWhatToDo));
}

void Store::Impl::exec(std::string_view sql, std::string_view doing) {
    const std::string text(sql);
    const int rc = sqlite3_exec(db.get(), text.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) throw error(rc, doing);
}

detail::Statement& Store::Impl::statement(std::string_view sql) {
    auto it = statements.find(sql);
    if (it == statements.end()) {
        sqlite3_stmt* raw = nullptr;
        const int rc = sqlite3_prepare_v3(connection(), sql.data(), static_cast<int>(sql.size()),
                                          SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
        if (rc != SQLITE_OK) throw error(rc, "preparing a query");
        it = statements.emplace(std::string(sql), detail::Statement(raw)).first;
    }
    return it->second.reset();
}

bool Store::Impl::step(detail::Statement& s, std::string_view doing) {
    const int rc = sqlite3_step(s.get());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    sqlite3_reset(s.get());  // releases the statement's read transaction
    throw error(rc, doing);
}

sqlite3* Store::Impl::connection() {
    if (db.get() && pid != getpid()) {
        for (auto& [sql, s] : statements) s.leak();
        statements.clear();
        db.leak();
        open_connection();
    }
    return db.get();
}

int Store::Impl::schema_version() {
    auto& s = statement("PRAGMA user_version");
    step(s, "reading the schema version");
    const auto version = static_cast<int>(s.integer(0));
    s.reset();  // a statement left on a row would keep its read snapshot open
    return version;
}

void Store::Impl::open_connection() {
    statements.clear();
    db = detail::Database();
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    db = detail::Database(raw);  // owns it even when opening failed
    if (rc != SQLITE_OK) throw error(rc, "opening it");
    pid = getpid();
    sqlite3_busy_timeout(db.get(), options.busy_timeout_ms);
    // WAL: readers never wait for a writer, and a writer killed midway leaves only frames
    // without a commit, which the next opener ignores. NORMAL is durable across crashes of the
    // process (not of the machine), which is all a cache needs.
    exec("PRAGMA journal_mode=WAL", "switching to write-ahead logging");
    exec("PRAGMA synchronous=NORMAL", "setting synchronous mode");
    exec("PRAGMA journal_size_limit=67108864", "bounding the write-ahead log");
    // Loading the schema now finds a damaged first page (SQLITE_CORRUPT) while open() can
    // still move the file aside, rather than in the middle of the first get().
    exec("SELECT count(*) FROM sqlite_master", "reading the schema");
    detail::migrate(*this);
}

Store Store::open(const std::string& path_or_dir, Options options) {
    if (path_or_dir.empty()) throw Error(ErrorKind::invalid_input, "no cache directory given");
    auto impl = std::make_unique<Impl>();
    const std::filesystem::path given(path_or_dir);
    const bool is_file = ends_with(path_or_dir, ".sqlite");
    const std::filesystem::path dir = is_file ? given.parent_path() : given;
    impl->path = is_file ? given.string() : (given / std::string(kStoreFileName)).string();
    impl->options = std::move(options);
    if (!impl->options.clock) impl->options.clock = system_now;
    if (!dir.empty()) make_directories(dir);
    create_private_file(impl->path);
    const ino_t inode = inode_of(impl->path);
    try {
        impl->open_connection();
    } catch (const Error&) {
        if (impl->last_rc != SQLITE_NOTADB && impl->last_rc != SQLITE_CORRUPT) throw;
        impl->statements.clear();
        impl->db = detail::Database();
        move_aside(impl->path, inode, impl->options.clock());
        create_private_file(impl->path);
        impl->open_connection();
    }
    return Store(std::move(impl));
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;

Store::~Store() {
    if (impl_ && impl_->db.get() && impl_->pid != getpid()) {
        // A copy inherited through fork(): forget the parent's connection, never close it.
        for (auto& [sql, s] : impl_->statements) s.leak();
        impl_->db.leak();
    }
}

const std::string& Store::path() const { return impl_->path; }
const Options& Store::options() const { return impl_->options; }

}  // namespace aind::store
