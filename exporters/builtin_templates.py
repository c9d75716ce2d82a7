"""The built-in templates in resources/templates/, read once per process."""

from __future__ import annotations

from functools import cache
from importlib import resources

DOCX_TEMPLATE = "report.docx"
XLSX_TEMPLATE = "report.xlsx"


@cache
def template_bytes(name: str) -> bytes:
    """The bytes of a built-in template (they never change while the program runs)."""
    return resources.files("resources.templates").joinpath(name).read_bytes()
