"""Doctest examples as data: extracted in one environment, run in another.

Standard library only: this file runs under the original aind-session's interpreter (to
extract its examples, or to run them against it) and under ours (to run them against this
package). ``conformance.py`` drives it::

    python doctests.py extract OUT.json            # the installed aind-session's examples
    python doctests.py run IN.json OUT.json        # run them against the installed aind-session

Extraction reads the docstrings of every module of the installed ``aind_session`` package
(as pytest's ``--doctest-modules`` does) and the examples of its package description (the
long description in its distribution metadata). Running rebuilds each docstring's test with
a fresh copy of the same-named module's globals (an empty namespace for the description) and
records every example's outcome.
"""
from __future__ import annotations

import doctest
import importlib
import importlib.metadata
import json
import pkgutil
import sys
import traceback
import types

#: The original's doctest flags (its pyproject's pytest configuration).
OPTIONFLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS | doctest.IGNORE_EXCEPTION_DETAIL
DESCRIPTION = "(package description)"
_OPTION_NAMES = {flag: name for name, flag in doctest.OPTIONFLAGS_BY_NAME.items()}


def _example_data(example: doctest.Example) -> dict:
    return {"source": example.source, "want": example.want, "exc_msg": example.exc_msg,
            "lineno": example.lineno, "indent": example.indent,
            "options": {_OPTION_NAMES[flag]: on for flag, on in example.options.items()}}


def _test_data(module: str, test: doctest.DocTest, imports: list[str]) -> dict:
    return {"module": module, "name": test.name, "lineno": test.lineno or 0, "imports": imports,
            "examples": [_example_data(e) for e in test.examples]}


def _imported_modules(module) -> list[str]:
    """(name in the module, module name) of the modules a module's examples can use unqualified
    because the module imported them (`aind_session`, `codeocean`, ...)."""
    return sorted({f"{name}={value.__name__}" for name, value in vars(module).items()
                   if isinstance(value, types.ModuleType) and not name.startswith("_")})


def extract(package: str = "aind_session") -> list[dict]:
    """Every docstring test of the installed package's modules, then the description's."""
    root = importlib.import_module(package)
    names = [package] + sorted(m.name for m in pkgutil.walk_packages(root.__path__, package + "."))
    finder = doctest.DocTestFinder(exclude_empty=True)
    tests = []
    for name in names:
        module = importlib.import_module(name)
        found = finder.find(module, name)  # sorted by name, the order pytest runs them in
        imports = _imported_modules(module)
        tests += [_test_data(name, t, imports) for t in found if t.examples]
    description = importlib.metadata.metadata(package.replace("_", "-")).get_payload() or ""
    parsed = doctest.DocTestParser().get_doctest(description, {}, DESCRIPTION, None, 0)
    if parsed.examples:
        tests.append(_test_data(DESCRIPTION, parsed, []))
    return tests


def _rebuild(data: dict, globs: dict) -> doctest.DocTest:
    examples = [doctest.Example(e["source"], e["want"], e["exc_msg"], e["lineno"], e["indent"],
                                {doctest.OPTIONFLAGS_BY_NAME[k]: v for k, v in e["options"].items()})
                for e in data["examples"]]
    return doctest.DocTest(examples, globs, data["name"], None, data["lineno"], None)


class _Recorder(doctest.DocTestRunner):
    """Keeps each example's outcome instead of printing a report."""

    def __init__(self) -> None:
        super().__init__(verbose=False, optionflags=OPTIONFLAGS)
        self.outcomes: dict[int, dict] = {}

    def report_start(self, out, test, example):
        pass

    def report_success(self, out, test, example, got):
        self.outcomes[id(example)] = {"outcome": "passed"}

    def report_failure(self, out, test, example, got):
        self.outcomes[id(example)] = {"outcome": "failed", "got": got}

    def report_unexpected_exception(self, out, test, example, exc_info):
        text = "".join(traceback.format_exception_only(*exc_info[:2])).strip()
        self.outcomes[id(example)] = {"outcome": "failed", "got": text}


def _module_globals(data: dict) -> tuple[dict, str | None]:
    """A copy of the module's globals, plus the modules the original's module had imported
    (an example may use `aind_session.` or `codeocean.` unqualified, as a user who imported
    them would): which modules a module imports is not part of its interface."""
    if data["module"] == DESCRIPTION:
        return {"__name__": "__main__"}, None
    try:
        globs = dict(importlib.import_module(data["module"]).__dict__)
    except Exception as error:  # the module does not exist on this side: every example fails
        return {"__name__": data["module"]}, f"{type(error).__name__}: {error}"
    for entry in data.get("imports", []):
        name, module = entry.split("=", 1)
        if name not in globs:
            try:
                globs[name] = importlib.import_module(module)
            except Exception:  # a dependency of the original's that this side does not have
                pass
    return globs, None


def run(tests: list[dict]) -> list[dict]:
    """Each example's outcome: passed, failed (with what came instead) or skipped."""
    results = []
    for data in tests:
        globs, import_error = _module_globals(data)
        test = _rebuild(data, globs)
        runner = _Recorder()
        if import_error is None:
            runner.run(test, clear_globs=True)
        for index, example in enumerate(test.examples):
            if example.options.get(doctest.SKIP):
                outcome = {"outcome": "skipped"}
            elif import_error is not None:
                outcome = {"outcome": "failed", "got": f"module {data['module']} cannot be imported: {import_error}"}
            else:
                outcome = runner.outcomes.get(id(example), {"outcome": "failed", "got": "not run (an earlier example "
                                                                                        "stopped the test)"})
            results.append({"module": data["module"], "test": data["name"], "index": index, **outcome})
    return results


def main(argv: list[str]) -> int:
    if argv[:1] == ["extract"] and len(argv) == 2:
        with open(argv[1], "w") as out:
            json.dump(extract(), out)
        return 0
    if argv[:1] == ["run"] and len(argv) == 3:
        with open(argv[1]) as inp:
            tests = json.load(inp)
        with open(argv[2], "w") as out:
            json.dump(run(tests), out)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
