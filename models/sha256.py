"""SHA-256 from CPython's own implementation, without OpenSSL.

``hashlib`` imports ``_hashlib`` at once, which loads OpenSSL's libcrypto: about 3.5 MiB of the GUI's
resident memory, for the one digest a draft file carries. CPython ships its own SHA-256 (a built-in
module on Windows) that gives the same digest; ``hashlib`` is the fallback where it is missing.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

__all__ = ["sha256"]


def _find() -> Callable[..., Any]:
    for name in ("_sha2", "_sha256"):  # CPython 3.12+, 3.10-3.11
        try:
            return importlib.import_module(name).sha256  # type: ignore[no-any-return]
        except (ImportError, AttributeError):
            continue
    from hashlib import sha256 as fallback

    return fallback


if TYPE_CHECKING:
    from hashlib import sha256 as sha256
else:
    sha256 = _find()
