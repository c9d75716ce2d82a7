"""Which of the fonts an export names are installed on this PC (Windows: the registry and Fonts folders).

Stock Windows 10/11 (zh-CN) has 仿宋 FangSong, 楷体 KaiTi, 黑体 SimHei and 宋体 SimSun, but not the
GB/T 9704 names 仿宋_GB2312, 楷体_GB2312 or 方正小标宋简体; Word silently substitutes a missing font
(document-format.md §1). The wizard says so in 导出设置 and offers the fonts Windows ships.

Windows lists fonts under HKLM and (per-user installs, Windows 10 1809+) HKCU
``Software\\Microsoft\\Windows NT\\CurrentVersion\\Fonts`` as "FangSong (TrueType)" → "simfang.ttf", and
keeps the files in %WINDIR%\\Fonts and %LOCALAPPDATA%\\Microsoft\\Windows\\Fonts. A font is found under
its Chinese or English family name or the usual file name. Nothing here imports Qt.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from .settings import FontScheme, settings_fonts

FONTS_KEY = r"Software\Microsoft\Windows NT\CurrentVersion\Fonts"
# Every name a font goes by: family names (Chinese, English) and the file stems it usually ships as.
ALIASES: dict[str, tuple[str, ...]] = {
    "仿宋_GB2312": ("仿宋_GB2312", "FangSong_GB2312", "FS_GB2312", "SIMFANG_GB2312"),
    "楷体_GB2312": ("楷体_GB2312", "KaiTi_GB2312", "KT_GB2312", "SIMKAI_GB2312"),
    "方正小标宋简体": ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05", "FZXBSJW",
                       "FZXBSK"),
    "仿宋": ("仿宋", "FangSong", "simfang"),
    "楷体": ("楷体", "KaiTi", "simkai"),
    "黑体": ("黑体", "SimHei", "simhei"),
    "宋体": ("宋体", "SimSun", "simsun", "NSimSun"),
}
_SUFFIX = re.compile(r"\s*\((TrueType|OpenType|Type 1|VGA res)\)\s*$", re.IGNORECASE)


def _norm(name: str) -> str:
    return re.sub(r"[\s_\-]", "", name).casefold()


def registry_font_names() -> list[str]:  # pragma: no cover - Windows only; the tests fake it
    """Value names and file names under both Fonts keys (HKLM, HKCU)."""
    if sys.platform != "win32":
        return []
    import winreg

    names: list[str] = []
    for hive in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
        try:
            key = winreg.OpenKey(hive, FONTS_KEY)
        except OSError:
            continue
        with key:
            index = 0
            while True:
                try:
                    name, value, _ = winreg.EnumValue(key, index)
                except OSError:
                    break
                names.append(name)
                if isinstance(value, str):
                    names.append(Path(value).name)
                index += 1
    return names


def font_folders() -> list[Path]:
    folders = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    local = os.environ.get("LOCALAPPDATA")
    if local:
        folders.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return folders


def folder_font_names(folders: Iterable[Path]) -> list[str]:
    names: list[str] = []
    for folder in folders:
        try:
            names.extend(p.name for p in folder.iterdir())
        except OSError:
            continue
    return names


def installed_fonts(platform: str = sys.platform, *,
                    registry: Callable[[], list[str]] = registry_font_names,
                    folders: Callable[[], list[Path]] = font_folders) -> frozenset[str] | None:
    """The fonts of ``ALIASES`` this PC has (by their names in ALIASES), or None off Windows (unknown:
    the exports are read on the clerk's Windows PC, not here)."""
    if not platform.startswith("win"):
        return None
    raw: list[str] = []
    try:
        raw += registry()
    except OSError:
        pass
    raw += folder_font_names(folders())
    seen: set[str] = set()
    for entry in raw:
        entry = _SUFFIX.sub("", entry)
        stem = re.sub(r"\.(ttf|ttc|otf|fon|fnt)$", "", entry, flags=re.IGNORECASE)
        for part in stem.split("&"):
            seen.add(_norm(part))
    return frozenset(font for font, aliases in ALIASES.items() if any(_norm(a) in seen for a in aliases))


def missing_fonts(scheme: FontScheme, installed: frozenset[str] | None) -> tuple[str, ...]:
    """The East-Asian fonts ``scheme`` names that this PC lacks (none when that cannot be known)."""
    if installed is None:
        return ()
    names = dict.fromkeys(font.east_asia for font in settings_fonts(scheme).values())
    return tuple(name for name in names if name in ALIASES and name not in installed)


def font_note(scheme: FontScheme, installed: frozenset[str] | None) -> str:
    """The sentence 导出设置 shows, or "" when every font is there (or this is not Windows)."""
    missing = missing_fonts(scheme, installed)
    if not missing:
        return ""
    note = f"本机没有安装{'、'.join(missing)}，Word 会用别的字体代替，打印出来可能与要求不同。"
    if scheme is FontScheme.GBT and not missing_fonts(FontScheme.WINDOWS, installed):
        note += "可以改用 Windows 自带的仿宋、楷体、黑体、宋体。"
    return note

