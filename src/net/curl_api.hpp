// src/net/curl_api.hpp  (private to src/net)
//
// libcurl, loaded when the first request is sent rather than when the program starts.
// libcurl brings some thirty libraries with it (TLS, Kerberos, LDAP, SSH...) whose loading
// and relocation cost about 4 ms at every start: more than a whole warm answer from the
// store. So the engine is not linked against it; the functions it uses are looked up once,
// with dlopen, by curl_api(). Only the types and constants come from <curl/curl.h>.
#pragma once

#include <curl/curl.h>

namespace aind::net::detail {

struct CurlApi {
    decltype(&::curl_global_init) global_init;
    decltype(&::curl_easy_init) easy_init;
    decltype(&::curl_easy_cleanup) easy_cleanup;
    CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
    decltype(&::curl_easy_strerror) easy_strerror;
    decltype(&::curl_multi_init) multi_init;
    decltype(&::curl_multi_cleanup) multi_cleanup;
    CURLMcode (*multi_setopt)(CURLM*, CURLMoption, ...);
    decltype(&::curl_multi_add_handle) multi_add_handle;
    decltype(&::curl_multi_remove_handle) multi_remove_handle;
    decltype(&::curl_multi_perform) multi_perform;
    decltype(&::curl_multi_poll) multi_poll;
    decltype(&::curl_multi_wakeup) multi_wakeup;
    decltype(&::curl_multi_info_read) multi_info_read;
    decltype(&::curl_slist_append) slist_append;
    decltype(&::curl_slist_free_all) slist_free_all;
    decltype(&::curl_getdate) getdate;
};

/// libcurl's functions, loaded (and curl_global_init run) on the first call, from any
/// thread. Error(protocol) when libcurl 4 cannot be loaded, saying which package provides it.
const CurlApi& curl_api();

}  // namespace aind::net::detail
