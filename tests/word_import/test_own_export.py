"""A report exported by our own exporter imports back to the same values, and its check is clean."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from exporters.api import export_report
from exporters.cli import main as cli_main
from importers import import_report
from importers.check import located_findings
from models.draft_format import read_draft_file, report_to_dict
from models.findings import Severity
from models.sample import build_sample


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("own") / "报告.docx"
    export_report(build_sample(), docx=out, xlsx=None)
    return out


def test_every_field_and_every_score_comes_back(exported: Path) -> None:
    expected = report_to_dict(build_sample())
    result = import_report(exported)
    got = report_to_dict(result.report)
    assert got["framework"] == expected["framework"]
    assert got["values"] == expected["values"]
    assert got["scores"] == expected["scores"]
    assert [{k: v for k, v in r.items() if k != "row_id"} for r in got["rows"]] == \
        [{k: v for k, v in r.items() if k != "row_id"} for r in expected["rows"]]
    assert result.unplaced == []


def test_every_value_has_a_source_in_the_mapping(exported: Path) -> None:
    result = import_report(exported)
    paths = {m.path for m in result.mapping if m.path}
    assert {f"values.{k}" for k in result.report.values if k not in ("eval_method", "eval_org")} <= paths
    assert {f"scores.{k}" for k in result.report.scores} <= paths
    for entry in result.values:
        assert entry.location.startswith(("第 ", "表 ")) and entry.quote and 0 < entry.confidence <= 1


def test_check_of_our_own_export_has_no_error_and_no_warning(exported: Path, capsys: pytest.CaptureFixture[str]) -> None:
    found = located_findings(import_report(exported))
    assert [f.finding.message for f in found if f.finding.severity is not Severity.INFO] == []
    assert cli_main(["check", str(exported), "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert all(set(i) == {"rule", "severity", "field", "message", "location"} for i in items)
    assert not [i for i in items if i["severity"] != "info"]


def test_import_report_writes_a_draft_that_opens(exported: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "导入.json"
    assert cli_main(["import-report", str(exported), str(out)]) == 0
    printed = capsys.readouterr().out
    assert "财政拨款收入 = 38,652,400.00" in printed and "表 1 第 2 行第 2 列" in printed
    assert report_to_dict(read_draft_file(out))["values"] == report_to_dict(build_sample())["values"]


def test_import_report_of_an_unreadable_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "坏.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    out = tmp_path / "o.json"
    assert cli_main(["import-report", str(bad), str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "坏.docx" in err and not out.exists()
