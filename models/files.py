"""Reading a whole user-supplied file, capped: the one place that knows how to do it cheaply."""

from __future__ import annotations

from pathlib import Path


class FileTooLarge(Exception):
    """The file is larger than the caller accepts; ``size`` is its size in bytes."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def read_at_most(path: Path, limit: int) -> bytes:
    """The file's bytes; FileTooLarge when it is over ``limit``. OSError passes through.

    ``read(n)`` allocates n bytes up front, so this asks for the file's own size, not the limit; a
    file that grows after ``stat`` is read on, still capped at ``limit + 1`` for the caller to refuse.
    """
    size = path.stat().st_size
    if size > limit:
        raise FileTooLarge(size)
    with path.open("rb") as handle:
        data = handle.read(size + 1)
        if len(data) > size:
            data += handle.read(limit + 1 - len(data))
    return data
