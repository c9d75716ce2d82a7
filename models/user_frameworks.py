"""Frameworks the clerk brought in (a bureau's 得分表 taken as this year's framework).

They are checked exactly like the built-in ones (models.frameworks.parse_framework), kept as JSON in
the data folder (``frameworks/<id>.json``), chosen per draft, and a draft that uses one carries a copy
of it, so the draft opens on another PC. Their ids start with ``user-`` and are derived from the
content, so the same table imported twice is one framework, and a changed table a new one.
The lookup by id lives in models.frameworks (load_framework finds them); this module adds saving,
listing and the id.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from . import frameworks
from .frameworks import (
    USER_ID,
    USER_PREFIX,
    Framework,
    find_user_framework,
    is_user_id,
    register_user_framework,
    user_folder,
    user_framework_data,
)

__all__ = ["USER_ID", "USER_PREFIX", "content_id", "find", "folder", "framework_data", "is_user_id", "register",
           "save", "saved"]

register = register_user_framework
find = find_user_framework
framework_data = user_framework_data
folder = user_folder


def content_id(data: dict[str, Any]) -> str:
    """The id a framework's content earns: ``user-`` and 12 hex digits of its hash (id itself left out)."""
    body = {k: v for k, v in data.items() if k != "id"}
    digest = hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()
    return USER_PREFIX + digest[:12]


def save(data: dict[str, Any]) -> Path:
    """Register and keep an imported framework in the data folder; returns its file."""
    from .atomic import atomic_write_bytes

    framework = register(data)
    path = folder() / f"{framework.id}.json"
    atomic_write_bytes(path, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    return path


def saved() -> list[Framework]:
    """Every usable framework in the data folder (a broken file is skipped: it was checked when saved)."""
    out = []
    for path in sorted(folder().glob("user-*.json")):
        framework = find(path.stem)
        if framework is not None:
            out.append(framework)
    return out


def forget_all() -> None:
    """Drop what this process registered (tests: a fresh PC)."""
    frameworks._USER.clear()
