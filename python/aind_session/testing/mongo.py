"""The subset of MongoDB query semantics the DocDB emulator needs (docs/protocols.md §4.3).

Filters: implicit equality, ``$eq $ne $in $nin $gt $gte $lt $lte $exists $regex``
(with ``$options``), ``$not``, ``$elemMatch``, ``$and $or $nor``. Dotted paths go
through nested documents *and* arrays; an equality against an array matches the array
itself or any element (so ``external_links.Code Ocean`` matches both the dict-of-lists
and the list-of-dicts shapes). Projection (inclusion or exclusion, through arrays,
``_id`` kept unless 0) preserves stored key order. Sort uses BSON type order.
Aggregation: ``$match $project $addFields $sort $skip $limit $count $group $unwind``.
"""
from __future__ import annotations

import copy
import functools
import re
from typing import Any, Iterable, Iterator

MISSING = object()


class QueryError(ValueError):
    """An unsupported or malformed query; the server answers 400."""


# Path resolution ---------------------------------------------------------------------


def resolve(value: Any, parts: list[str]) -> Iterator[Any]:
    """Every value reachable at ``parts`` from ``value``, descending through arrays."""
    if not parts:
        yield value
        return
    head, rest = parts[0], parts[1:]
    if isinstance(value, dict):
        if head in value:
            yield from resolve(value[head], rest)
    elif isinstance(value, list):
        if head.isdigit() and int(head) < len(value):
            yield from resolve(value[int(head)], rest)
        for el in value:
            if isinstance(el, (dict, list)):
                yield from resolve(el, parts)


def _candidates(doc: dict, path: str) -> list[Any]:
    """Resolved values plus the elements of resolved arrays (Mongo's implicit $elemMatch)."""
    out = []
    for v in resolve(doc, path.split(".")):
        out.append(v)
        if isinstance(v, list):
            out.extend(v)
    return out


# Comparison ----------------------------------------------------------------------------


def _type_rank(v: Any) -> int:
    if v is None or v is MISSING:
        return 1
    if isinstance(v, bool):
        return 8
    if isinstance(v, (int, float)):
        return 2
    if isinstance(v, str):
        return 3
    if isinstance(v, dict):
        return 4
    if isinstance(v, list):
        return 5
    return 9


def compare(a: Any, b: Any) -> int:
    ra, rb = _type_rank(a), _type_rank(b)
    if ra != rb:
        return -1 if ra < rb else 1
    if ra == 1:
        return 0
    if ra == 4:
        a, b = list(a.items()), list(b.items())
    if ra in (4, 5):
        for x, y in zip(a, b):
            c = compare(x, y)
            if c:
                return c
        return (len(a) > len(b)) - (len(a) < len(b))
    return (a > b) - (a < b)


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, bool) != isinstance(b, bool):
        return False
    return a == b


def _comparable(a: Any, b: Any) -> bool:
    return _type_rank(a) == _type_rank(b) and _type_rank(a) != 1


# Filters -----------------------------------------------------------------------------


def matches(doc: dict, flt: dict) -> bool:
    """True when ``doc`` satisfies the Mongo filter ``flt``."""
    if not isinstance(flt, dict):
        raise QueryError("a filter must be a JSON object")
    for key, cond in flt.items():
        if key == "$and":
            if not all(matches(doc, f) for f in _list_of_filters(key, cond)):
                return False
        elif key == "$or":
            if not any(matches(doc, f) for f in _list_of_filters(key, cond)):
                return False
        elif key == "$nor":
            if any(matches(doc, f) for f in _list_of_filters(key, cond)):
                return False
        elif key.startswith("$"):
            raise QueryError(f"unsupported top-level operator {key}")
        elif not _field_matches(doc, key, cond):
            return False
    return True


def _list_of_filters(op: str, cond) -> list:
    if not isinstance(cond, list) or not cond:
        raise QueryError(f"{op} needs a non-empty array")
    return cond


def _is_operator_doc(cond) -> bool:
    return isinstance(cond, dict) and bool(cond) and all(k.startswith("$") for k in cond)


def _field_matches(doc: dict, path: str, cond) -> bool:
    values = _candidates(doc, path)
    if _is_operator_doc(cond):
        return _operators_match(values, cond, exists=bool(values))
    return _eq_match(values, cond)


def _eq_match(values: list, target) -> bool:
    if target is None and not values:
        return True  # {field: null} also matches a missing field
    return any(_equal(v, target) for v in values)


def _regex(cond: dict, pattern) -> re.Pattern:
    flags = 0
    for ch in cond.get("$options", "") or "":
        flags |= {"i": re.I, "m": re.M, "s": re.S, "x": re.X}.get(ch, 0)
    if not isinstance(pattern, str):
        raise QueryError("$regex needs a string")
    try:
        return _compile(pattern, flags)
    except re.error as exc:
        raise QueryError(f"invalid $regex {pattern!r}: {exc}") from exc


@functools.lru_cache(maxsize=512)
def _compile(pattern: str, flags: int) -> re.Pattern:
    return re.compile(pattern, flags)


def _operators_match(values: list, cond: dict, exists: bool) -> bool:
    for op, arg in cond.items():
        if op == "$eq":
            ok = _eq_match(values, arg)
        elif op == "$ne":
            ok = not _eq_match(values, arg)
        elif op == "$in":
            if not isinstance(arg, list):
                raise QueryError("$in needs an array")
            ok = any(_eq_match(values, a) for a in arg)
        elif op == "$nin":
            if not isinstance(arg, list):
                raise QueryError("$nin needs an array")
            ok = not any(_eq_match(values, a) for a in arg)
        elif op in ("$gt", "$gte", "$lt", "$lte"):
            test = {"$gt": lambda c: c > 0, "$gte": lambda c: c >= 0,
                    "$lt": lambda c: c < 0, "$lte": lambda c: c <= 0}[op]
            ok = any(_comparable(v, arg) and test(compare(v, arg)) for v in values)
        elif op == "$exists":
            ok = exists == bool(arg)
        elif op == "$regex":
            rx = _regex(cond, arg)
            ok = any(isinstance(v, str) and rx.search(v) for v in values)
        elif op == "$options":
            continue
        elif op == "$not":
            if isinstance(arg, dict):
                ok = not _operators_match(values, arg, exists)
            else:
                raise QueryError("$not needs an operator object")
        elif op == "$elemMatch":
            if not isinstance(arg, dict):
                raise QueryError("$elemMatch needs an object")
            arrays = [v for v in values if isinstance(v, list)]
            if _is_operator_doc(arg):
                ok = any(_operators_match([el], arg, True) for a in arrays for el in a)
            else:
                ok = any(isinstance(el, dict) and matches(el, arg) for a in arrays for el in a)
        elif op == "$size":
            ok = any(isinstance(v, list) and len(v) == arg for v in values)
        else:
            raise QueryError(f"unsupported operator {op}")
        if not ok:
            return False
    return True


# Projection --------------------------------------------------------------------------


def _tree(paths: Iterable[str]) -> dict:
    tree: dict = {}
    for p in paths:
        node = tree
        parts = p.split(".")
        for part in parts[:-1]:
            nxt = node.get(part)
            if nxt is True:
                break  # a parent is already whole
            node = node.setdefault(part, {})
        else:
            node[parts[-1]] = True
    return tree


def _include(value, tree: dict):
    if isinstance(value, list):
        return [_include(el, tree) for el in value if isinstance(el, (dict, list))]
    out = {}
    for k, v in value.items():
        sub = tree.get(k)
        if sub is True:
            out[k] = v
        elif sub is not None and isinstance(v, (dict, list)):
            out[k] = _include(v, sub)
    return out


def _exclude(value, tree: dict):
    if isinstance(value, list):
        return [_exclude(el, tree) if isinstance(el, (dict, list)) else el for el in value]
    out = {}
    for k, v in value.items():
        sub = tree.get(k)
        if sub is True:
            continue
        out[k] = _exclude(v, sub) if sub is not None and isinstance(v, (dict, list)) else v
    return out


def project(doc: dict, projection: dict | None) -> dict:
    """Apply a find-style projection; computed ``"$path"`` values are allowed (aggregation)."""
    if not projection:
        return doc
    if not isinstance(projection, dict):
        raise QueryError("projection must be a JSON object")
    computed = {k: v for k, v in projection.items() if isinstance(v, (str, dict))}
    for k, v in computed.items():
        if isinstance(v, dict) or not v.startswith("$"):
            raise QueryError(f"unsupported projection value for {k!r}")
    plain = {k: v for k, v in projection.items() if k not in computed}
    include = [k for k, v in plain.items() if v and k != "_id"] + list(computed)
    exclude = [k for k, v in plain.items() if not v and k != "_id"]
    if include and exclude:
        raise QueryError("cannot mix inclusion and exclusion in a projection")
    keep_id = bool(plain.get("_id", 1))
    if include:
        out = _include(doc, _tree([k for k in include if k not in computed] + (["_id"] if keep_id else [])))
        for k, v in computed.items():
            out[k] = expression(doc, v)
        if keep_id and "_id" in doc and "_id" not in out:
            out = {"_id": doc["_id"], **out}
        return out
    out = _exclude(doc, _tree(exclude + ([] if keep_id else ["_id"])))
    return out


# Sorting -----------------------------------------------------------------------------


def _sort_value(doc: dict, path: str):
    vals = list(resolve(doc, path.split(".")))
    if not vals:
        return None
    return vals[0]


def sort(docs: list[dict], spec: dict | None) -> list[dict]:
    """Stable multi-key sort (``{field: 1|-1}``) in BSON type order."""
    if not spec:
        return docs
    if not isinstance(spec, dict):
        raise QueryError("sort must be a JSON object")
    out = list(docs)
    for path, direction in reversed(list(spec.items())):
        if direction not in (1, -1):
            raise QueryError(f"sort direction for {path!r} must be 1 or -1")
        key = functools.cmp_to_key(compare)
        out.sort(key=lambda d, p=path: key(_sort_value(d, p)), reverse=direction == -1)
    return out


# Aggregation -------------------------------------------------------------------------


def expression(doc: dict, expr):
    """Evaluate ``"$path"``, ``{...}`` of expressions, or a literal."""
    if isinstance(expr, str) and expr.startswith("$"):
        return _path_value(doc, expr[1:].split("."))
    if isinstance(expr, dict):
        if len(expr) == 1 and next(iter(expr)).startswith("$"):
            op, arg = next(iter(expr.items()))
            if op == "$literal":
                return arg
            raise QueryError(f"unsupported expression operator {op}")
        return {k: expression(doc, v) for k, v in expr.items()}
    return expr


def _path_value(value, parts):
    """Aggregation path semantics: arrays of documents map to arrays of values."""
    for i, part in enumerate(parts):
        if isinstance(value, dict):
            if part not in value:
                return None
            value = value[part]
        elif isinstance(value, list):
            vals = [_path_value(el, parts[i:]) for el in value if isinstance(el, dict)]
            return [v for v in vals if v is not None]
        else:
            return None
    return value


def _group(docs: list[dict], spec: dict) -> list[dict]:
    if "_id" not in spec:
        raise QueryError("$group needs an _id")
    groups: dict = {}
    order: list = []
    accs = {k: v for k, v in spec.items() if k != "_id"}
    for name, acc in accs.items():
        if not (isinstance(acc, dict) and len(acc) == 1):
            raise QueryError(f"$group field {name!r} must be a single accumulator")
        op = next(iter(acc))
        if op not in ("$sum", "$addToSet", "$push", "$first", "$last", "$max", "$min", "$avg"):
            raise QueryError(f"unsupported accumulator {op}")
    for doc in docs:
        gid = expression(doc, spec["_id"])
        key = repr(gid)
        if key not in groups:
            groups[key] = {"_id": gid, **{n: [] for n in accs}}
            order.append(key)
        g = groups[key]
        for name, acc in accs.items():
            op, arg = next(iter(acc.items()))
            g[name].append(expression(doc, arg))
    out = []
    for key in order:
        g = groups[key]
        row = {"_id": g["_id"]}
        for name, acc in accs.items():
            op = next(iter(acc))
            vals = g[name]
            nums = [v for v in vals if isinstance(v, (int, float)) and not isinstance(v, bool)]
            if op == "$sum":
                row[name] = sum(nums)
            elif op == "$avg":
                row[name] = sum(nums) / len(nums) if nums else None
            elif op == "$push":
                row[name] = vals
            elif op == "$addToSet":
                uniq = []
                for v in vals:
                    if not any(_equal(v, u) for u in uniq):
                        uniq.append(v)
                row[name] = uniq
            elif op == "$first":
                row[name] = vals[0] if vals else None
            elif op == "$last":
                row[name] = vals[-1] if vals else None
            else:
                present = [v for v in vals if v is not None]
                if not present:
                    row[name] = None
                else:
                    key_fn = functools.cmp_to_key(compare)
                    row[name] = (max if op == "$max" else min)(present, key=key_fn)
        out.append(row)
    return out


def _unwind(docs: list[dict], spec) -> list[dict]:
    preserve = False
    if isinstance(spec, dict):
        preserve = bool(spec.get("preserveNullAndEmptyArrays"))
        spec = spec.get("path")
    if not (isinstance(spec, str) and spec.startswith("$")):
        raise QueryError("$unwind needs a '$path'")
    parts = spec[1:].split(".")
    out = []
    for doc in docs:
        value = _path_value(doc, parts)
        if isinstance(value, list) and value:
            for el in value:
                out.append(_set_path(doc, parts, el))
        elif isinstance(value, list) or value is None:
            if preserve:
                out.append(doc)
        else:
            out.append(doc)
    return out


def _set_path(doc: dict, parts: list[str], value) -> dict:
    new = dict(doc)
    node = new
    for part in parts[:-1]:
        child = node.get(part)
        child = dict(child) if isinstance(child, dict) else {}
        node[part] = child
        node = child
    node[parts[-1]] = value
    return new


def aggregate(docs: list[dict], pipeline: list) -> list[dict]:
    """Run an aggregation pipeline over ``docs`` (not modified)."""
    if not isinstance(pipeline, list):
        raise QueryError("a pipeline must be a JSON array")
    cur = list(docs)
    for stage in pipeline:
        if not (isinstance(stage, dict) and len(stage) == 1):
            raise QueryError("each pipeline stage must be an object with one key")
        op, arg = next(iter(stage.items()))
        if op == "$match":
            cur = [d for d in cur if matches(d, arg)]
        elif op == "$project":
            cur = [project(d, arg) for d in cur]
        elif op == "$addFields" or op == "$set":
            cur = [{**d, **{k: expression(d, v) for k, v in arg.items()}} for d in cur]
        elif op == "$sort":
            cur = sort(cur, arg)
        elif op == "$skip":
            cur = cur[int(arg):]
        elif op == "$limit":
            cur = cur[: int(arg)]
        elif op == "$count":
            if not isinstance(arg, str) or not arg:
                raise QueryError("$count needs a field name")
            cur = [{arg: len(cur)}] if cur else []
        elif op == "$group":
            cur = _group(cur, arg)
        elif op == "$unwind":
            cur = _unwind(cur, arg)
        else:
            raise QueryError(f"unsupported pipeline stage {op}")
    return copy.deepcopy(cur) if cur is docs else cur
