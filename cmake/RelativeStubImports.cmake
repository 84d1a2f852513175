# cmake -D STUB=<file> -P RelativeStubImports.cmake
#
# nanobind's stubgen imports the extension as the top-level module `_core`, so the stub of
# its package writes `from _core import (naming as naming, ...)`. Installed, the module is
# `aind_session._core`: the submodules are imported relative to it.
file(READ "${STUB}" text)
string(REPLACE "from _core import" "from . import" text "${text}")
file(WRITE "${STUB}" "${text}")
