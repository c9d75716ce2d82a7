"""The program never opens a network connection (reliability.md, Hostile input, last line).

Three ways of looking, from the inside out:

* in this process, with socket.socket / create_connection / getaddrinfo / gethostbyname replaced by a
  recorder that refuses: every CLI command, and the GUI from start-up to a finished export;
* in a child process with the same guard installed before anything else is imported (as a
  sitecustomize would), for the CLI run the way a clerk or a script runs it;
* under ``strace -f -e trace=network`` (skipped where strace is missing or not allowed): the kernel's
  view, which also sees C code (Qt, libraries) that never goes through Python's socket module. Local
  AF_UNIX sockets are not network connections; AF_INET / AF_INET6 are.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from exporters.cli import main as cli_main
from models.draft_store import DraftStore

from .helpers import PYTHON, ROOT, child_env

GUARDED = ("socket", "create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "socketpair")


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    attempts: list[str] = []

    def guard(name: str) -> Any:
        def refused(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{name}{args!r}"[:200])
            raise OSError(f"network access refused by the test: {name}")
        return refused

    for name in GUARDED:
        monkeypatch.setattr(socket, name, guard(name))
    yield attempts


def cli_session(folder: Path) -> list[list[str]]:
    """Every command of the CLI, in an order where each has something to work on."""
    sample, out = folder / "示例.json", folder / "导出"
    return [
        ["sample", str(sample)],
        ["validate", str(sample)],
        ["validate", "--json", str(sample)],
        ["drafts", "import", str(sample)],
        ["drafts", "list"],
        ["drafts", "show", "{id}"],
        ["drafts", "show", "{id}", "--json"],
        ["drafts", "export", "{id}", str(folder / "再导出.json")],
        ["export", str(sample), "--docx", str(out / "报告.docx"), "--xlsx", str(out / "报告.xlsx")],
        ["export", str(sample), "--draft", "--template", str(folder / "模板.docx"), "--docx", str(out / "模.docx")],
        ["drafts", "delete", "{id}"],
        ["restore", "{id}"],
    ]


def word_template(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("{{ unit_name }}{{ eval_year }}年度")
    document.save(str(path))
    return path


def test_the_cli_opens_no_socket(tmp_path: Path, no_network: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    word_template(tmp_path / "模板.docx")
    (tmp_path / "导出").mkdir()
    draft_id = ""
    for argv in cli_session(tmp_path):
        argv = [a.replace("{id}", draft_id[:8]) for a in argv]
        code = cli_main(argv)
        _out, err = capsys.readouterr()
        assert code == 0, (argv, err)
        if argv[:2] == ["drafts", "import"]:
            draft_id = DraftStore().list()[0].draft_id
    assert no_network == []
    assert sorted(p.name for p in (tmp_path / "导出").iterdir()) == ["报告.docx", "报告.xlsx", "模.docx"]


def test_the_gui_from_start_up_to_export_opens_no_socket(app: Any, qtbot: Any, tmp_path: Path,
                                                          no_network: list[str]) -> None:
    from PySide6.QtCore import QThreadPool

    from .helpers import close_window, make_window

    window = make_window(qtbot)
    try:
        qtbot.waitUntil(lambda: window.start.loaded, timeout=5000)
        window.start.open_sample()
        editor = window.editor
        for step in range(len(editor.steps)):
            editor.go_to(step)
        page = editor.page(editor.current)
        qtbot.waitUntil(lambda: not page.settings_box.busy, timeout=15000)
        page.export.run(tmp_path / "报告.docx", draft=False)
        qtbot.waitUntil(lambda: page.export.worker is None and bool(page.export.written), timeout=30000)
        QThreadPool.globalInstance().waitForDone()
        assert sorted(p.name for p in tmp_path.glob("报告*")) == ["报告-得分表.xlsx", "报告.docx"]
    finally:
        close_window(window)
    assert no_network == []


GUARD = textwrap.dedent("""
    import socket, sys
    log = open(sys.argv.pop(1), "a", encoding="utf-8")
    def guard(name):
        def refused(*args, **kwargs):
            log.write(name + repr(args)[:200] + "\\n"); log.flush()
            raise OSError("network access refused: " + name)
        return refused
    for name in {names!r}:
        setattr(socket, name, guard(name))
    import runpy
    sys.argv[0] = "budget-report-cli"
    runpy.run_module("exporters.cli", run_name="__main__", alter_sys=True)
""").format(names=GUARDED)


def _run_session(tmp_path: Path, prefix: list[str] | Callable[[list[str]], list[str]],
                 ) -> list[subprocess.CompletedProcess[bytes]]:
    word_template(tmp_path / "模板.docx")
    (tmp_path / "导出").mkdir()
    env = child_env(tmp_path / "data")
    runs = []
    draft_id = ""
    for argv in cli_session(tmp_path):
        argv = [a.replace("{id}", draft_id[:8]) for a in argv]
        command = prefix(argv) if callable(prefix) else prefix
        run = subprocess.run([*command, *argv], cwd=tmp_path, env=env, capture_output=True, timeout=120)
        assert run.returncode == 0, (argv, run.stderr.decode(errors="replace"))
        runs.append(run)
        if argv[:2] == ["drafts", "import"]:
            draft_id = DraftStore(tmp_path / "data" / "drafts").list()[0].draft_id
    return runs


def test_the_cli_in_its_own_process_opens_no_socket(tmp_path: Path) -> None:
    log = tmp_path / "attempts.log"
    log.touch()
    _run_session(tmp_path, [PYTHON, "-c", GUARD, str(log)])
    assert log.read_text("utf-8") == ""


def _strace() -> str:
    strace = shutil.which("strace")
    if strace is None:
        pytest.skip("strace is not installed")
    with tempfile.TemporaryDirectory() as folder:
        trace = Path(folder) / "probe.txt"
        probe = subprocess.run([strace, "-f", "-e", "trace=network", "-o", str(trace), PYTHON, "-c",
                                "import socket; socket.socket(socket.AF_INET).close()"],
                               capture_output=True, timeout=60)
        if probe.returncode != 0:
            pytest.skip(f"strace cannot trace here: {probe.stderr.decode(errors='replace').strip()[:200]}")
        assert _network_calls(trace), "the trace must show an Internet socket when one is made"
    return strace


INET = re.compile(r"AF_INET6?\b|sin6?_family=AF_INET")


def _network_calls(trace: Path) -> list[str]:
    """System calls in an strace log that touch an Internet socket (AF_UNIX is local IPC)."""
    return [line for line in trace.read_text("utf-8", "replace").splitlines() if INET.search(line)]


@pytest.mark.slow
def test_the_cli_under_strace_makes_no_internet_system_call(tmp_path: Path) -> None:
    strace = _strace()
    traces: list[Path] = []

    def prefix(argv: list[str]) -> list[str]:
        traces.append(tmp_path / f"trace-{len(traces)}.txt")
        return [strace, "-f", "-e", "trace=network", "-o", str(traces[-1]), PYTHON, "-m", "exporters.cli"]

    _run_session(tmp_path, prefix)
    assert len(traces) == len(cli_session(tmp_path))
    for trace in traces:
        assert _network_calls(trace) == [], trace.read_text("utf-8", "replace")[:2000]


@pytest.mark.slow
def test_the_gui_under_strace_makes_no_internet_system_call(tmp_path: Path) -> None:
    """The real app (gui.app.main): start-up, the sample, every step, an export, quit."""
    strace = _strace()
    out, trace = tmp_path / "out", tmp_path / "trace.txt"
    out.mkdir()
    run = subprocess.run([strace, "-f", "-e", "trace=network", "-o", str(trace), PYTHON,
                          str(ROOT / "tests" / "robustness" / "gui_tour_child.py"), str(out), "tour"],
                         cwd=tmp_path, env=child_env(tmp_path / "data"), capture_output=True, timeout=180)
    assert run.returncode == 0, run.stderr.decode(errors="replace")[-2000:]
    assert "TOUR 报告-得分表.xlsx 报告.docx" in run.stdout.decode()
    assert _network_calls(trace) == [], trace.read_text("utf-8", "replace")[:2000]
