// src/net/curl_handles.hpp
//
// Move-only owners of libcurl's C handles (cpr's CurlHolder idea): each frees its handle
// exactly once, so the I/O loop can never leak an easy handle on an early return, and a
// handle cannot be copied into two owners. Private to src/net.
#pragma once

#include <curl/curl.h>

#include <string>
#include <utility>

#include "aind/common/error.hpp"
#include "curl_api.hpp"

namespace aind::net::detail {

class CurlEasy {
public:
    CurlEasy() : handle_(curl_api().easy_init()) {
        if (!handle_) throw Error(ErrorKind::protocol, "libcurl could not create a transfer (curl_easy_init failed)");
    }
    ~CurlEasy() {
        if (handle_) curl_api().easy_cleanup(handle_);
    }
    CurlEasy(CurlEasy&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
    CurlEasy& operator=(CurlEasy&& other) noexcept {
        if (this != &other) {
            if (handle_) curl_api().easy_cleanup(handle_);
            handle_ = std::exchange(other.handle_, nullptr);
        }
        return *this;
    }
    CurlEasy(const CurlEasy&) = delete;
    CurlEasy& operator=(const CurlEasy&) = delete;

    CURL* get() const noexcept { return handle_; }

    template <class T>
    void set(CURLoption option, T value) {
        curl_api().easy_setopt(handle_, option, value);
    }

private:
    CURL* handle_;
};

class CurlMulti {
public:
    CurlMulti() : handle_(curl_api().multi_init()) {
        if (!handle_)
            throw Error(ErrorKind::protocol, "libcurl could not create a multi handle (curl_multi_init failed)");
    }
    ~CurlMulti() {
        if (handle_) curl_api().multi_cleanup(handle_);
    }
    CurlMulti(CurlMulti&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
    CurlMulti& operator=(CurlMulti&& other) noexcept {
        if (this != &other) {
            if (handle_) curl_api().multi_cleanup(handle_);
            handle_ = std::exchange(other.handle_, nullptr);
        }
        return *this;
    }
    CurlMulti(const CurlMulti&) = delete;
    CurlMulti& operator=(const CurlMulti&) = delete;

    CURLM* get() const noexcept { return handle_; }
    /// Forgets the handle without cleaning it up. Used in a forked child, where cleanup
    /// could send TLS close_notify on connections that still belong to the parent.
    void leak() noexcept { handle_ = nullptr; }

private:
    CURLM* handle_;
};

class CurlSlist {
public:
    CurlSlist() = default;
    ~CurlSlist() {
        if (list_) curl_api().slist_free_all(list_);
    }
    CurlSlist(CurlSlist&& other) noexcept : list_(std::exchange(other.list_, nullptr)) {}
    CurlSlist& operator=(CurlSlist&& other) noexcept {
        if (this != &other) {
            if (list_) curl_api().slist_free_all(list_);
            list_ = std::exchange(other.list_, nullptr);
        }
        return *this;
    }
    CurlSlist(const CurlSlist&) = delete;
    CurlSlist& operator=(const CurlSlist&) = delete;

    void append(const std::string& line) {
        curl_slist* next = curl_api().slist_append(list_, line.c_str());
        if (!next) throw Error(ErrorKind::protocol, "libcurl could not allocate a header list");
        list_ = next;
    }
    curl_slist* get() const noexcept { return list_; }

private:
    curl_slist* list_ = nullptr;
};

}  // namespace aind::net::detail
