"""The CLI: sample / validate / drafts; bad input gets exit 2, one clear line, and changes nothing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from exporters.cli import main
from models.draft_format import dumps, report_to_dict
from models.sample import build_sample


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("BUDGET_REPORT_DATA_DIR", str(folder))
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_sample_then_validate_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "样例.json"
    assert main(["sample", str(out)]) == 0
    assert main(["validate", str(out)]) == 0
    assert "没有发现问题" in capsys.readouterr().out


def test_validate_json_output_and_exit_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = build_sample()
    report.values["exp_personnel"] = report.money_or_zero("exp_personnel") * 10
    path = tmp_path / "bad.json"
    path.write_bytes(dumps(report_to_dict(report)))
    assert main(["validate", str(path), "--json"]) == 1
    items = json.loads(capsys.readouterr().out)
    assert items and set(items[0]) == {"rule", "severity", "field", "message"}
    first = next(i for i in items if i["rule"] == "expense.basic")
    assert first["severity"] == "error" and first["field"] == "values.exp_basic"
    assert "人员经费" in first["message"] and "184,362,000.00 元" in first["message"]


def _junk_files(tmp_path: Path) -> dict[str, Path]:
    good = dumps(report_to_dict(build_sample()))
    sample = json.loads(good)
    files: dict[str, bytes] = {
        "truncated": good[: len(good) // 2],
        "binary": bytes(range(256)) * 64,
        "utf16": json.dumps(sample, ensure_ascii=False).encode("utf-16"),
        "future": json.dumps({**sample, "format_version": 99}).encode(),
        "wrong_version": json.dumps({**sample, "format_version": "one"}).encode(),
        "wrong_types": json.dumps({**sample, "values": {"inc_fiscal": 12.5}}).encode(),
        "deep": b"[" * 100_000 + b"]" * 100_000,
        "empty": b"",
        "not_a_draft": b'{"hello": "world"}',
    }
    paths = {}
    for name, blob in files.items():
        path = tmp_path / f"{name}.json"
        path.write_bytes(blob)
        paths[name] = path
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.write(b'{"format": "budget-report-draft", "x": "')
        handle.truncate(60 * 1024 * 1024)
    paths["60MB"] = big
    paths["missing"] = tmp_path / "nope.json"
    paths["folder"] = tmp_path
    return paths


COMMANDS: dict[str, Callable[[Path], list[str]]] = {
    "validate": lambda p: ["validate", str(p)],
    "validate --json": lambda p: ["validate", str(p), "--json"],
    "drafts import": lambda p: ["drafts", "import", str(p)],
    "export": lambda p: ["export", str(p), "--docx", str(p.with_name("out.docx"))],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_bad_input_exits_two_with_one_line_and_changes_nothing(
        command: str, tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.json"
    good.write_bytes(dumps(report_to_dict(build_sample())))
    assert main(["drafts", "import", str(good)]) == 0
    before = snapshot(data_dir)
    capsys.readouterr()
    junk = tmp_path / "junk"
    junk.mkdir()
    for name, path in _junk_files(junk).items():
        assert main(COMMANDS[command](path)) == 2, name
        captured = capsys.readouterr()
        lines = captured.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("错误："), (name, captured.err)
        assert "Traceback" not in captured.err and captured.out == ""
        assert snapshot(data_dir) == before, name
        assert not (junk / "out.docx").exists()


def test_drafts_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "a.json"
    assert main(["sample", str(src)]) == 0
    assert main(["drafts", "import", str(src)]) == 0
    capsys.readouterr()
    assert main(["drafts", "list"]) == 0
    line = capsys.readouterr().out.strip()
    draft_id = line.split()[0]
    assert "蓉溪市农业农村局" in line and "可导出" in line
    assert main(["drafts", "show", draft_id]) == 0
    assert "93.00 分" in capsys.readouterr().out
    out = tmp_path / "导出.json"
    assert main(["drafts", "export", draft_id, str(out)]) == 0
    assert json.loads(out.read_text("utf-8"))["values"] == json.loads(src.read_text("utf-8"))["values"]
    assert main(["drafts", "delete", draft_id]) == 0
    capsys.readouterr()
    assert main(["drafts", "list"]) == 0 and "还没有草稿" in capsys.readouterr().out
    assert main(["restore", draft_id]) == 0


@pytest.mark.parametrize("args", [["drafts", "show", "ffffffff"], ["drafts", "export", "0000", "x.json"],
                                  ["restore", "abc"]])
def test_unknown_draft_ids(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_sample_to_unwritable_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sample", str(tmp_path / "no" / "such" / "folder" / "x.json")]) == 2
    assert capsys.readouterr().err.startswith("错误：")


def _cli() -> list[str]:
    exe = Path(sys.executable).with_name("budget-report-cli")
    if exe.exists() or exe.with_suffix(".exe").exists():
        return [str(exe)]
    found = shutil.which("budget-report-cli")
    return [found] if found else [sys.executable, "-m", "exporters.cli"]


def test_installed_cli_works_from_any_folder(tmp_path: Path) -> None:
    env = dict(os.environ, BUDGET_REPORT_DATA_DIR=str(tmp_path / "d"))
    out = tmp_path / "s.json"
    run = subprocess.run([*_cli(), "sample", str(out)], cwd=tmp_path, env=env, capture_output=True, timeout=60)
    assert run.returncode == 0, run.stderr.decode()
    run = subprocess.run([*_cli(), "validate", str(out)], cwd=tmp_path, env=env, capture_output=True, timeout=60)
    assert run.returncode == 0, run.stderr.decode()
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\x00\x01garbage")
    run = subprocess.run([*_cli(), "validate", str(bad)], cwd=tmp_path, env=env, capture_output=True, timeout=60)
    assert run.returncode == 2 and len(run.stderr.decode().strip().splitlines()) == 1


def test_drafts_show_accepts_options_before_or_after_the_id(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "a.json"
    assert main(["sample", str(src)]) == 0
    assert main(["drafts", "import", str(src)]) == 0
    draft_id = capsys.readouterr().out.split("新草稿 ")[1].split("：")[0]
    for args in (["drafts", "show", "--json", draft_id], ["drafts", "show", draft_id, "--json"]):
        assert main(args) == 0
        assert json.loads(capsys.readouterr().out)["framework"] == "sichuan-2017"
