"""Configuration: ``mtqa.toml`` or ``[tool.mtqa]`` in ``pyproject.toml``.

Both hold the same tables, the way ``ruff.toml`` relates to ``[tool.ruff]``. Every key is
declared with its default; an unknown key or a value of the wrong type is an error that names
the key and the file.

Families declare their own table with :func:`declare`, e.g. ``declare("quotes", {"style":
"curly"})``, so a check module owns its options and the validator knows them.
"""
from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

CORE_OPTIONS: dict[str, Any] = {
    "disable": [],  # check codes or names switched off
    "enable-only": [],  # when non-empty, only these codes run
    "cache-dir": "",
}

SCHEMA: dict[str, dict[str, Any]] = {}
VALIDATORS: dict[str, Callable[[Mapping[str, Any]], str | None]] = {}


class ConfigError(ValueError):
    """A configuration problem a user can fix; the message names the file and key."""


def declare(table: str, defaults: Mapping[str, Any],
            validate: Callable[..., str | None] | None = None) -> None:
    """Declare the keys (with defaults) of the config table ``[table]``; ``validate`` gets the
    merged table and the config file's folder as ``base`` (None when there is no file, for
    options that name files relative to it), and returns what is wrong with the values, or None."""
    SCHEMA.setdefault(table, {}).update(defaults)
    if validate is not None:
        VALIDATORS[table] = validate


@dataclass(frozen=True)
class Config:
    core: Mapping[str, Any] = field(default_factory=lambda: dict(CORE_OPTIONS))
    tables: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    path: str | None = None

    def table(self, name: str) -> dict[str, Any]:
        return {**SCHEMA.get(name, {}), **self.tables.get(name, {})}

    def with_table(self, name: str, **values: Any) -> "Config":
        _validate_table(name, values, "command line")
        tables = {k: dict(v) for k, v in self.tables.items()}
        tables.setdefault(name, {}).update(values)
        return Config(core=self.core, tables=tables, path=self.path)

    def with_core(self, **values: Any) -> "Config":
        return Config(core={**self.core, **values}, tables=self.tables, path=self.path)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(self.core)
        for name in sorted(SCHEMA):
            out[name] = self.table(name)
        return out


def number_problem(table: str, options: Mapping[str, Any], counts: tuple[str, ...] = (),
                   fractions: tuple[str, ...] = ()) -> str | None:
    """What is wrong with a table's numeric options, naming the key, or None: each of
    ``counts`` must be a whole number of at least 1, each of ``fractions`` a finite number
    from 0 to 1 (nan and inf are refused)."""
    for key in counts:
        value = options.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            return f"{table}.{key} must be a whole number of at least 1; got {value!r}"
    for key in fractions:
        value = options.get(key)
        if (isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value)
                or not 0 <= value <= 1):
            return f"{table}.{key} must be a number from 0 to 1; got {value!r}"
    return None


# Modules that declare config tables (and, for the checks, the lookup of check codes) when
# imported: named as data, the way entry points name plug-ins, so this bottom layer never
# imports the layers above it (the import-linter contracts in pyproject.toml check that).
PLUGINS = ("mtqa.checks", "mtqa.gate.verdicts", "mtqa.scoring.options")
CODE_LOOKUP: list[Callable[[str], str | None]] = []  # set by mtqa.checks.registry: code -> problem or None


def _load_schema() -> None:
    import importlib

    for name in PLUGINS:
        module = importlib.import_module(name)
        if hasattr(module, "load_all"):
            module.load_all()


def _same_type(default: Any, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, (int, float)) and isinstance(value, (int, float)):
        return True
    if default is None:
        return True
    return isinstance(value, type(default))


def _kind(default: Any) -> str:
    """What a value of the default's type is called in a message."""
    if isinstance(default, bool):
        return "true or false"
    if isinstance(default, (int, float)):
        return "a number"
    return {str: "a string", list: "a list", dict: "a table"}.get(type(default), type(default).__name__)


def _folder(where: str) -> Path | None:
    """The folder of the config file ``where`` names, None when it names no file."""
    path = Path(where)
    return path.resolve().parent if where not in ("config", "command line") and path.is_file() else None


def not_finite(value: Any, key: str) -> tuple[str, float] | None:
    """The dotted key and value of the first NaN or infinity in ``value`` (a number, list or
    table), or None: no threshold means anything as NaN (every comparison with it is false)."""
    todo = [(value, key)]
    while todo:
        item, at = todo.pop()
        if isinstance(item, float) and not math.isfinite(item):
            return at, item
        if isinstance(item, dict):
            todo.extend((v, f"{at}.{k}") for k, v in item.items())
        elif isinstance(item, list):
            todo.extend((v, f"{at}[{i}]") for i, v in enumerate(item))
    return None


def _validate_table(name: str, values: Mapping[str, Any], where: str) -> None:
    known = SCHEMA.get(name, {})
    for key, value in values.items():
        if key not in known:
            raise ConfigError(
                f"{where}: unknown key '{name}.{key}' (known: {', '.join(sorted(known)) or 'none'})"
            )
        if not _same_type(known[key], value):
            raise ConfigError(f"{where}: '{name}.{key}' should be {_kind(known[key])}, got {value!r}")
    validate = VALIDATORS.get(name)
    problem = validate({**known, **values}, base=_folder(where)) if validate else None
    if problem:  # a table's own validator says what range it wants
        raise ConfigError(f"{where}: {problem}")
    for key, value in values.items():  # and no number anywhere may be NaN or infinite
        bad = not_finite(value, f"{name}.{key}")
        if bad:
            raise ConfigError(f"{where}: '{bad[0]}' should be a finite number, got {bad[1]!r}")


def _anchored(table: dict[str, Any], where: str) -> dict[str, Any]:
    """The table with each relative ``extra`` or ``files`` file that is not in the working directory but
    next to the config file made absolute, so the checks find it from any folder."""
    base = _folder(where)
    out_table = dict(table)
    for key in ("extra", "files"):  # [idioms] extra, [terms] files
        names = table.get(key)
        if base is None or not isinstance(names, list):
            continue
        out = []
        for name in names:
            path = Path(str(name)).expanduser()
            if not path.is_absolute() and not (Path.cwd() / path).exists() and (base / path).exists():
                name = str(base / path)
            out.append(name)
        out_table[key] = out
    return out_table


def check_codes(values: Any, where: str) -> None:
    """Every item of ``values`` names a check (code or name), else a ConfigError saying
    ``where`` (config file and key, or the option) and the nearest codes."""
    _load_schema()
    for value in values:
        if not isinstance(value, str):
            raise ConfigError(f"{where}: should be check codes or names (strings), got {value!r}")
        for lookup in CODE_LOOKUP:
            problem = lookup(value)
            if problem:
                raise ConfigError(f"{where}: {problem}")


def from_mapping(data: Mapping[str, Any], where: str = "config") -> Config:
    _load_schema()
    core = dict(CORE_OPTIONS)
    tables: dict[str, dict[str, Any]] = {}
    for key, value in data.items():
        if isinstance(value, dict) and key in SCHEMA:
            _validate_table(key, value, where)
            tables[key] = _anchored(dict(value), where)
        elif key in CORE_OPTIONS:
            if not _same_type(CORE_OPTIONS[key], value):
                raise ConfigError(f"{where}: '{key}' should be {_kind(CORE_OPTIONS[key])}, got {value!r}")
            if key in ("disable", "enable-only"):
                check_codes(value, f"{where}: '{key}'")
            core[key] = value
        else:
            known = sorted([*CORE_OPTIONS, *SCHEMA])
            raise ConfigError(f"{where}: unknown key '{key}' (known: {', '.join(known)})")
    return Config(core=core, tables=tables, path=where if where != "config" else None)


def find_config(start: Path) -> Path | None:
    """The nearest ``mtqa.toml``, or ``pyproject.toml`` with ``[tool.mtqa]``, at or above start."""
    here = start if start.is_dir() else start.parent
    for folder in [here.resolve(), *here.resolve().parents]:
        candidate = folder / "mtqa.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError, RecursionError, OSError):
                continue
            if "mtqa" in data.get("tool", {}):
                return pyproject
    return None


def load_config(path: str | Path | None = None, *, near: str | Path | None = None) -> Config:
    """Load configuration from ``path``, or search upwards from ``near``; defaults otherwise."""
    _load_schema()
    if path is None and near is not None:
        path = find_config(Path(near))
    if path is None:
        return Config()
    path = Path(path)
    if path.is_dir():
        raise ConfigError(f"{path}: is a folder; --config names a file (mtqa.toml or pyproject.toml)")
    if path.exists() and not path.is_file():  # a FIFO would block for ever
        raise ConfigError(f"{path}: not a regular file; --config names a file (mtqa.toml or pyproject.toml)")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{path}: not valid TOML: arrays or tables nested too deep") from None
    except UnicodeDecodeError as exc:
        raw = path.read_bytes()
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ConfigError(f"{path}:{line}: config file is not UTF-8 (byte 0x{raw[exc.start]:02x}); "
                          "re-save it as UTF-8") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc.strerror or exc})") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("mtqa", {})
    return from_mapping(data, str(path))
