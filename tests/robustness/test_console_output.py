"""Pipes, consoles and the words of the command line (reliability.md, round 2).

A closed pipe (``| head -1``) ends quietly; JSON written to a file is UTF-8 whatever the console's
code page, so it imports again; terminal codes and CR/LF in a unit name are shown escaped; messages
name the clerk's file in Chinese (never our temp file, never "No space left on device"); a default
file name never starts with a dot.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
from pathlib import Path

import pytest

from exporters.cli import main as cli_main
from exporters.output import default_file_names
from models import atomic
from models.atomic import sanitize_filename
from models.draft_store import DraftStore
from models.drafts import create_report
from models.sample import build_sample

from .helpers import PYTHON, child_env


def cli(data: Path, *args: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([PYTHON, "-m", "exporters.cli", *args], env=child_env(data, **kwargs),  # type: ignore[arg-type]
                          capture_output=True, timeout=60)


def test_a_closed_pipe_ends_quietly(data_dir: Path) -> None:
    store = DraftStore()
    for _ in range(3):
        create_report(store, build_sample())
    child = subprocess.Popen([PYTHON, "-m", "exporters.cli", "drafts", "list"], env=child_env(data_dir),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # the reader is gone before the first line is written, as with `| head -0`
    err = child.stderr.read().decode("utf-8", "replace")
    assert child.wait(timeout=60) == 0 and err == "", err


def test_json_written_to_a_file_is_utf_8_under_a_gbk_console_and_imports_again(data_dir: Path,
                                                                               tmp_path: Path) -> None:
    report = build_sample()
    report.values["org_text"] = "机构 😀 𠀀 € 完"
    opened = create_report(DraftStore(), report)
    out = tmp_path / "f.json"
    with out.open("wb") as handle:  # `drafts show --json ID > f.json` in a GBK console
        run = subprocess.run([PYTHON, "-m", "exporters.cli", "drafts", "show", "--json", opened.draft_id],
                             env=child_env(data_dir, PYTHONIOENCODING="gbk"), stdout=handle,
                             stderr=subprocess.PIPE, timeout=60)
    assert run.returncode == 0, run.stderr
    assert json.loads(out.read_bytes().decode("utf-8"))["values"]["org_text"] == "机构 😀 𠀀 € 完"
    again = cli(data_dir, "drafts", "import", str(out), PYTHONIOENCODING="gbk")
    assert again.returncode == 0, again.stderr.decode("utf-8", "replace")
    from models.drafts import open_report

    imported = [i for i in DraftStore().list() if i.draft_id != opened.draft_id]
    assert open_report(DraftStore(), imported[0].draft_id).report.values["org_text"] == "机构 😀 𠀀 € 完"


HOSTILE = "蓉溪\x1b[2J\x1b[31m局\r\n已导出：C:\\假的.docx\u202e"


def test_terminal_codes_and_line_breaks_in_a_unit_name_are_shown_escaped(
        data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = build_sample()
    report.values["unit_name"] = HOSTILE
    report.values["sign_unit"] = HOSTILE
    draft = tmp_path / "草稿.json"
    from models.draft_format import dumps, portable_dict

    draft.write_bytes(dumps(portable_dict(report, title=HOSTILE)))
    outputs = []
    for args in (["drafts", "import", str(draft)], ["drafts", "list"], ["validate", str(draft)]):
        cli_main(args)
        captured = capsys.readouterr()
        outputs.append(captured.out + captured.err)
    for text in outputs:
        assert "\x1b" not in text and "\r" not in text and "\u202e" not in text, repr(text)
    assert "\\x1b[2J" in outputs[0] and "\\r\\n已导出" in outputs[0]
    assert len(outputs[1].splitlines()) == 1, "one draft, one line"


def test_messages_name_the_clerks_file_in_chinese(data_dir: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    opened = create_report(DraftStore(), build_sample())
    folder = tmp_path / "某个文件夹"
    folder.mkdir()
    for args in (["drafts", "export", opened.draft_id, str(folder)], ["sample", str(folder)]):
        assert cli_main(args) == 2
        err = capsys.readouterr().err
        assert str(folder) in err and ".tmp" not in err and "文件夹" in err and err.count("\n") == 1, err
    real_fsync = os.fsync

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    target = tmp_path / "导出.json"
    assert cli_main(["drafts", "export", opened.draft_id, str(target)]) == 2
    err = capsys.readouterr().err
    monkeypatch.setattr(atomic.os, "fsync", real_fsync)
    assert "磁盘空间已满" in err and "No space" not in err and str(target) in err and ".tmp" not in err, err
    assert list(tmp_path.glob("*.tmp")) == [] and list(tmp_path.glob(".*")) == []


@pytest.mark.parametrize("unit", ["../x", ".hidden", "...", ". .局", "./", "..\\..\\局"])
def test_a_default_file_name_never_starts_with_a_dot(unit: str) -> None:
    report = build_sample()
    report.values["unit_name"] = unit
    for name in (*default_file_names(report), *default_file_names(report, draft=True)):
        assert not name.startswith((".", " ")), name
    assert not sanitize_filename(unit).startswith(".")
