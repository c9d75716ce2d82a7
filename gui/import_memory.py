"""Keep PySide6 from holding the source text of every module imported after it.

PySide6's ``__feature__`` support (``from __feature__ import snake_case``) looks at each newly imported
module once, to know whether it uses PySide6: it searches the module's source for the word
"PySide6" with ``inspect.getsource``. That reads the file through ``linecache``, which keeps every
line as a string for the rest of the session: with the program's ~250 modules about 45,000 lines,
some 5 MiB of the GUI's memory that nothing reads again.

:func:`lean_feature_check` gives PySide6 the same answer from the file's bytes, kept only while
they are searched (a traceback reads the lines it shows again). Where PySide6 has no such check
(another version), nothing is changed.
"""

from __future__ import annotations

import linecache
import sys
from pathlib import Path
from types import ModuleType

_MARK = b"PySide6"


def uses_pyside(module: ModuleType) -> bool:
    """True when ``module``'s source file mentions PySide6 (what PySide6's own check answers).

    A module without a source file (built in, an extension, only bytecode) does not, as there.
    """
    spec = getattr(module, "__spec__", None)
    origin = getattr(spec, "origin", None) or getattr(module, "__file__", None)
    if not isinstance(origin, str) or not origin.endswith(".py"):
        return False
    try:
        return _MARK in Path(origin).read_bytes()
    except OSError:
        return False


def lean_feature_check() -> bool:
    """Replace PySide6's source check by :func:`uses_pyside`; True when it was there to replace."""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    setattr(feature, "_mod_uses_pyside", uses_pyside)  # noqa: B010  (a module mypy knows nothing of)
    linecache.clearcache()  # the modules PySide6 looked at on its own import
    return True
