"""models/, importers/ and exporters/ never import Qt or gui: proven by importing them with PySide6 unimportable;
importers/ imports models only (not exporters)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BLOCKER = textwrap.dedent("""
    import importlib.abc, pkgutil, sys

    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("PySide6", "shiboken6", "gui", "PyQt5", "PyQt6"):
                raise ImportError(f"blocked: {name}")
            return None

    sys.meta_path.insert(0, Block())
    import models, importers, exporters
    names = []
    for package in (models, importers, exporters):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if info.name.endswith("__main__"):
                continue
            __import__(info.name)
            names.append(info.name)
    from exporters.cli import main
    assert main(["validate", sys.argv[1]]) == 0
    print(len(names))
""")


def test_models_and_exporters_import_without_qt(tmp_path: Path) -> None:
    from models.cli import main

    sample = tmp_path / "s.json"
    assert main(["sample", str(sample)]) == 0
    run = subprocess.run([sys.executable, "-c", BLOCKER, str(sample)], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert int(run.stdout.strip().splitlines()[-1]) >= 10


def test_cli_start_does_not_load_office_libraries() -> None:
    code = ("import sys; from models.cli import main; import exporters.cli; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('docx','openpyxl','docxtpl','PySide6')))")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


IMPORTERS_ONLY_MODELS = textwrap.dedent("""
    import importlib.abc, pkgutil, sys

    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("PySide6", "shiboken6", "gui", "exporters"):
                raise ImportError(f"blocked: {name}")
            return None

    sys.meta_path.insert(0, Block())
    import importers
    count = 0
    for info in pkgutil.walk_packages(importers.__path__, "importers."):
        __import__(info.name)
        count += 1
    print(count)
""")


def test_importers_import_models_only() -> None:
    run = subprocess.run([sys.executable, "-c", IMPORTERS_ONLY_MODELS], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    assert int(run.stdout.strip().splitlines()[-1]) >= 8
