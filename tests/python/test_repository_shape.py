"""The shape of the repository: small files, short functions, no references outside it.

No network, no build: these tests read the source tree only.

* Source files stay under 500 lines (C++ in src, include, cli, python/bindings,
  tests/cpp, tests/fuzz and bench; Python in python, bench and tests/python; the shell
  scripts in scripts).
* Functions stay under 80 lines. Python functions are measured with :mod:`ast`; C++
  functions with the small scanner below, which blanks out comments, string, raw-string
  and character literals and preprocessor lines, then matches braces. A function runs
  from the first line of its declaration to its closing brace; gtest ``TEST``/``TEST_F``
  bodies count as functions, and lambdas and local classes count toward the function
  that holds them.
* C++ sources follow .clang-format (clang-format from PyPI, pinned in requirements/dev.txt
  so that every machine formats alike).
* No file points outside the repository (research notes kept beside a checkout, their
  section numbers): a clone must build, test and read on its own. Facts the code relies
  on are written down in docs/ (docs/protocols.md, docs/naming.md, docs/local-stack.md).

Offenders are reported as ``path:line name (N lines)``.
"""
from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Iterator, NamedTuple

REPO = Path(__file__).resolve().parents[2]
MAX_FILE_LINES = 500
MAX_FUNCTION_LINES = 80

CPP_DIRS = ("src", "include", "cli", "python/bindings", "tests/cpp", "tests/fuzz", "bench")
PYTHON_DIRS = ("python", "bench", "tests/python")
SHELL_DIRS = ("scripts",)
# Never part of the repository proper (VCS data, build trees, virtual environments, caches,
# benchmark outputs): directory names skipped at any depth, and paths from the root.
SKIPPED_NAMES = {".git", "__pycache__", ".pytest_cache"}
SKIPPED_PATHS = {"build", ".venv", "dist", "bench/.venvs", "bench/results"}

# References to material outside the repository. Each pattern is written so that it does
# not match its own source text.
OUTSIDE_REFERENCES = (
    (re.compile(r"\.\./shared\b"), "a path to the shared directory beside the checkout"),
    (re.compile(r"\bshared[/](?:spec|data)\b"), "a path into shared/"),
    (re.compile(r"(?<![\w/])spec/[\w.-]+\.(?:md|txt)\b"), "a research note under spec/"),
    (re.compile(r"\banchor\s+§"), "a section of the anchor notes"),
    (re.compile(r"(?<!docs/)(?<![\w/.-])(?:protocols|naming|cpp-stack|peers|anchor-aind-session|DESIGN)\.md\b"),
     "a notes file that is not in docs/"),
    (re.compile(r"\bseed-aind-session[-\d.]*\.txt\b"), "the original's package description, kept outside"),
)


class Offender(NamedTuple):
    path: str
    line: int
    name: str
    lines: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line} {self.name} ({self.lines} lines)"


# ---- walking the tree ---------------------------------------------------------------------


def _skipped(path: Path) -> bool:
    name = path.name
    return name in SKIPPED_NAMES or name.endswith(".egg-info") or _rel(path) in SKIPPED_PATHS


def _walk(top: Path) -> Iterator[Path]:
    """Regular files under ``top`` (symbolic links, e.g. a locally built extension, are not
    part of the repository)."""
    if not top.is_dir():
        return
    for root, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if not _skipped(Path(root, d)))
        for name in sorted(files):
            path = Path(root, name)
            if not path.is_symlink() and not _skipped(path):
                yield path


def _files(dirs: tuple[str, ...], suffixes: tuple[str, ...] = ()) -> list[Path]:
    return [p for d in dirs for p in _walk(REPO / d) if not suffixes or p.suffix in suffixes]


def _rel(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _line_count(path: Path) -> int:
    return len(_read(path).splitlines())


# ---- Python functions -----------------------------------------------------------------------


def python_functions(source: str) -> Iterator[tuple[int, str, int]]:
    """``(line, qualified name, length)`` of every function, nested ones included."""

    def visit(node: ast.AST, prefix: str) -> Iterator[tuple[int, str, int]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = prefix + child.name
                yield child.lineno, name, child.end_lineno - child.lineno + 1
                yield from visit(child, name + ".")
            elif isinstance(child, ast.ClassDef):
                yield from visit(child, prefix + child.name + ".")
            else:
                yield from visit(child, prefix)

    yield from visit(ast.parse(source), "")


# ---- C++ functions --------------------------------------------------------------------------

_RAW_STRING = re.compile(r'(?:u8|[uUL])?R"([^ ()\\\t\n]{0,16})\(')


def blank_cpp(source: str) -> str:
    """The source with comments, literals' contents and preprocessor lines replaced by
    spaces; newlines (so line numbers) and literal delimiters are kept."""
    out = list(source)
    i, n, line_start = 0, len(source), True

    def blank(a: int, b: int) -> None:
        for k in range(a, b):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        c = source[i]
        if c == "\n":
            line_start = True
            i += 1
            continue
        if line_start and c == "#":
            j = i
            while j < n and source[j] != "\n" or (j < n and source[j - 1] == "\\"):
                j += 1
            blank(i, j)
            i = j
            continue
        if not c.isspace():
            line_start = False
        raw = _RAW_STRING.match(source, i) if c in "uULR" and (i == 0 or not _is_word(source[i - 1])) else None
        if raw:
            end = source.find(")" + raw.group(1) + '"', raw.end())
            end = n if end < 0 else end
            blank(raw.end(), end)
            i = end + len(raw.group(1)) + 2
        elif source.startswith("//", i):
            j = source.find("\n", i)
            j = n if j < 0 else j
            blank(i, j)
            i = j
        elif source.startswith("/*", i):
            j = source.find("*/", i + 2)
            j = n if j < 0 else j + 2
            blank(i, j)
            i = j
        elif c == '"' or (c == "'" and not _is_digit_separator(source, i)):
            j = i + 1
            while j < n and source[j] != c and source[j] != "\n":
                j += 2 if source[j] == "\\" else 1
            blank(i + 1, min(j, n))
            i = j + 1
        else:
            i += 1
    return "".join(out)


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


def _is_digit_separator(source: str, i: int) -> bool:
    """A ``'`` inside a number (``1'000'000``, ``0xFF'FF``), not a character literal."""
    j = i
    while j > 0 and (_is_word(source[j - 1]) or source[j - 1] in "'."):
        j -= 1
    return i > j and source[j].isdigit() and i + 1 < len(source) and source[i + 1].isalnum()


_CONTAINER = re.compile(r"^(?:typedef\s+)?(?:class|struct|union|enum)\b|\bnamespace\b|^extern\b")
_FUNCTION_END = re.compile(
    r"\)(?:\s*(?:const|volatile|noexcept\s*\([^()]*\)|noexcept|override|final|mutable|&&?|"
    r"->\s*[\w:<>,*&\s]+|requires\b[^{;]*))*\s*$")
_INIT_LIST = re.compile(r"\)\s*(?:noexcept\s*)?:(?!:)")
_ACCESS = re.compile(r"^(?:(?:public|private|protected)\s*:\s*)+")
_TEMPLATE = re.compile(r"^template\s*<")
_TEST_MACROS = {"TEST", "TEST_F", "TEST_P", "TYPED_TEST", "TYPED_TEST_P"}


def _strip_template(header: str) -> str:
    if not _TEMPLATE.match(header):
        return header
    depth = 0
    for k, c in enumerate(header):
        if c == "<":
            depth += 1
        elif c == ">":
            depth -= 1
            if depth == 0:
                return header[k + 1:].lstrip()
    return header


def _matching(text: str, open_at: int, pair: str = "{}") -> int:
    """Index of the bracket that closes the one at ``open_at`` (len(text) if none)."""
    depth = 0
    for k in range(open_at, len(text)):
        if text[k] == pair[0]:
            depth += 1
        elif text[k] == pair[1]:
            depth -= 1
            if depth == 0:
                return k
    return len(text)


def _function_name(header: str) -> str:
    """The declared name: the token before the parameter list (a gtest macro with its
    arguments)."""
    init = _INIT_LIST.search(header)
    close = init.start() if init else header.rstrip().rfind(")")
    depth = 0
    for k in range(close, -1, -1):
        depth += header[k] == ")"
        depth -= header[k] == "("
        if depth == 0:
            m = re.search(r"(operator\s*\S+?|~?[\w:]+(?:<[^()]*>)?)\s*$", header[:k])
            name = m.group(1) if m else "?"
            return " ".join(header[k - len(name):close + 1].split()) if name in _TEST_MACROS else name
    return "?"


def cpp_functions(source: str) -> list[tuple[int, str, int]]:
    """``(line, name, length)`` of every function body in a C++ source file."""
    text = blank_cpp(source)
    found: list[tuple[int, str, int]] = []
    _scan_scope(text, 0, len(text), found)
    return found


def _scan_scope(text: str, start: int, stop: int, found: list) -> None:
    """Finds the functions of one namespace or class body, ``text[start:stop]``."""
    header_start, i = start, start
    while i < stop:
        c = text[i]
        if c == ";":
            header_start = i + 1
        elif c == "{":
            end = _matching(text, i)
            raw_header = text[header_start:i]
            header = _ACCESS.sub("", raw_header.strip()).strip()
            bare = _strip_template(header)
            in_parameters = header.count("(") > header.count(")")  # a default argument: `= {}`
            member_init = _INIT_LIST.search(header) and re.search(r"[\w>]\s*$", header)  # `: x_{0}`
            if in_parameters or member_init:
                i = end + 1
                continue
            if _CONTAINER.search(bare) and not (bare.startswith("extern") and _FUNCTION_END.search(bare)):
                _scan_scope(text, i + 1, end, found)
            elif header and (_FUNCTION_END.search(header) or _INIT_LIST.search(header)):
                first = header_start + len(raw_header) - len(raw_header.lstrip())
                first += len(raw_header.lstrip()) - len(_ACCESS.sub("", raw_header.lstrip()))
                line = text.count("\n", 0, first) + 1
                found.append((line, _function_name(header), text.count("\n", first, end) + 1))
            header_start, i = end + 1, end + 1
            continue
        elif c == "}":
            header_start = i + 1
        i += 1


# ---- the tests ------------------------------------------------------------------------------


def test_no_source_file_is_longer_than_500_lines():
    sources = (_files(CPP_DIRS, (".cpp", ".hpp")) + _files(PYTHON_DIRS, (".py",)) + _files(SHELL_DIRS))
    too_long = [f"{_rel(p)} ({n} lines)" for p in sources if (n := _line_count(p)) > MAX_FILE_LINES]
    assert not too_long, f"files over {MAX_FILE_LINES} lines:\n" + "\n".join(too_long)


def test_no_python_function_is_longer_than_80_lines():
    offenders = [Offender(_rel(p), line, name, length)
                 for p in _files(PYTHON_DIRS, (".py",))
                 for line, name, length in python_functions(_read(p)) if length > MAX_FUNCTION_LINES]
    assert not offenders, f"Python functions over {MAX_FUNCTION_LINES} lines:\n" + "\n".join(map(str, offenders))


def test_no_cpp_function_is_longer_than_80_lines():
    offenders = [Offender(_rel(p), line, name, length)
                 for p in _files(CPP_DIRS, (".cpp", ".hpp"))
                 for line, name, length in cpp_functions(_read(p)) if length > MAX_FUNCTION_LINES]
    assert not offenders, f"C++ functions over {MAX_FUNCTION_LINES} lines:\n" + "\n".join(map(str, offenders))


def test_cpp_sources_follow_the_clang_format_style():
    clang_format = Path(sys.executable).parent / "clang-format"
    assert clang_format.exists(), f"{clang_format} is missing: scripts/setup installs it (requirements/dev.txt)"
    sources = [str(p) for p in _files(CPP_DIRS, (".cpp", ".hpp"))]
    run = subprocess.run([str(clang_format), "--dry-run", "--Werror", *sources], capture_output=True, text=True)
    unformatted = sorted({line.split(":")[0] for line in run.stderr.splitlines() if ": error:" in line})
    assert run.returncode == 0, ("not formatted (run: .venv/bin/clang-format -i <file>):\n" +
                                 "\n".join(_rel(Path(f)) for f in unformatted) + "\n" + run.stderr[-2000:])


def test_no_file_refers_to_material_outside_the_repository():
    found = []
    for path in _walk(REPO):
        try:
            text = _read(path)
        except (UnicodeDecodeError, OSError):
            continue  # binary files
        for number, line in enumerate(text.splitlines(), 1):
            found += [f"{_rel(path)}:{number}: {what}: {line.strip()[:120]}"
                      for pattern, what in OUTSIDE_REFERENCES if pattern.search(line)]
    assert not found, "references outside the repository (cite docs/ or state the fact):\n" + "\n".join(found)


# ---- the scanners themselves ------------------------------------------------------------------

CPP_SAMPLE = r'''#include <string>
#define BRACE {
namespace aind {
namespace {
constexpr int kBig = 1'000'000;  // a { in a comment
const char* kText = "}}} \" {";
}  // namespace

/* a block comment { */
class Widget : public Base {
public:
    Widget(int a, std::string s = {}) : a_{a}, b_(a) {
        char open = '{';
        auto raw = R"x(a raw } string)x";
    }
    int get() const noexcept { return a_; }
private:
    int a_, b_;
};

template <class T>
std::vector<T> Widget::many(T t) const {
    auto lambda = [&](int x) {
        return x + 1;
    };
    return {};
}

}  // namespace aind

TEST(Suite, Name) {
    EXPECT_TRUE(true);
}
'''


def test_cpp_scanner_counts_function_bodies_and_ignores_braces_in_literals():
    functions = cpp_functions(CPP_SAMPLE)
    assert functions == [(12, "Widget", 4), (16, "get", 1), (21, "Widget::many", 7),
                         (31, "TEST(Suite, Name)", 3)]


def test_python_scanner_reports_nested_functions_and_methods():
    source = "def f():\n    def g():\n        pass\n    return g\n\nclass C:\n    def m(self):\n        return 1\n"
    assert list(python_functions(source)) == [(1, "f", 4), (2, "f.g", 2), (7, "C.m", 2)]


def test_outside_reference_patterns_accept_the_docs_and_refuse_the_notes():
    def flagged(line: str) -> bool:
        return any(pattern.search(line) for pattern, _ in OUTSIDE_REFERENCES)

    bad_notes = ("proto" + "cols.md §3.4", "../" + "sha" + "red/data/x.json", "spec/" + "nam" + "ing.md",
                 "anchor" + " §2.6", "cpp-" + "stack.md §2.1")
    assert all(flagged(line) for line in bad_notes)
    good = ("docs/protocols.md §3.4", "see docs/naming.md §6", "docs/local-stack.md", "a TLS trust anchor")
    assert not any(flagged(line) for line in good)
