"""Test-wide settings: Qt runs offscreen, and any Qt warning fails the test (qutebrowser's strictness)."""

from __future__ import annotations

import os

# Before anything imports Qt: no display needed, same behaviour on CI and developer machines.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

# Messages of the offscreen platform plugin itself, not of our code.
QT_LOG_IGNORE = (
    r"This plugin does not support propagateSizeHints\(\)",
    r"This plugin does not support raise\(\)",
    r"This plugin does not support grabbing the keyboard",
    r"QFont::setPointSizeF: Point size <= 0",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``qt_log_level_fail = WARNING`` for every test, set here because pyproject.toml is not ours."""
    for item in items:
        if item.get_closest_marker("qt_log_level_fail") is None:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
        if item.get_closest_marker("qt_log_ignore") is None:
            item.add_marker(pytest.mark.qt_log_ignore(*QT_LOG_IGNORE))
