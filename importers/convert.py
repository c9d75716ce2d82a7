"""Old Word files (.doc, .wps, .rtf) become .docx through an office suite found on the PC.

LibreOffice (``soffice`` on PATH, or in its usual install folders on Windows) converts headless, with a
profile of its own in the temp folder, so it never touches the clerk's LibreOffice settings and two
conversions never share one. On Windows, Word or WPS through their automation interface (pywin32)
when LibreOffice is not there. Without any suite the clerk is told what to do in Word or WPS.

Everything happens in a temp folder that is removed afterwards; the clerk's file is only read.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

NO_SUITE = '本机没有找到可以转换旧版文档的办公软件。请在 Word 或 WPS 中打开后"另存为".docx，再导入。'
CONVERT_SECONDS = 120
MAX_CONVERTED_BYTES = 50 * 1024 * 1024


class ConversionError(Exception):
    """The file could not be converted; ``str()`` is one Chinese sentence."""


def _windows_candidates() -> Iterator[Path]:
    for variable in ("ProgramFiles", "ProgramFiles(x86)", "ProgramW6432", "LOCALAPPDATA"):
        base = os.environ.get(variable)
        if not base:
            continue
        root = Path(base)
        yield root / "LibreOffice" / "program" / "soffice.exe"
        for versioned in sorted(root.glob("LibreOffice*"), reverse=True):
            yield versioned / "program" / "soffice.exe"
        if variable == "LOCALAPPDATA":
            yield root / "Programs" / "LibreOffice" / "program" / "soffice.exe"


def find_soffice(platform: str | None = None) -> Path | None:
    """LibreOffice's soffice: on PATH, or in its usual install folders on Windows (and macOS)."""
    platform = platform or sys.platform
    for name in ("soffice", "libreoffice", "soffice.exe"):
        found = shutil.which(name)
        if found:
            return Path(found)
    candidates: list[Path] = []
    if platform.startswith("win"):
        candidates.extend(_windows_candidates())
    elif platform == "darwin":
        candidates.append(Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"))
    return next((c for c in candidates if c.is_file()), None)


_PROFILE: list[Path] = []


def _profile() -> Path:
    """A LibreOffice profile of this process, made once (a fresh profile costs seconds at every start) and
    removed when the process ends; never the clerk's own profile, never shared with another process."""
    if not _PROFILE:
        folder = Path(tempfile.mkdtemp(prefix="brw-lo-profile-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        _PROFILE.append(folder)
    return _PROFILE[0]


def _file_uri(path: Path) -> str:
    return path.resolve().as_uri()


def convert_with_soffice(soffice: Path, source: Path, work: Path) -> bytes:
    """Convert ``source`` to .docx with LibreOffice in ``work``; the converted bytes."""
    suffix = source.suffix.lower() if source.suffix.lower() in (".doc", ".wps", ".rtf") else ".doc"
    inside = work / f"input{suffix}"  # an ASCII name: some suites mishandle Chinese names on the command line
    shutil.copyfile(source, inside)
    profile = _profile()
    command = [str(soffice), f"-env:UserInstallation={_file_uri(profile)}", "--headless", "--norestore",
               "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(work / "out"), str(inside)]
    try:
        run = subprocess.run(command, capture_output=True, timeout=CONVERT_SECONDS, check=False,
                             stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        raise ConversionError(f"LibreOffice 转换超过 {CONVERT_SECONDS} 秒仍未完成，文件可能过大或已损坏。") from exc
    except OSError as exc:
        raise ConversionError(f"无法启动 LibreOffice（{soffice}）：{exc.strerror or exc}") from exc
    out = work / "out" / "input.docx"
    if not out.is_file():
        detail = (run.stderr or run.stdout).decode("utf-8", "replace").strip().splitlines()
        raise ConversionError("LibreOffice 无法读取这个文件，文件可能已损坏或不是 Word 文档"
                              + (f"（{detail[-1][:80]}）" if detail else "") + "。")
    if out.stat().st_size > MAX_CONVERTED_BYTES:
        raise ConversionError("转换后的文件超过 50 MB，不像是自评报告。")
    return out.read_bytes()


def convert_with_office_automation(source: Path, work: Path) -> bytes | None:
    """Word, then WPS, through COM on Windows; None when neither is installed (or pywin32 is missing)."""
    try:
        import win32com.client
    except ImportError:
        return None
    out = work / "converted.docx"
    for prog_id in ("Word.Application", "KWPS.Application", "WPS.Application"):
        try:
            app = win32com.client.DispatchEx(prog_id)
        except Exception:  # COM raises pywintypes.com_error when the suite is absent
            continue
        try:
            app.Visible = False
            app.DisplayAlerts = 0
            document = app.Documents.Open(str(source.resolve()), ReadOnly=True, AddToRecentFiles=False)
            try:
                document.SaveAs2(str(out), FileFormat=16)  # wdFormatDocumentDefault (.docx)
            finally:
                document.Close(False)
        except Exception as exc:  # any COM failure
            raise ConversionError(f"{prog_id.split('.')[0]} 无法转换这个文件：{str(exc)[:80]}") from exc
        finally:
            try:
                app.Quit()
            except Exception:  # the suite may already have gone
                pass
        if out.is_file():
            return out.read_bytes()
    return None


Converter = Callable[[Path, Path], bytes | None]


def convert_to_docx(source: Path, *, soffice: Path | None = None, platform: str | None = None) -> tuple[bytes, str]:
    """The .docx bytes of an old-format document and the name of the suite that converted it."""
    platform = platform or sys.platform
    with tempfile.TemporaryDirectory(prefix="brw-convert-") as folder:
        work = Path(folder)
        found = soffice or find_soffice(platform)
        if found is not None:
            return convert_with_soffice(found, source, work), "LibreOffice"
        if platform.startswith("win"):
            data = convert_with_office_automation(source, work)
            if data is not None:
                return data, "Word/WPS"
    raise ConversionError(NO_SUITE)
