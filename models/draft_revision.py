"""One revision file of a draft: its byte format, encoding and integrity check (see draft_store)."""

from __future__ import annotations

import json
import os
import re
import struct
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Final

from .draft_errors import DraftPayloadError
from .sha256 import sha256

Payload = dict[str, Any]
SummaryValue = str | int | bool | None
Summary = dict[str, SummaryValue]

MAGIC: Final = b"BRWDRAFT"
ENVELOPE_VERSION: Final = 1
_PREFIX: Final = struct.Struct(">8sHHIQqQ")
HEADER_SIZE: Final = _PREFIX.size + 32
MAX_BODY_BYTES: Final = 50 * 1024 * 1024


_EPOCH: Final = datetime(1970, 1, 1, tzinfo=timezone.utc)
_SURROGATE_RE: Final = re.compile("[\ud800-\udfff]")



# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class LoadedDraft:
    """One revision of a draft as loaded. ``notes`` explains anything the store had to repair."""

    draft_id: str
    revision: int
    title: str
    summary: Summary
    saved_at: datetime
    payload: Payload
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class DraftInfo:
    """A row of the start page. ``damaged`` drafts have no readable revision."""

    draft_id: str
    title: str
    summary: Summary
    revision: int
    saved_at: datetime
    damaged: bool = False


@dataclass(frozen=True)
class RevisionInfo:
    """One readable revision of a draft; ``size`` is the file size in bytes."""

    revision: int
    saved_at: datetime
    size: int


@dataclass(frozen=True)
class _Revision:
    revision: int
    saved_at: datetime
    title: str
    summary: Summary
    payload: Payload
    size: int


class _Damaged(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --------------------------------------------------------------------------- encoding


def _to_micros(moment: datetime) -> int:
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return (moment - _EPOCH) // timedelta(microseconds=1)


def _now() -> datetime:
    return datetime.now(timezone.utc).astimezone()


def _check_summary(summary: object) -> Summary:
    if not isinstance(summary, dict):
        raise DraftPayloadError("草稿摘要必须是字典。")
    for key, value in summary.items():
        if not isinstance(key, str) or not (value is None or isinstance(value, (str, int, bool))):
            raise DraftPayloadError(f"草稿摘要中的「{key}」不是文字、整数、是/否或空值。")
    return summary


def _dump_json(doc: dict[str, Any]) -> bytes:
    try:
        text = json.dumps(doc, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError, RecursionError) as exc:
        raise DraftPayloadError(f"草稿内容无法保存为 JSON：{exc}") from exc
    # Lone surrogates (pasted from broken sources) have no UTF-8 form. In JSON text they can only
    # occur inside string literals, so escaping them as \uXXXX keeps them exactly and the file
    # stays valid UTF-8 (and readable: other characters are not escaped).
    return _SURROGATE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text).encode("utf-8")


def encode_revision(
    revision: int,
    saved_at: datetime,
    title: str,
    summary: Summary,
    payload: Payload,
    *,
    envelope_version: int = ENVELOPE_VERSION,
) -> bytes:
    """Return the bytes of a revision file (see the module docstring for the layout)."""
    body = _dump_json(
        {"title": title, "summary": summary, "saved_at": saved_at.isoformat(), "payload": payload}
    )
    if len(body) > MAX_BODY_BYTES:
        # Refused now, not found "damaged" at the next load: a save that reports success must load.
        raise DraftPayloadError(
            f"草稿内容有 {len(body) / 1048576:.1f} MB，超过 {MAX_BODY_BYTES // 1048576} MB 的上限，这次没有保存。"
            "请删去过长的文字（例如误粘贴的整篇文档）。之前保存的版本没有受影响。")
    prefix = _PREFIX.pack(MAGIC, envelope_version, 0, 0, revision, _to_micros(saved_at), len(body))
    digest = sha256(prefix)
    digest.update(body)
    return prefix + digest.digest() + body


def _decode_revision(data: bytes, expected_revision: int) -> _Revision:
    """Parse and verify a revision file's bytes; raise ``_Damaged`` with a Chinese reason."""
    if not data:
        raise _Damaged("文件是空的")
    if len(data) < HEADER_SIZE or not data.startswith(MAGIC):
        if data.count(0) == len(data):
            raise _Damaged("文件内容全部为零")
        if MAGIC.startswith(data[: len(MAGIC)]):
            raise _Damaged(f"文件被截断，只有 {len(data)} 字节")
        raise _Damaged("不是草稿文件（文件头不符）")
    _magic, version, _r16, _r32, revision, _micros, body_len = _PREFIX.unpack_from(data)
    if version != ENVELOPE_VERSION:
        if version > ENVELOPE_VERSION:
            raise _Damaged(f"格式版本 {version} 无法识别，可能由更新版本的程序保存")
        raise _Damaged(f"格式版本 {version} 无效")
    if body_len > MAX_BODY_BYTES:
        raise _Damaged("内容超过 50 MB")
    body = memoryview(data)[HEADER_SIZE:]
    if len(body) < body_len:
        raise _Damaged(f"文件被截断（应有 {HEADER_SIZE + body_len} 字节，实有 {len(data)} 字节）")
    if len(body) > body_len:
        raise _Damaged("文件末尾有多余的数据")
    digest = sha256(memoryview(data)[: _PREFIX.size])
    digest.update(body)
    if digest.digest() != data[_PREFIX.size : HEADER_SIZE]:
        raise _Damaged("校验不符")
    if revision != expected_revision:
        raise _Damaged(f"文件中的版本号（第 {revision} 版）与文件名不符")
    try:
        doc = json.loads(bytes(body).decode("utf-8"))
        title = doc["title"]
        summary = _check_summary(doc["summary"])
        saved_at = datetime.fromisoformat(doc["saved_at"])
        payload = doc["payload"]
        if not isinstance(title, str) or not isinstance(payload, dict):
            raise TypeError("wrong field types")
    except (ValueError, TypeError, KeyError, RecursionError, DraftPayloadError) as exc:
        raise _Damaged("内容无法解析") from exc
    if saved_at.tzinfo is None:
        saved_at = saved_at.astimezone()
    return _Revision(revision, saved_at, title, summary, payload, len(data))


def _read_revision(path: Path, expected_revision: int) -> _Revision:
    """Read and verify one revision file. OSErrors (missing, unreadable) propagate."""
    limit = HEADER_SIZE + MAX_BODY_BYTES
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > limit:
            raise _Damaged("内容超过 50 MB")
        # read(n) allocates n bytes up front: ask for the file's size, not the 50 MB limit (+1, and
        # read on if the file grew, so a longer file is still caught by the length check).
        data = fh.read(size + 1)
        if len(data) > size:
            data += fh.read(limit + 1 - len(data))
    return _decode_revision(data, expected_revision)


def _peek_saved_at(path: Path) -> datetime | None:
    """Header-only look at a revision's save time (unverified; used for pruning only)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(_PREFIX.size)
        magic, version, _r16, _r32, _rev, micros, _len = _PREFIX.unpack(head)
        if magic != MAGIC or version != ENVELOPE_VERSION:
            return None
        return (_EPOCH + timedelta(microseconds=micros)).astimezone()
    except (OSError, struct.error, OverflowError, ValueError):
        return None


def _rev_name(revision: int) -> str:
    return f"rev-{revision:08d}.brw"


def _fmt_time(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


