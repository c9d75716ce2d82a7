"""The clerk's export choices: remembered per draft for the session, the last one kept in settings.json.

Fonts, date style, the money unit of the exported files and the bureau's templates usually follow the
bureau, so the last choice is saved in the data folder and offered for every draft. The export's
unit is its own setting (元 unless the clerk picks 万元): the unit the clerk types and reads in on the
screen never changes what is exported.
A missing or broken settings file is ignored (the defaults apply); writing it is best effort.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from exporters.settings import DateStyle, ExportSettings, FontScheme
from models.money import Unit
from models.paths import data_dir

SETTINGS_NAME = "settings.json"
EXPORT_KEY = "export"
LAYOUT_KEYS = ("cover", "seal", "sign_lines")  # the bureau's layout choices, kept like the fonts


@dataclass(frozen=True)
class ExportChoices:
    settings: ExportSettings = field(default_factory=ExportSettings)
    docx_template: Path | None = None  # None: the built-in template
    xlsx_template: Path | None = None

    def template(self, kind: str) -> Path | None:
        return self.docx_template if kind == "docx" else self.xlsx_template

    def with_template(self, kind: str, path: Path | None) -> ExportChoices:
        return replace(self, docx_template=path) if kind == "docx" else replace(self, xlsx_template=path)


_by_draft: dict[str, ExportChoices] = {}


def settings_path() -> Path:
    return data_dir() / SETTINGS_NAME


def _read_all() -> dict[str, Any]:
    try:
        raw = json.loads(settings_path().read_bytes())
    except (OSError, ValueError):
        return {}
    return raw if isinstance(raw, dict) else {}


def _path(value: object) -> Path | None:
    return Path(value) if isinstance(value, str) and value.strip() else None


def load_last() -> ExportChoices:
    """The last saved choice; any field that is missing or unreadable takes its default."""
    saved = _read_all().get(EXPORT_KEY)
    if not isinstance(saved, dict):
        return ExportChoices(ExportSettings(unit=Unit.YUAN))
    fonts = saved.get("fonts")
    dates = saved.get("dates")
    unit = saved.get("unit")
    settings = ExportSettings(
        unit=Unit(unit) if unit in {u.value for u in Unit} else Unit.YUAN,
        fonts=FontScheme(fonts) if fonts in {f.value for f in FontScheme} else FontScheme.GBT,
        dates=DateStyle(dates) if dates in {d.value for d in DateStyle} else DateStyle.ARABIC,
        **{key: saved[key] for key in LAYOUT_KEYS if isinstance(saved.get(key), bool)},
    )
    return ExportChoices(settings, _path(saved.get("docx_template")), _path(saved.get("xlsx_template")))


def save_last(choices: ExportChoices) -> bool:
    """Keep the choice for the next session; False when the file could not be written."""
    from models.atomic import atomic_write_bytes

    data = _read_all()  # other keys (future settings) are kept
    data[EXPORT_KEY] = {
        "fonts": choices.settings.fonts.value,
        "dates": choices.settings.dates.value,
        "unit": (choices.settings.unit or Unit.YUAN).value,
        **{key: getattr(choices.settings, key) for key in LAYOUT_KEYS},
        "docx_template": str(choices.docx_template) if choices.docx_template else None,
        "xlsx_template": str(choices.xlsx_template) if choices.xlsx_template else None,
    }
    try:
        atomic_write_bytes(settings_path(), json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"))
    except OSError:
        return False
    return True


def choices_for(draft_id: str) -> ExportChoices:
    """What this draft used last in this session, else the last saved choice."""
    return _by_draft.get(draft_id) or load_last()


def remember(draft_id: str, choices: ExportChoices) -> None:
    _by_draft[draft_id] = choices
    save_last(choices)


def forget_session() -> None:
    """Drop the in-memory choices (tests; a new session starts empty)."""
    _by_draft.clear()
