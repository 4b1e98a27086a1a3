"""Writing files without following links out of a tree, and without half-written files.

:func:`write_atomic` writes through a temporary file in the target's folder and an atomic
``os.replace``: a reader sees the old file or the new one, never a part, and a symbolic link
standing at the target's name is replaced by the new file instead of being written through.
The target's folder must lie inside ``root`` once links are resolved, so a linked subfolder
cannot carry the write elsewhere. ``mtqa fix`` writes its copies and in-place repairs this way.
"""
from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from mtqa.io.walk import make_folders


class OutsideTree(ValueError):
    """A path that leads (through a link) out of the tree it must stay in."""

    def __init__(self, path: Path, root: Path) -> None:
        self.path, self.root = path, root
        super().__init__(f"{path}: leads outside {root} (through a symbolic link); not followed")


def inside(path: Path, root: Path) -> bool:
    """Whether ``path`` is inside ``root`` with every link resolved."""
    return path.resolve().is_relative_to(root.resolve())


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: Path, data: bytes, root: Path) -> None:
    """Write ``data`` to ``path`` (whose folder must resolve inside ``root``; OutsideTree
    otherwise) through a temporary file and ``os.replace``. An existing regular file keeps
    its permission bits; a link at ``path`` is replaced, not followed. Raises OSError."""
    folder = path.parent.resolve()
    if not folder.is_relative_to(root.resolve()):
        raise OutsideTree(path, root)
    make_folders(folder)  # Path.mkdir(parents=True) recurses once per missing level
    target = folder / path.name
    try:
        st = os.lstat(target)
        mode = stat.S_IMODE(st.st_mode) if stat.S_ISREG(st.st_mode) else _new_file_mode()
    except FileNotFoundError:
        mode = _new_file_mode()
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
