"""A table of plain records: what bulk calls (:func:`aind_session.status`, searches) return.

A :class:`Table` is a sequence of ``dict`` records that share their keys (the columns), so it
needs nothing beyond the standard library; ``to_pandas()``, ``to_polars()`` and ``to_arrow()``
import their library only when called, and none of them is a dependency of this package.

>>> from aind_session import Table
>>> table = Table([{'session': 'a', 'n': 1}, {'session': 'b', 'n': None}])
>>> len(table), table.columns
(2, ('session', 'n'))
>>> table[0]
{'session': 'a', 'n': 1}
>>> [r['n'] for r in table]
[1, None]
>>> table
Table(2 rows x 2 columns)
session  n
a        1
b        None
"""
from __future__ import annotations

import importlib
from typing import Any, Iterable, Iterator, Sequence, overload

__all__ = ["Table"]

_REPR_ROWS = 10  # rows a repr shows: enough to see the shape, short enough for a notebook cell
_REPR_WIDTH = 40  # characters of a cell in a repr


def _library(module: str, package: str, method: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise ImportError(f"Table.{method}() needs {package}, which is not installed: pip install {package}") from error


class Table(Sequence[dict]):
    """Records (``dict``) with the same keys, in order; indexing and iteration give the records.

    ``columns`` are the keys, in order (given, else those of the first record). A slice is a
    Table too. Records are the table's own: change a copy (``dict(record)``), not them.
    """

    def __init__(self, records: Iterable[dict], columns: Sequence[str] | None = None) -> None:
        self._records = [dict(r) for r in records]
        if columns is None:
            columns = tuple(self._records[0]) if self._records else ()
        self._columns = tuple(columns)

    @property
    def records(self) -> list[dict]:
        """The records as a list of new dicts (safe to change)."""
        return [dict(r) for r in self._records]

    @property
    def columns(self) -> tuple[str, ...]:
        return self._columns

    def __len__(self) -> int:
        return len(self._records)

    @overload
    def __getitem__(self, index: int) -> dict: ...
    @overload
    def __getitem__(self, index: slice) -> "Table": ...

    def __getitem__(self, index):
        if isinstance(index, slice):
            return Table(self._records[index], self._columns)
        return self._records[index]

    def __iter__(self) -> Iterator[dict]:
        return iter(self._records)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Table):
            return self._columns == other._columns and self._records == other._records
        if isinstance(other, list):
            return self._records == other
        return NotImplemented

    def column(self, name: str) -> list:
        """The values of one column, in row order."""
        if name not in self._columns:
            raise KeyError(f"no column {name!r}; columns: {', '.join(self._columns)}")
        return [r.get(name) for r in self._records]

    # ---- other libraries' tables (imported only when asked) -----------------------------------

    def to_pandas(self):
        """A :class:`pandas.DataFrame` (lists and dicts stay Python objects in their cells)."""
        pandas = _library("pandas", "pandas", "to_pandas")
        return pandas.DataFrame.from_records(self._records, columns=list(self._columns))

    def to_polars(self):
        """A :class:`polars.DataFrame` (lists become list columns, dicts structs)."""
        polars = _library("polars", "polars", "to_polars")
        return polars.DataFrame(self._column_dict(), strict=False)

    def to_arrow(self):
        """A :class:`pyarrow.Table`, with types inferred from the values."""
        pyarrow = _library("pyarrow", "pyarrow", "to_arrow")
        return pyarrow.Table.from_pydict(self._column_dict())

    def _column_dict(self) -> dict[str, list]:
        return {c: [r.get(c) for r in self._records] for c in self._columns}

    # ---- display ------------------------------------------------------------------------------

    def __repr__(self) -> str:
        head = f"{type(self).__name__}({len(self)} rows x {len(self._columns)} columns)"
        if not self._columns:
            return head
        shown = self._records[:_REPR_ROWS]

        def cell(value: Any) -> str:
            text = str(value).replace("\n", " ")
            return text if len(text) <= _REPR_WIDTH else text[:_REPR_WIDTH - 3] + "..."

        grid = [list(self._columns)] + [[cell(r.get(c)) for c in self._columns] for r in shown]
        widths = [max(len(row[i]) for row in grid) for i in range(len(self._columns))]
        lines = ["  ".join(text.ljust(w) for text, w in zip(row, widths)).rstrip() for row in grid]
        if len(self) > len(shown):
            lines.append(f"... {len(self) - len(shown)} more rows")
        return "\n".join([head, *lines])

    def _repr_html_(self) -> str:
        """Notebooks: an HTML table of the first rows."""
        from html import escape

        shown = self._records[:_REPR_ROWS * 5]
        header = "".join(f"<th>{escape(c)}</th>" for c in self._columns)
        body = "".join("<tr>" + "".join(f"<td>{escape(str(r.get(c)))}</td>" for c in self._columns) + "</tr>"
                       for r in shown)
        more = f"<p>... {len(self) - len(shown)} more rows</p>" if len(self) > len(shown) else ""
        return f"<table><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>{more}"
