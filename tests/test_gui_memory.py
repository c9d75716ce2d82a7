"""What the GUI process holds beyond Qt: no OpenSSL, no module sources kept by PySide6's feature check."""

from __future__ import annotations

import hashlib
import linecache
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_draft_digest_is_sha256() -> None:
    from models.sha256 import sha256

    for data in (b"", b"abc", bytes(range(256)) * 1000):
        digest = sha256(data[:7])
        digest.update(memoryview(data)[7:])
        assert digest.digest() == hashlib.sha256(data).digest()


def test_the_editor_loads_no_openssl() -> None:
    """hashlib (and secrets, through hmac) load OpenSSL's libcrypto: 3.5 MiB for one digest."""
    code = textwrap.dedent("""
        import sys
        import gui.app, gui.main_window, gui.editor, models.drafts, models.draft_store, models.atomic
        print(sorted(m for m in ("_hashlib", "hashlib", "hmac", "secrets") if m in sys.modules))
    """)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_pyside_keeps_no_source_lines_of_modules_imported_after_it(tmp_path: Path, monkeypatch) -> None:
    import gui.app  # noqa: F401  (installs the lean check)

    feature = sys.modules["shibokensupport.feature"]
    from gui.import_memory import uses_pyside

    assert feature._mod_uses_pyside is uses_pyside
    (tmp_path / "brw_plain_mod.py").write_text("X = 1\n", encoding="utf-8")
    (tmp_path / "brw_qt_mod.py").write_text("from PySide6 import QtCore\nY = 2\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    import brw_plain_mod  # type: ignore[import-not-found]
    import brw_qt_mod  # type: ignore[import-not-found]

    assert not any(name.endswith(("brw_plain_mod.py", "brw_qt_mod.py")) for name in linecache.cache)
    # The same answers as PySide6's own check: the module's source mentions PySide6 or not.
    assert feature.pyside_feature_dict["brw_plain_mod"] == -1
    assert feature.pyside_feature_dict["brw_qt_mod"] == 0
    assert uses_pyside(brw_qt_mod) and not uses_pyside(brw_plain_mod) and not uses_pyside(sys)
