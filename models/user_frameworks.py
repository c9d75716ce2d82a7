"""Frameworks the clerk brought in (a bureau's 得分表 taken as this year's framework).

They are checked exactly like the built-in ones (models.frameworks.parse_framework), kept as JSON in
the data folder (``frameworks/<id>.json``), chosen per draft, and a draft that uses one carries a copy
of it, so the draft opens on another PC. Their ids start with ``user-`` and are derived from the
content, so the same table imported twice is one framework, and a changed table a new one.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from .frameworks import BUILTIN_IDS, Framework, FrameworkError, parse_framework

USER_PREFIX = "user-"
USER_ID = re.compile(r"^user-[0-9a-f]{8,40}$")
FOLDER = "frameworks"
MAX_FILE_BYTES = 2 * 1024 * 1024

_REGISTERED: dict[str, tuple[Framework, dict[str, Any]]] = {}


def content_id(data: dict[str, Any]) -> str:
    """The id a framework's content earns: ``user-`` and 12 hex digits of its hash (id itself left out)."""
    body = {k: v for k, v in data.items() if k != "id"}
    digest = hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()
    return USER_PREFIX + digest[:12]


def is_user_id(framework_id: object) -> bool:
    return isinstance(framework_id, str) and bool(USER_ID.match(framework_id))


def register(data: Any) -> Framework:
    """Check a user framework's JSON and make it loadable by id for this process."""
    framework = parse_framework(data)
    if not is_user_id(framework.id) or framework.id in BUILTIN_IDS:
        raise FrameworkError(f"评价框架的 id「{framework.id[:40]}」无效：导入的框架 id 以 user- 开头。")
    _REGISTERED[framework.id] = (framework, data)
    return framework


def framework_data(framework_id: str) -> dict[str, Any] | None:
    """The JSON of a registered (or saved) user framework, for a draft's copy."""
    found = _REGISTERED.get(framework_id)
    if found is None and find(framework_id) is not None:
        found = _REGISTERED.get(framework_id)
    return None if found is None else found[1]


def folder() -> Path:
    from .paths import data_dir

    path = data_dir() / FOLDER
    path.mkdir(parents=True, exist_ok=True)
    return path


def save(data: dict[str, Any]) -> Path:
    """Register and keep a user framework in the data folder; returns its file."""
    from .atomic import atomic_write_bytes

    framework = register(data)
    path = folder() / f"{framework.id}.json"
    atomic_write_bytes(path, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    return path


def _read(path: Path) -> dict[str, Any] | None:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def find(framework_id: str) -> Framework | None:
    """A user framework by id: registered in this process, or kept in the data folder."""
    found = _REGISTERED.get(framework_id)
    if found is not None:
        return found[0]
    if not is_user_id(framework_id):
        return None
    data = _read(folder() / f"{framework_id}.json")
    if data is None or data.get("id") != framework_id:
        return None
    try:
        return register(data)
    except FrameworkError:
        return None


def saved() -> list[Framework]:
    """Every usable framework in the data folder (a broken file is skipped: it was checked when saved)."""
    out = []
    for path in sorted(folder().glob("user-*.json")):
        framework = find(path.stem)
        if framework is not None:
            out.append(framework)
    return out
