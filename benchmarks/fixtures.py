"""Data the benchmarks share: a data folder holding a sample and a maximal draft, copied per child."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from benchmarks.registry import Settings


@dataclass(frozen=True)
class DataFolder:
    template: Path
    sample_id: str
    maximal_id: str


def data_folder(settings: Settings) -> DataFolder:
    """Built once per run: a clerk's store with the sample and a maximal (100-row) report."""
    cached = settings.cache.get("data_folder")
    if isinstance(cached, DataFolder):
        return cached
    from models.draft_store import DraftStore
    from models.drafts import create_report
    from models.sample import build_maximal, build_sample

    template = settings.work / "data-template"
    store = DraftStore(template / "drafts")
    sample = create_report(store, build_sample())
    maximal = create_report(store, build_maximal(), "最大草稿（100 行指标）")
    folder = DataFolder(template, sample.draft_id, maximal.draft_id)
    settings.cache["data_folder"] = folder
    return folder


def fresh_copy(settings: Settings, folder: DataFolder) -> dict[str, str]:
    """A private copy for one child (locks, markers and autosaves never leak between runs)."""
    count = settings.cache.get("copies", 0) + 1
    settings.cache["copies"] = count
    target = settings.work / f"data-{count}"
    shutil.copytree(folder.template, target)
    return {**settings.gui_env, "BUDGET_REPORT_DATA_DIR": str(target)}
