"""Frozen dataclasses (mtqa.model) to bytes and back, as data only: msgpack, versioned, and
checked against the dataclasses' type hints on the way in.

A cache file can be written by someone else (a shared CI cache, a pull-request job), so
reading it must never run code: no pickle. :func:`loads` rebuilds only the dataclasses,
enums and plain values the hints name, and raises :class:`CodecError` for anything else
(a wrong version, a missing or extra field, a value of the wrong type, a truncated blob).
:func:`dumps` raises :class:`CodecError` for a value it cannot store exactly (a tuple where
the hint says ``Any``, an integer over 64 bits, a lone surrogate); the caller then simply does
not cache that item.
"""
from __future__ import annotations

import dataclasses
import types
from collections.abc import Mapping
from enum import Enum
from functools import lru_cache
from typing import Any, Union, get_args, get_origin, get_type_hints

FORMAT = "mtqa-data"
VERSION = 1


class CodecError(ValueError):
    """A blob that is not a valid encoding of the expected type, or a value that cannot be encoded."""


def dumps(value: Any, cls: type) -> bytes:
    """``value`` (an instance of the dataclass ``cls``) as versioned msgpack bytes."""
    import msgpack

    try:
        body = _encode(cls, value, cls.__name__)
        return msgpack.packb([FORMAT, VERSION, cls.__name__, body], use_bin_type=True)
    except CodecError:
        raise
    except (TypeError, ValueError, OverflowError, RecursionError) as exc:  # big ints, surrogates
        raise CodecError(f"{cls.__name__}: cannot encode ({exc})") from None


def loads(blob: bytes, cls: type) -> Any:
    """The ``cls`` instance ``blob`` encodes; CodecError when it does not validate."""
    import msgpack

    if not isinstance(blob, (bytes, bytearray, memoryview)):
        raise CodecError(f"not bytes but {type(blob).__name__}")
    try:
        head = msgpack.unpackb(bytes(blob), raw=False, strict_map_key=True, use_list=True,
                               max_ext_len=0)
    except Exception as exc:  # noqa: BLE001 - any parse failure of untrusted bytes is the same answer
        raise CodecError(f"not msgpack data ({type(exc).__name__})") from None
    if not (isinstance(head, list) and len(head) == 4 and head[0] == FORMAT):
        raise CodecError("not an mtqa data blob")
    if head[1] != VERSION or head[2] != cls.__name__:
        raise CodecError(f"blob holds {head[2]!r} version {head[1]!r}, expected {cls.__name__!r} version {VERSION}")
    try:
        return _decode(cls, head[3], cls.__name__)
    except RecursionError:
        raise CodecError("nested too deep") from None


@lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _is_union(tp: Any) -> bool:
    return get_origin(tp) in (Union, types.UnionType)


def _encode(tp: Any, v: Any, where: str) -> Any:
    kind, data = _shape(tp)
    if kind == "any":
        return _plain(v, where)
    if kind == "union":
        optional, members = data
        if v is None and optional:
            return None
        for arg in members:
            if _fits(arg, v):
                return _encode(arg, v, where)
        raise CodecError(f"{where}: {type(v).__name__} does not fit {tp}")
    if kind == "dataclass":
        if type(v) is not tp:
            raise CodecError(f"{where}: expected {tp.__name__}, got {type(v).__name__}")
        names, _, hints = data
        return {n: _encode(h, getattr(v, n), where + "." + n) for n, h in zip(names, hints)}
    if kind == "enum":
        if not isinstance(v, tp):
            raise CodecError(f"{where}: expected {tp.__name__}")
        return v.value
    if kind == "tuple":
        if not isinstance(v, tuple):
            raise CodecError(f"{where}: expected a tuple, got {type(v).__name__}")
        items = _item_types(data, len(v), where)
        return [_encode(t, x, where) for t, x in zip(items, v)]
    if kind == "map":
        if not isinstance(v, Mapping):
            raise CodecError(f"{where}: expected a mapping, got {type(v).__name__}")
        key_t, val_t = data
        return {_encode(key_t, k, where): _encode(val_t, x, where) for k, x in v.items()}
    return _scalar(tp, v, where)


@lru_cache(maxsize=None)
def _shape(tp: Any) -> tuple[str, Any]:
    """What kind of type ``tp`` is, worked out once per type (reading thousands of cached
    results asks the same questions of the same few types)."""
    if tp is Any:
        return "any", None
    if _is_union(tp):
        args = get_args(tp)
        return "union", (type(None) in args, tuple(a for a in args if a is not type(None)))
    if dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        names = tuple(f.name for f in dataclasses.fields(tp))
        return "dataclass", (names, frozenset(names), tuple(hints[n] for n in names))
    if isinstance(tp, type) and issubclass(tp, Enum):
        return "enum", None
    origin, args = get_origin(tp), get_args(tp)
    if origin is tuple:
        return "tuple", args
    if origin in (Mapping, dict):
        return "map", args
    return "scalar", None


def _decode(tp: Any, v: Any, where: str) -> Any:
    kind, data = _shape(tp)
    if kind == "any":
        return _plain(v, where)
    if kind == "union":
        optional, members = data
        if v is None and optional:
            return None
        errors = []
        for arg in members:
            try:
                return _decode(arg, v, where)
            except CodecError as exc:
                errors.append(str(exc))
        raise CodecError(errors[0] if errors else f"{where}: None is not allowed")
    if kind == "dataclass":
        names, name_set, hints = data
        if not isinstance(v, dict) or v.keys() != name_set:
            raise CodecError(f"{where}: expected the fields of {tp.__name__}")
        return tp(**{n: _decode(h, v[n], where + "." + n) for n, h in zip(names, hints)})
    if kind == "enum":
        try:
            return tp(v)
        except (ValueError, TypeError):
            raise CodecError(f"{where}: {v!r} is not a {tp.__name__}") from None
    if kind == "tuple":
        if not isinstance(v, list):
            raise CodecError(f"{where}: expected a list")
        items = _item_types(data, len(v), where)
        return tuple(_decode(t, x, where) for t, x in zip(items, v))
    if kind == "map":
        if not isinstance(v, dict):
            raise CodecError(f"{where}: expected a map")
        key_t, val_t = data
        return {_decode(key_t, k, where): _decode(val_t, x, where) for k, x in v.items()}
    return _scalar(tp, v, where)


def _item_types(args: tuple[Any, ...], n: int, where: str) -> tuple[Any, ...]:
    if len(args) == 2 and args[1] is Ellipsis:
        return (args[0],) * n
    if len(args) != n:
        raise CodecError(f"{where}: expected {len(args)} items, got {n}")
    return args


def _fits(tp: Any, v: Any) -> bool:
    """Whether ``v`` is of the (non-None) union member ``tp``, to encode it as that."""
    origin = get_origin(tp) or tp
    if origin in (Mapping, dict):
        return isinstance(v, Mapping)
    if tp is float:
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    return isinstance(v, origin) if isinstance(origin, type) else True


def _scalar(tp: Any, v: Any, where: str) -> Any:
    if tp is bool:
        ok = isinstance(v, bool)
    elif tp is int:
        ok = isinstance(v, int) and not isinstance(v, bool)
    elif tp is float:  # an int stays an int, so a cached result equals a fresh one exactly
        ok = isinstance(v, (int, float)) and not isinstance(v, bool)
    elif tp is str:
        ok = isinstance(v, str)
    else:
        raise CodecError(f"{where}: type {tp!r} is not supported")
    if not ok:
        raise CodecError(f"{where}: expected {tp.__name__}, got {type(v).__name__}")
    return v


def _plain(v: Any, where: str) -> Any:
    """A value under an ``Any`` hint (a table's other columns): JSON-like values only, so that
    what is read back is exactly what was stored (a tuple would come back a list: refused)."""
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if type(v) is list:
        return [_plain(x, f"{where}[{i}]") for i, x in enumerate(v)]
    if type(v) is dict and all(isinstance(k, str) for k in v):
        return {k: _plain(x, f"{where}[{k!r}]") for k, x in v.items()}
    raise CodecError(f"{where}: {type(v).__name__} is not plain data")
