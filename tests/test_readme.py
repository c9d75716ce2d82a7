"""The README gives exactly the two commands, and CI runs the test command verbatim."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST_COMMAND = 'python -m pip install ".[test]" && python -m pytest'
RUN_COMMAND = "python -m pip install . && budget-report"


def test_readme_has_the_two_commands_and_ci_runs_the_test_one() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    blocks = re.findall(r"```\n(.*?)\n```", readme, re.S)
    assert RUN_COMMAND in blocks and TEST_COMMAND in blocks
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert any(line.strip() == TEST_COMMAND for line in ci.splitlines())


def test_entry_points_are_declared() -> None:
    project = (ROOT / "pyproject.toml").read_text("utf-8")
    assert re.search(r"\[project\.gui-scripts\]\s*\nbudget-report = \"gui\.app:main\"", project)
    assert 'budget-report-cli = "exporters.cli:main"' in project
