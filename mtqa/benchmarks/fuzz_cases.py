"""Property-based cases for hostile input: random bytes, encodings, table rows, JSON lines,
feeds, TOML and folder shapes, thrown at every reader and at the config loader.

Each ``case_*`` function takes what a hypothesis strategy drew, runs ``mtqa score`` in-process
(twice, cold then warm cache) or the config loader, and returns a :class:`Verdict`:

- ``traceback``: an exception escaped (anything but a clean exit), or "Traceback" was printed;
- ``bad_exit``: an exit code outside the documented set (0, 1, 2);
- ``lost``: readable input paragraphs (or rows) that are neither in the output nor named in an
  error;
- ``unstable``: the warm-cache output differs from the cold one.

``tests/test_fuzz.py`` runs a fixed small number of examples of each (the ``ci`` profile);
``python -m mtqa.benchmarks.fuzz`` runs many more and writes ``reports/fuzz.md``. Embeddings
come from a fake encoder (hash-seeded unit vectors), so inputs with references or sources
exercise the whole pipeline without loading a model.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator
from xml.sax.saxutils import escape

import numpy as np
from hypothesis import strategies as st

EXIT_CODES = {0, 1, 2}  # done; done but some input unreadable; usage or configuration error
WORDS = ["The", "court", "said", "Kyiv", "grain", "1,250", "UAH", "“quoted”", '"straight"', "«Київ»",
         "it's", "—", "e.g.", "Dr.", "5%", "U.S.", "mother-in-law", "…", "(", ")", "і", "ЗСУ", "¶",
         "naïve", "Zoë", "😀", "\u200b", "a\u0301", "x" * 30]
SUFFIXES = [".tsv", ".csv", ".jsonl", ".rss", ".atom", ".xml", ".mt.en.txt"]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1251", "latin-1"]


@dataclass
class Verdict:
    traceback: str = ""
    bad_exit: int | None = None
    lost: list[str] = field(default_factory=list)
    unstable: bool = False

    @property
    def ok(self) -> bool:
        return not (self.traceback or self.bad_exit is not None or self.lost or self.unstable)

    def explain(self) -> str:
        return (f"traceback={self.traceback[-600:]!r} bad_exit={self.bad_exit} lost={self.lost[:5]} "
                f"unstable={self.unstable}")


# ---- strategies ---------------------------------------------------------------------------

def _clean(text: str) -> str:
    """Text a table cell or a paragraph can hold as such (no line or field breaks)."""
    return "".join(" " if c in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029" else c for c in text)


# readable text: any character but surrogates and control characters (a short file with one is
# refused as binary as a whole, by design; random bytes below cover them for the no-traceback
# property); a NUL byte is drawn as a word of its own in rows (it costs its row, named)
unicode_text = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=40)
sentence = st.lists(st.sampled_from(WORDS) | unicode_text, min_size=1, max_size=10).map(" ".join).map(_clean)
row_sentence = st.lists(st.sampled_from([*WORDS, "\x00"]) | unicode_text, min_size=1, max_size=10).map(" ".join).map(_clean)
cell = st.one_of(row_sentence, st.just(""), st.just("   "))
other_value = st.recursive(st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False)
                           | unicode_text, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(unicode_text, inner, max_size=3), max_leaves=6)


@st.composite
def table_rows(draw: Any) -> list[dict[str, Any]]:
    """Rows with an MT cell, sometimes a reference, a document id and a paragraph number."""
    with_ref, with_doc = draw(st.booleans()), draw(st.booleans())
    rows = []
    for i in range(draw(st.integers(1, 6))):
        row: dict[str, Any] = {"mt": draw(cell)}
        if with_ref:
            row["ref"] = draw(cell)
        if with_doc:
            row["doc_id"] = draw(st.sampled_from(["d1", "d2"]))
            row["para"] = str(draw(st.integers(0, 2)))
        row["note"] = _clean(draw(unicode_text))
        rows.append(row)
    return rows


def delimited(rows: list[dict[str, Any]], sep: str) -> str:
    header = list(rows[0])
    if sep == "\t":  # read without quoting, as WMT ships TSV
        return "\n".join(["\t".join(header)] + ["\t".join(str(r[h]) for h in header) for r in rows]) + "\n"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[r[h] for h in header] for r in rows])
    return out.getvalue()


def encode(text: str, encoding: str, crlf: bool) -> bytes | None:
    """The file's bytes, or None when the text cannot be written in that encoding."""
    if crlf:
        text = text.replace("\n", "\r\n")
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return None


@st.composite
def folder_shapes(draw: Any) -> dict[str, str | bytes]:
    """Relative path -> content: articles (MT with optional reference), misnamed files,
    hidden folders, empty files, nested folders, other roles without MT."""
    files: dict[str, str | bytes] = {}
    for i in range(draw(st.integers(0, 4))):
        depth = draw(st.integers(0, 3))
        folder = "/".join(draw(st.sampled_from(["a", "b", ".hidden", "x y", "ü"])) for _ in range(depth))
        stem = draw(st.sampled_from(["news", "court ruling", "n.1", "Київ", f"s{i}"]))
        prefix = f"{folder}/" if folder else ""
        kind = draw(st.sampled_from(["article", "article", "with-ref", "misnamed", "empty", "ref-only", "bytes"]))
        paragraphs = "\n\n".join(draw(st.lists(sentence, min_size=1, max_size=3)))
        if kind in ("article", "with-ref"):
            files[f"{prefix}{stem}.mt.en.txt"] = paragraphs
            if kind == "with-ref":
                files[f"{prefix}{stem}.ref.en.txt"] = "\n\n".join(draw(st.lists(sentence, min_size=1, max_size=3)))
        elif kind == "misnamed":
            files[f"{prefix}{stem}.mt.txt"] = paragraphs
        elif kind == "empty":
            files[f"{prefix}{stem}.mt.en.txt"] = ""
        elif kind == "ref-only":
            files[f"{prefix}{stem}.ref.en.txt"] = paragraphs
        else:
            files[f"{prefix}{stem}.mt.en.txt"] = draw(st.binary(max_size=80))
    return files


@st.composite
def feeds(draw: Any) -> tuple[str, str, dict[str, list[str]] | None]:
    """(suffix, text, expected) of an RSS or Atom feed with random items, sometimes cut short
    or declaring another encoding; ``expected`` maps each item id to its paragraphs (the last
    item of an id wins) when the feed is whole and declared UTF-8, else None."""
    atom = draw(st.booleans())
    items, expected = [], {}
    for i in range(draw(st.integers(0, 4))):
        raw_id = _clean(draw(st.sampled_from(["a1", "a1", "b 2", "Київ", ""]) | unicode_text))
        paras = draw(st.lists(sentence, min_size=0, max_size=3))
        guid = escape(raw_id)
        body = escape("".join(f"<p>{escape(p)}</p>" for p in paras))
        if raw_id.strip():
            expected.pop(raw_id.strip(), None)
            expected[raw_id.strip()] = paras
        if atom:
            items.append(f"<entry><id>{guid}</id><title>t</title><content type=\"html\">{body}</content></entry>")
        else:
            items.append(f"<item><guid>{guid}</guid><description>{body}</description></item>")
    encoding = draw(st.sampled_from(["utf-8", "UTF-8", "iso-8859-1", "x-unknown", ""]))
    decl = f'<?xml version="1.0" encoding="{encoding}"?>\n' if encoding else ""
    if atom:
        text = decl + '<feed xmlns="http://www.w3.org/2005/Atom">' + "".join(items) + "</feed>"
    else:
        text = decl + '<rss version="2.0"><channel>' + "".join(items) + "</channel></rss>"
    whole = True
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(text)))
        whole = cut == len(text)
        text = text[:cut]
    checkable = whole and encoding in ("utf-8", "UTF-8", "")
    return (".atom" if atom else draw(st.sampled_from([".rss", ".xml"]))), text, expected if checkable else None


def _toml_value(draw: Any, depth: int) -> str:
    kinds = ["number", "string", "bool", "special"] + (["array", "table"] if depth < 3 else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "number":
        return repr(draw(st.integers(-10, 10**6) | st.floats(-1e6, 1e6, allow_nan=False)))
    if kind == "string":
        return json.dumps(_clean(draw(unicode_text)), ensure_ascii=False)
    if kind == "bool":
        return draw(st.sampled_from(["true", "false"]))
    if kind == "special":
        return draw(st.sampled_from(["nan", "inf", "-inf", "+nan", "1979-05-27", "0x1f"]))
    if kind == "array":
        return "[" + ", ".join(_toml_value(draw, depth + 1) for _ in range(draw(st.integers(0, 3)))) + "]"
    keys = draw(st.lists(st.sampled_from(KEYS), max_size=3, unique=True))
    return "{" + ", ".join(f'"{k}" = {_toml_value(draw, depth + 1)}' for k in keys) + "}"


KEYS = ["fail-on", "min-article-score", "max-per-1k-words", "quotes", "style", "min-words", "extra",
        "disable", "enable-only", "cache-dir", "unknown", "ü"]
TABLES = ["", "gate", "quotes", "garbled", "idioms", "tool.mtqa", "tool.mtqa.gate", "nope"]


@st.composite
def toml_documents(draw: Any) -> str:
    """A TOML document of known and unknown tables, keys and values of every kind, sometimes
    broken (cut short, or with random text spliced in)."""
    lines = []
    for _ in range(draw(st.integers(0, 4))):
        table = draw(st.sampled_from(TABLES))
        if table:
            lines.append(f"[{table}]")
        for key in draw(st.lists(st.sampled_from(KEYS), max_size=3, unique=True)):
            lines.append(f'"{key}" = {_toml_value(draw, 0)}')
    text = "\n".join(lines) + "\n"
    if draw(st.integers(0, 9)) == 0:  # nested thousands deep: tomllib recurses
        text += "deep = " + "[" * 3000 + "]" * 3000 + "\n"
    if draw(st.integers(0, 4)) == 0:
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(unicode_text) + text[at:]
    return text


# ---- running ------------------------------------------------------------------------------

def _fake_vectors(texts: list[str]):
    vecs = []
    for t in texts:
        seed = int.from_bytes(hashlib.blake2b(t.encode("utf-8", "surrogatepass"), digest_size=4).digest(), "big")
        v = np.random.default_rng(seed).standard_normal(384).astype(np.float32)
        vecs.append(v / np.linalg.norm(v))
    tokens = [np.stack([vecs[i], vecs[i]]).astype(np.float16) for i in range(len(texts))]
    return np.array(vecs, dtype=np.float32).reshape(len(texts), 384), tokens


@contextmanager
def fake_models() -> Iterator[None]:
    """Replace the embedding models by hash-seeded unit vectors for the duration."""
    from mtqa.embed import models

    saved = models.encoder
    models.encoder = lambda name, *args, **kwargs: _fake_vectors
    try:
        yield
    finally:
        models.encoder = saved


def run_score(path: Path, cache: Path, fmt: str) -> tuple[int, str, str]:
    """(exit code, stdout, traceback or '') of ``mtqa score`` in-process."""
    import traceback

    from click.testing import CliRunner

    from mtqa.cli.main import cli

    result = CliRunner().invoke(cli, ["score", "-q", "--format", fmt, "--cache-dir", str(cache), str(path)])
    trace = ""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(result.exception))
    elif "Traceback (most recent call last)" in result.output + result.stderr:
        trace = result.stderr
    return result.exit_code, result.stdout, trace or ""


def score_twice(path: Path, work: Path, fmt: str = "json") -> tuple[Verdict, int, str, str]:
    """Score ``path`` cold then warm (same cache); the verdict on tracebacks, exit code and
    stability, the exit code, the cold output and stderr-free output of the warm run."""
    verdict = Verdict()
    with fake_models():
        code, cold, trace = run_score(path, work / "cache", fmt)
        code2, warm, trace2 = run_score(path, work / "cache", fmt)
    verdict.traceback = trace or trace2
    if code not in EXIT_CODES:
        verdict.bad_exit = code
    verdict.unstable = (code, cold) != (code2, warm)
    return verdict, code, cold, warm


def _squash(text: str) -> str:
    return "".join(text.split())


def mt_texts_of_json(out: str) -> list[str]:
    """Every MT paragraph text in a ``--format json`` report."""
    if not out.strip():
        return []
    doc = json.loads(out)
    return [p["texts"].get("mt", "") for a in doc.get("articles", []) for p in a.get("paragraphs", [])]


def errors_of_json(out: str) -> list[dict[str, Any]]:
    return json.loads(out).get("errors", []) if out.strip() else []


@contextmanager
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="mtqa-fuzz-") as d:
        yield Path(d)


# ---- cases --------------------------------------------------------------------------------

def case_bytes(data: bytes, suffix: str) -> Verdict:
    """Random bytes as a table, feed or article file: no traceback, a documented exit code,
    the same output cold and warm."""
    with workdir() as work:
        path = work / f"in{suffix}"
        if suffix == ".mt.en.txt":
            path = work / "folder" / "in.mt.en.txt"
            path.parent.mkdir()
        path.write_bytes(data)
        target = path.parent if suffix == ".mt.en.txt" else path
        verdict, *_ = score_twice(target, work)
        return verdict


def case_table(rows: list[dict[str, Any]], kind: str, encoding: str, crlf: bool, junk: list[str]) -> Verdict:
    """A table of generated rows (``junk`` lines mixed in for JSONL): every row whose MT cell
    is not blank has its MT text in the output, unless an error names that row's line."""
    text = delimited(rows, "\t" if kind == "tsv" else ",") if kind != "jsonl" else \
        "\n".join([json.dumps(r, ensure_ascii=False) for r in rows] + junk) + "\n"
    data = encode(text, encoding, crlf)
    if data is None:
        return Verdict()  # not writable in that encoding: nothing to test
    with workdir() as work:
        path = work / f"t.{kind}"
        path.write_bytes(data)
        verdict, code, out, _ = score_twice(path, work)
        if verdict.traceback or code == 2:
            return verdict
        joined = _squash(" ".join(mt_texts_of_json(out)))
        errors = errors_of_json(out)
        named = {e.get("line") for e in errors}
        if encoding in ("latin-1", "cp1251") and any(e.get("line") is None for e in errors):
            return verdict  # a legacy encoding that did not decode: refused as a whole, by design
        nul_rows = sum("\x00" in str(r["mt"]) for r in rows) if kind != "jsonl" else 0
        if nul_rows * 2 > len(rows) and any("binary" in e.get("message", "") for e in errors):
            return verdict  # NUL bytes in most lines: a binary file, refused as a whole, by design
        for line, row in enumerate(rows, 2 if kind != "jsonl" else 1):
            want = _squash(str(row["mt"]))
            if want and want not in joined and line not in named and not _legacy_loss(encoding, row):
                verdict.lost.append(f"{kind}:{line}: {row['mt']!r}")
        return verdict


def _legacy_loss(encoding: str, row: dict[str, Any]) -> bool:
    """Latin-1 bytes are not UTF-8 and are read as cp1251 or refused: the text may change."""
    return encoding in ("latin-1", "cp1251") and any(ord(c) > 127 for c in str(row["mt"]))


def case_folder(files: dict[str, str | bytes]) -> Verdict:
    """A folder tree: every paragraph of every readable MT file (not under a hidden folder)
    is in the output, or the file is named in an error."""
    with workdir() as work:
        root = work / "in"
        root.mkdir()
        for rel, content in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        verdict, code, out, _ = score_twice(root, work)
        if verdict.traceback or code == 2:
            return verdict
        joined = _squash(" ".join(mt_texts_of_json(out)))
        named = {e.get("path", "") for e in errors_of_json(out)}
        for rel, content in files.items():
            if not rel.endswith(".mt.en.txt") or isinstance(content, bytes) or "/." in f"/{rel}":
                continue
            if str(root / rel) in named:
                continue
            for para in content.split("\n\n"):
                if _squash(para) and _squash(para) not in joined:
                    verdict.lost.append(f"{rel}: {para!r}")
        return verdict


def case_feed(suffix: str, text: str, expected: dict[str, list[str]] | None, encoding: str) -> Verdict:
    """An RSS/Atom feed: no traceback, documented exit code, stable output; for a whole feed
    written as UTF-8 as it declares, every paragraph of every item with an id is in the output."""
    data = encode(text, encoding, False)
    if data is None:
        return Verdict()
    with workdir() as work:
        path = work / f"feed{suffix}"
        path.write_bytes(data)
        verdict, code, out, _ = score_twice(path, work)
        if verdict.traceback or expected is None or encoding != "utf-8":
            return verdict
        joined = _squash(" ".join(mt_texts_of_json(out)))
        for item_id, paras in expected.items():
            for para in paras:
                if _squash(para) and _squash(para) not in joined:
                    verdict.lost.append(f"item {item_id!r}: {para!r}")
        return verdict


def case_config(text: str, encoding: str) -> Verdict:
    """The config loader on a TOML document: a Config or one ConfigError naming the file,
    never another exception; and ``mtqa score --config`` exits 0 or 2, never with a traceback."""
    import traceback

    from mtqa.config import ConfigError, load_config

    data = encode(text, encoding, False)
    verdict = Verdict()
    if data is None:
        return verdict
    with workdir() as work:
        path = work / "mtqa.toml"
        path.write_bytes(data)
        try:
            load_config(path)
        except ConfigError as exc:
            if str(path) not in str(exc):
                verdict.lost.append(f"error does not name the file: {exc}")
        except Exception as exc:  # noqa: BLE001 - what the property is about
            verdict.traceback = "".join(traceback.format_exception(exc))
            return verdict
        table = work / "t.tsv"
        table.write_text("mt\nThe cat sat.\n", encoding="utf-8")
        from click.testing import CliRunner

        from mtqa.cli.main import cli

        result = CliRunner().invoke(cli, ["score", "-q", "--no-cache", "--config", str(path), str(table)])
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            verdict.traceback = "".join(traceback.format_exception(result.exception))
        elif result.exit_code not in (0, 2):
            verdict.bad_exit = result.exit_code
        return verdict


def junk_lines() -> Any:
    """Lines a JSONL table may hold besides rows: broken JSON, non-objects, deep nesting."""
    return st.lists(st.sampled_from(["", "not json", "[1, 2]", "{\"mt\": 5}", "{\"mt\": [\"x\"]}", "null",
                                     "{\"mt\": \"a\", \"mt\": \"b\"}", "[" * 200 + "]" * 200,
                                     "{\"n\": " + "[" * 3000 + "]" * 3000 + "}", "{\"mt\": \"\\ud800\"}",
                                     "{\"mt\": \"x\", \"n\": " + "9" * 5000 + "}", "{\"mt\": NaN}"]),
                    max_size=3)

