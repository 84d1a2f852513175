// src/net/curl_api.cpp
#include "curl_api.hpp"

#include <dlfcn.h>

#include <mutex>
#include <string>

#include "aind/common/error.hpp"

namespace aind::net::detail {
namespace {

template <class F>
void bind(void* library, F& slot, const char* name) {
    void* symbol = dlsym(library, name);
    if (!symbol)
        throw Error(ErrorKind::protocol,
                    std::string("libcurl.so.4 has no ") + name + ": it is older than this build needs (7.84 or later)");
    slot = reinterpret_cast<F>(symbol);
}

CurlApi load() {
    // RTLD_LOCAL: libcurl's own dependencies stay out of the global namespace of the process
    // (a Python interpreter may hold other TLS libraries).
    void* library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!library)
        throw Error(ErrorKind::protocol, std::string("libcurl could not be loaded (") + dlerror() +
                                             "); install it (Debian: apt install libcurl4, or libcurl4t64)");
    CurlApi api{};
    bind(library, api.global_init, "curl_global_init");
    bind(library, api.easy_init, "curl_easy_init");
    bind(library, api.easy_cleanup, "curl_easy_cleanup");
    bind(library, api.easy_setopt, "curl_easy_setopt");
    bind(library, api.easy_getinfo, "curl_easy_getinfo");
    bind(library, api.easy_strerror, "curl_easy_strerror");
    bind(library, api.multi_init, "curl_multi_init");
    bind(library, api.multi_cleanup, "curl_multi_cleanup");
    bind(library, api.multi_setopt, "curl_multi_setopt");
    bind(library, api.multi_add_handle, "curl_multi_add_handle");
    bind(library, api.multi_remove_handle, "curl_multi_remove_handle");
    bind(library, api.multi_perform, "curl_multi_perform");
    bind(library, api.multi_poll, "curl_multi_poll");
    bind(library, api.multi_wakeup, "curl_multi_wakeup");
    bind(library, api.multi_info_read, "curl_multi_info_read");
    bind(library, api.slist_append, "curl_slist_append");
    bind(library, api.slist_free_all, "curl_slist_free_all");
    bind(library, api.getdate, "curl_getdate");
    if (api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        throw Error(ErrorKind::protocol, "libcurl could not be initialised (curl_global_init failed)");
    return api;  // the library stays loaded for the life of the process
}

}  // namespace

const CurlApi& curl_api() {
    static std::once_flag once;
    static CurlApi api;
    std::call_once(once, [] { api = load(); });
    return api;
}

}  // namespace aind::net::detail
