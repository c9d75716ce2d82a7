"""Reading a draft allocates about its own size, not the size limit (read(n) allocates n bytes up front).

Found by the memory benchmark: every revision read used to allocate 50 MB (20 MB for a portable draft
file) for a file of a few kilobytes — the start page reads one revision per draft.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest

from models import draft_revision
from models.draft_format import read_draft_file
from models.draft_store import DraftStore
from models.drafts import create_report, export_file
from models.sample import build_maximal

LIMIT = 5 * 1024 * 1024  # far above what an 80 KB draft needs, far below the old 20/50 MB


def peak_bytes(fn: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_loading_and_listing_drafts_allocates_about_the_file_size(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "drafts")
    opened = create_report(store, build_maximal())
    assert peak_bytes(lambda: store.load(opened.draft_id)) < LIMIT
    assert peak_bytes(store.list) < LIMIT


def test_reading_a_portable_draft_file_allocates_about_its_size(tmp_path: Path) -> None:
    path = tmp_path / "draft.json"
    export_file(build_maximal(), path)
    assert peak_bytes(lambda: read_draft_file(path)) < LIMIT


def test_a_revision_that_grew_after_its_size_was_taken_is_still_read_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = DraftStore(tmp_path / "drafts")
    opened = create_report(store, build_maximal(rows=3))
    path = next((store.root / opened.draft_id).glob("rev-*.brw"))
    # As if fstat had run while the file was shorter: the read must go on to the end.
    monkeypatch.setattr(draft_revision.os, "fstat", lambda fd: SimpleNamespace(st_size=10))
    revision = draft_revision._read_revision(path, 1)
    assert revision.size == path.stat().st_size


def test_reading_a_template_allocates_about_its_size() -> None:
    from importlib import resources

    from exporters.template_check import read_template

    with resources.as_file(resources.files("resources.templates").joinpath("report.docx")) as path:
        assert peak_bytes(lambda: read_template(path)) < LIMIT


def test_read_at_most_refuses_over_the_limit_and_reads_a_grown_file_whole(tmp_path: Path) -> None:
    from models.files import FileTooLarge, read_at_most

    path = tmp_path / "f.bin"
    path.write_bytes(b"x" * 100)
    assert read_at_most(path, 100) == b"x" * 100
    with pytest.raises(FileTooLarge) as caught:
        read_at_most(path, 99)
    assert caught.value.size == 100
