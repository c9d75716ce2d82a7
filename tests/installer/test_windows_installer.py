"""setup.exe, built here with makensis, installs per user under Wine and uninstalls cleanly, keeping the drafts.

The build uses a stand-in for the Windows Python runtime (none can be fetched here) and a subset of
the locked wheels: two binary cp312 wheels (lxml, markupsafe) and the pure ones openpyxl needs, so a
run costs seconds of download once (cached in installer/windows/.cache) instead of PySide6's 80 MB.
That the *whole* lock resolves for win_amd64 is test_lock.py's job; the real runtime and every
wheel are built and started by .github/workflows/windows.yml on Windows.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
APP = "绩效自评填报助手"
SUBSET = ("lxml", "markupsafe", "openpyxl", "et-xmlfile", "platformdirs")
UNINSTALL_KEY = r"Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\budget-report-wizard"
PROGID_KEY = r"Software\\Classes\\BudgetReportWizard.Draft"


def _wine() -> str | None:
    for name in ("wine64", "wine"):
        if found := shutil.which(name):
            return found
    return "/usr/lib/wine/wine64" if Path("/usr/lib/wine/wine64").is_file() else None  # Debian's wine64 alone


WINE = _wine()
MAKENSIS = shutil.which("makensis")
pytestmark = [
    pytest.mark.skipif(MAKENSIS is None, reason="makensis is missing (apt-get install nsis)"),
    pytest.mark.skipif(WINE is None, reason="wine64 is missing (apt-get install wine64)"),
    pytest.mark.skipif(sys.version_info < (3, 11), reason="installer/windows/build.py needs Python 3.11+ (tomllib)"),
    pytest.mark.skipif(sys.platform == "win32", reason="Wine test; Windows runs the real installer in CI"),
]


def read_user_reg(path: Path) -> dict[str, dict[str, object]]:
    """Key -> {value name ('' = default): str or int} from a Wine registry file (\\x escapes decoded)."""

    def text(raw: str) -> str:
        raw = re.sub(r"\\x([0-9a-fA-F]{1,4})", lambda m: chr(int(m.group(1), 16)), raw)
        return raw.replace('\\"', '"').replace("\\\\", "\\")

    keys: dict[str, dict[str, object]] = {}
    current: dict[str, object] = {}
    for line in path.read_text("utf-8", errors="replace").splitlines():
        if m := re.match(r"\[(.*)\] \d+", line):
            current = keys.setdefault(text(m.group(1)).replace("\\\\", "\\"), {})
        elif m := re.match(r'^(@|"(?:[^"\\]|\\.)*")=(.*)$', line):
            name = "" if m.group(1) == "@" else text(m.group(1)[1:-1])
            value = m.group(2)
            if value.startswith("dword:"):
                current[name] = int(value[6:], 16)
            elif value.startswith('"'):
                current[name] = text(value[1:-1])
            else:
                current[name] = value
    return keys


class Prefix:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.env = {**os.environ, "WINEPREFIX": str(root), "WINEDEBUG": "-all", "WINEARCH": "win64",
                    "WINEDLLOVERRIDES": "mscoree,mshtml=", "HOME": str(root.parent / "home"), "DISPLAY": ""}
        self.user = root / "drive_c" / "users" / os.environ.get("USER", "root")

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        assert WINE is not None
        run = subprocess.run([WINE, *args], env=self.env, capture_output=True, text=True, timeout=timeout)
        self.wait()
        return run

    def wait(self) -> None:
        # Every Wine process of the prefix has ended and the registry is flushed to user.reg.
        server = Path(WINE or "").with_name("wineserver")
        subprocess.run([str(server) if server.is_file() else "wineserver", "-w"], env=self.env, timeout=300)

    def registry(self) -> dict[str, dict[str, object]]:
        return read_user_reg(self.root / "user.reg")

    @property
    def local(self) -> Path:
        return self.user / "AppData" / "Local"


@pytest.fixture(scope="module")
def prefix(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Prefix]:
    base = tmp_path_factory.mktemp("wine")
    (base / "home").mkdir()
    prefix = Prefix(base / "prefix")
    prefix.run("wineboot", "--init", timeout=600)
    prefix.run("winecfg", "/v", "win10")  # Wine 8 defaults to Windows 7, which our installer refuses
    prefix.user = next((prefix.root / "drive_c" / "users").glob(os.environ.get("USER", "root")), prefix.user)
    # Wine links Desktop, Documents … to the Linux home; make them real folders inside the prefix.
    for link in prefix.user.iterdir():
        if link.is_symlink():
            link.unlink()
            link.mkdir()
    yield prefix
    prefix.wait()


@pytest.fixture(scope="module")
def setup_exe(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist") / "setup.exe"
    cache = Path(os.environ.get("INSTALLER_WHEEL_CACHE", ROOT / "installer" / "windows" / ".cache" / "wheels"))
    run = subprocess.run([sys.executable, str(ROOT / "installer" / "windows" / "build.py"), "--stand-in-runtime",
                          "--only", ",".join(SUBSET), "--wheels", str(cache), "--out", str(out)],
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr
    assert out.read_bytes()[:2] == b"MZ"
    return out


def locked_wheels() -> list[Path]:
    cache = Path(os.environ.get("INSTALLER_WHEEL_CACHE", ROOT / "installer" / "windows" / ".cache" / "wheels"))
    wheels = [w for w in cache.glob("*.whl")
              if w.name.split("-")[0].lower().replace("_", "-") in SUBSET]
    assert {w.name.split("-")[0].lower().replace("_", "-") for w in wheels} == set(SUBSET)
    return wheels


def lnk_strings(path: Path) -> str:
    data = path.read_bytes()
    assert data[:4] == b"\x4c\x00\x00\x00"  # a Shell Link header
    return data.decode("utf-16-le", errors="ignore") + data.decode("latin-1")


def test_setup_installs_per_user_and_uninstalls_keeping_the_drafts(prefix: Prefix, setup_exe: Path) -> None:
    system_before = (prefix.root / "system.reg").read_text("utf-8", errors="replace")
    run = prefix.run(str(setup_exe), "/S")
    assert run.returncode == 0, run.stderr[-2000:]

    home = prefix.local / "Programs" / APP
    site = home / "Lib" / "site-packages"
    # Our packages and resources, as our wheel ships them.
    for path in ("models/__init__.py", "exporters/__init__.py", "gui/app.py", "importers/__init__.py",
                 "resources/draft.schema.json", "resources/frameworks/sichuan-2017.json"):
        assert (site / path).is_file(), path
    assert list((site / "resources" / "templates").glob("*.docx"))
    assert not (site / "tests").exists()
    # Every file of every locked wheel in the build, byte for byte (binary .pyd ones included).
    for wheel in locked_wheels():
        with zipfile.ZipFile(wheel) as zf:
            names = [n for n in zf.namelist() if not n.endswith("/")]
            for name in names:
                assert (site / name).read_bytes() == zf.read(name), f"{wheel.name}: {name}"
    assert list((site / "lxml").glob("etree.cp312-win_amd64.pyd"))
    # The runtime's ._pth points at the installed site-packages (and leaves the site module off).
    pth = (home / "python" / "python312._pth").read_text("utf-8").splitlines()
    assert pth == ["python312.zip", ".", r"..\Lib\site-packages"]
    assert (home / "python" / "pythonw.exe").is_file() and (home / "uninstall.exe").is_file()

    # The installed tree runs: the pure-Python part of it, by this machine's Python, without its site-packages.
    work = prefix.root.parent / "cli"
    work.mkdir()
    cli = subprocess.run([sys.executable, "-S", "-E", "-c",
                          f"import sys; sys.path[:0] = [{str(site)!r}]; import models, exporters.cli; "
                          f"assert models.__file__.startswith({str(site)!r}); "
                          "sys.exit(exporters.cli.main(['sample', 'sample.json']) or "
                          "exporters.cli.main(['validate', 'sample.json']))"],
                         cwd=work, capture_output=True, text=True, timeout=120)
    assert cli.returncode == 0, cli.stderr

    # Shortcuts with Chinese names, in this user's Start Menu and on this user's desktop.
    start_menu = prefix.user / "AppData" / "Roaming" / "Microsoft" / "Windows" / "Start Menu" / "Programs"
    for lnk in (start_menu / f"{APP}.lnk", prefix.user / "Desktop" / f"{APP}.lnk"):
        assert lnk.is_file(), lnk
        strings = lnk_strings(lnk)
        assert "pythonw.exe" in strings and "-m gui.app" in strings and APP in strings

    reg = prefix.registry()
    uninstall = reg[UNINSTALL_KEY.replace("\\\\", "\\")]
    windows_home = "C:\\users\\" + prefix.user.name + "\\AppData\\Local\\Programs\\" + APP
    assert uninstall["DisplayName"] == APP
    assert uninstall["DisplayVersion"] == "0.1.0"
    assert uninstall["InstallLocation"] == windows_home
    assert uninstall["UninstallString"] == f'"{windows_home}\\uninstall.exe"'
    assert uninstall["QuietUninstallString"] == f'"{windows_home}\\uninstall.exe" /S'
    assert uninstall["NoModify"] == 1 and isinstance(uninstall["EstimatedSize"], int)
    progid = PROGID_KEY.replace("\\\\", "\\")
    assert reg[progid][""] == "绩效自评草稿文件"
    assert reg[progid + "\\shell\\open\\command"][""] == f'"{windows_home}\\python\\pythonw.exe" -m gui.app "%1"'
    assert reg["Software\\Classes\\.json\\OpenWithProgids"] == {"BudgetReportWizard.Draft": ""}
    assert reg["Software\\Classes\\.json"][""] == "BudgetReportWizard.Draft"  # the prefix had no .json handler
    # Per user: nothing in the machine's registry.
    system_after = (prefix.root / "system.reg").read_text("utf-8", errors="replace")
    for name in ("budget-report-wizard", "BudgetReportWizard"):
        assert name not in system_after
    assert "[Software\\\\Microsoft" in system_before  # system.reg was read, not an empty file

    # The clerk has a draft, and the program has written compiled modules beside the installed ones.
    drafts = prefix.local / "budget-report-wizard" / "0123abcd"
    drafts.mkdir(parents=True)
    draft = drafts / "rev-00000001.brw"
    draft.write_bytes("草稿 draft bytes".encode())
    (site / "models" / "__pycache__").mkdir(exist_ok=True)
    (site / "models" / "__pycache__" / "fields.cpython-312.pyc").write_bytes(b"pyc")

    run = prefix.run(str(home / "uninstall.exe"), "/S")
    assert run.returncode == 0, run.stderr[-2000:]
    assert not home.exists(), sorted(p.name for p in home.rglob("*"))[:20]
    assert not (start_menu / f"{APP}.lnk").exists() and not (prefix.user / "Desktop" / f"{APP}.lnk").exists()
    reg = prefix.registry()
    for key in (UNINSTALL_KEY, PROGID_KEY, PROGID_KEY + r"\\shell\\open\\command",
                r"Software\\Classes\\.json\\OpenWithProgids"):
        assert key.replace("\\\\", "\\") not in reg, key
    assert reg.get("Software\\Classes\\.json", {}).get("") is None
    assert draft.read_bytes() == "草稿 draft bytes".encode()


def test_an_older_windows_is_refused_with_a_message(prefix: Prefix, setup_exe: Path) -> None:
    """Qt 6 needs Windows 10 1809: on Windows 7 the installer stops (exit 3) and writes nothing."""
    prefix.run("winecfg", "/v", "win7")
    try:
        run = prefix.run(str(setup_exe), "/S")
        assert run.returncode == 3
        assert not (prefix.local / "Programs" / APP).exists()
    finally:
        prefix.run("winecfg", "/v", "win10")
