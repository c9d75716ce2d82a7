"""Keep GUI children alive despite PySide6 6.12's stolen ``None`` references on Python < 3.12.

With PySide6 6.12.0 on CPython 3.11, every call of a Qt method that returns ``void`` (``setText``,
``setVisible``, ``setObjectName`` …) decrements ``None``'s reference count without having taken a
reference. ``None`` starts with a few thousand references, so after a few thousand such calls CPython
aborts with "Fatal Python error: none_dealloc". Python ≥ 3.12 is unaffected (``None`` is immortal).

The benchmarks still want to time the GUI, so their children pad ``None``'s count once (no memory is
allocated, so the memory figure is unaffected), and keystroke.py reports the loss per key press as its
own figure so the defect stays visible.
"""

from __future__ import annotations

import ctypes
import sys

PAD = 1 << 40


def none_refcount() -> int:
    return sys.getrefcount(None)


def pad_none() -> bool:
    """Add ``PAD`` references to ``None`` (CPython < 3.12 only); True when padded."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False  # immortal None: its count must not be touched
    # ob_refcnt is the first field of every object in a release build of CPython.
    ctypes.c_ssize_t.from_address(id(None)).value += PAD
    return True
