"""Reading a file that must be a regular file: a FIFO, socket or device named as input
would block or never end, so it is refused before a single byte is read."""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class NotRegularFile(OSError):
    """The path is a FIFO, socket, device or folder, not a regular file."""


def kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_regular(path: Path) -> bytes:
    """The bytes of ``path``; NotRegularFile when it is not a regular file. Opened without
    blocking, so naming a FIFO cannot hang; a symbolic link loop raises OSError (ELOOP)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            what = kind_of(mode)
            raise NotRegularFile(errno.EINVAL, f"{what}, not a regular file" if what[0:2] == "a " else what, str(path))
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read()
    finally:
        os.close(fd)
