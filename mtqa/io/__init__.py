"""Readers: a folder of article files, a table of segments, or a pandas DataFrame."""
from __future__ import annotations

from dataclasses import dataclass, field

from mtqa.model import Article, InputError


class ReadError(ValueError):
    """An input that cannot be read as a whole; ``line`` is where, when one line is to blame."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path, self.reason, self.line = str(path), reason, line
        super().__init__(f"{path}:{line}: {reason}" if line else f"{path}: {reason}")

    def input_error(self) -> InputError:
        """The error as reported beside the results (``path:line: reason``)."""
        return InputError(self.path, self.line, self.reason)


@dataclass
class Batch:
    """What the readers produce: articles to score and the input errors met on the way."""

    articles: list[Article] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    kind: str = "folder"
    columns: list[str] = field(default_factory=list)  # table input: every input column, in order
    rows: int = 0  # table input: data rows read (including malformed ones)
    # what the user should know about how the input was read, which is not an error
    # (a paragraph column that cannot be right and was ignored): reported, exit code unchanged
    notes: list[InputError] = field(default_factory=list)
