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

function(aind_link_dependencies target)
  target_link_libraries(${target} PUBLIC Threads::Threads
    PRIVATE CURL::libcurl OpenSSL::Crypto OpenSSL::SSL ${AIND_SQLITE_TARGET} simdjson::simdjson pugixml::pugixml)
endfunction()
