"""Keep GUI children alive despite PySide6 6.12's stolen references to ``None`` and ``True``.

With PySide6 6.12.0 on CPython 3.11, every call of a Qt method that returns ``void`` (``setText``,
``setVisible``, ``setObjectName`` …) decrements ``None``'s reference count without having taken a
reference, and every ``Signal.emit()`` from Python does the same to ``True``. These objects start with a
few thousand references, so after a few thousand such calls CPython aborts with "Fatal Python error:
none_dealloc" (or bool_dealloc). Python ≥ 3.12 is unaffected: there these objects are immortal.

The benchmarks still want to time the GUI, so their children pad the counts once (no memory is
allocated, so the memory figure is unaffected), and keystroke.py reports the loss per key press as its
own figure so the defect stays visible.
"""

from __future__ import annotations

import ctypes
import sys

PAD = 1 << 40
SINGLETONS: dict[str, object] = {"None": None, "True": True, "False": False}


def refcounts() -> dict[str, int]:
    return {name: sys.getrefcount(obj) for name, obj in SINGLETONS.items()}


def pad_singletons() -> bool:
    """Add ``PAD`` references to None, True and False (CPython < 3.12 only); True when padded."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False  # immortal objects: their counts must not be touched
    for obj in SINGLETONS.values():
        # ob_refcnt is the first field of every object in a release build of CPython.
        ctypes.c_ssize_t.from_address(id(obj)).value += PAD
    return True
