# Every third-party library comes from Debian's -dev packages (see scripts/setup);
# nothing is fetched at build time. Heavy headers (simdjson, CLI11) stay out of
# public headers so that only a few translation units pay for them.
find_package(Threads REQUIRED)
find_package(CURL REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(simdjson REQUIRED)
find_package(pugixml REQUIRED)
find_package(CLI11 REQUIRED)

# CMake 4 renamed the SQLite target; Debian 12's CMake 3.25 only knows the old name.
if(TARGET SQLite3::SQLite3)
  set(AIND_SQLITE_TARGET SQLite3::SQLite3)
else()
  set(AIND_SQLITE_TARGET SQLite::SQLite3)
endif()

# libcurl is not linked: src/net/curl_api.cpp loads it on the first request (its thirty
# dependent libraries cost ~4 ms at every start, more than a warm answer). Its headers are
# enough at build time.
function(aind_link_dependencies target)
  get_target_property(curl_includes CURL::libcurl INTERFACE_INCLUDE_DIRECTORIES)
  if(curl_includes)
    target_include_directories(${target} PRIVATE ${curl_includes})
  endif()
  target_link_libraries(${target} PUBLIC Threads::Threads ${CMAKE_DL_LIBS}
    PRIVATE OpenSSL::Crypto ${AIND_SQLITE_TARGET} simdjson::simdjson pugixml::pugixml)
endfunction()
