// python/bindings/module.cpp
//
// aind_session._core: the C++ engine seen from Python. Each area binds itself in its own
// bind_<area>.cpp; this file only lists them.
#include <nanobind/nanobind.h>

namespace nb = nanobind;

void bind_errors(nb::module_& m);
void bind_naming(nb::module_& m);
void bind_core(nb::module_& m);
void bind_net(nb::module_& m);
void bind_codeocean(nb::module_& m);
void bind_s3(nb::module_& m);
void bind_docdb(nb::module_& m);

NB_MODULE(_core, m) {
    m.doc() = "The aind-session C++ engine (parsing, HTTP, JSON, concurrency, caching).";
    bind_errors(m);
    bind_naming(m);
    bind_core(m);
    bind_net(m);
    bind_codeocean(m);
    bind_s3(m);
    bind_docdb(m);
}
