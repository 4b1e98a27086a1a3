"""Every file under a folder, found without recursion (a tree thousands of folders deep
cannot exhaust Python's stack) and without following links to folders (so a link loop, or a
link to ``..``, is never walked round). Links to files are listed; what they lead to is
the reader's to check."""
from __future__ import annotations

import os
from pathlib import Path

from mtqa.model import InputError


def walk_files(root: Path, errors: list[InputError]) -> list[Path]:
    """Regular files (or links to files) under ``root``, sorted; a folder that cannot be
    listed (no permission) is added to ``errors``, naming it, never skipped silently."""
    files: list[Path] = []
    todo = [str(root)]
    while todo:
        folder = todo.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            todo.append(entry.path)
                        elif entry.is_file():  # follows a link to a file; a dangling or looping link is not one
                            files.append(Path(entry.path))
                    except OSError:
                        continue
        except OSError as exc:
            errors.append(InputError(folder, None,
                                     f"folder cannot be read ({exc.strerror or exc}); its articles are not checked"))
    return sorted(files)


def make_folders(folder: Path) -> None:
    """``mkdir -p`` without recursion (``Path.mkdir(parents=True)`` recurses once per level)."""
    missing = []
    here = folder
    while not here.is_dir():
        missing.append(here)
        if here.parent == here:
            break
        here = here.parent
    for path in reversed(missing):
        try:
            os.mkdir(path)
        except FileExistsError:
            if not path.is_dir():
                raise
