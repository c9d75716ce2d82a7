"""Minimal reproducer for the stolen references (the "profile" of keystroke.stolen_refs_per_key).

    python benchmarks/refcount_repro.py

Prints how many references to None / True one call of a few Qt APIs loses, without the project's
code. Expected 0 everywhere; PySide6 6.12.0 on CPython 3.11 loses 1 per void call (None) and 1 per
Signal.emit (True); 6.11.3 loses none; on CPython ≥ 3.12 these objects are immortal.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

import PySide6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

CALLS = 200  # small: True has only ~1,400 references to lose before CPython aborts


class Emitter(QObject):
    changed = Signal(str)


def loss(obj: object, fn: Callable[[], object]) -> float:
    before = sys.getrefcount(obj)
    for _ in range(CALLS):
        fn()
    return (before - sys.getrefcount(obj)) / CALLS


def main() -> int:
    app = QApplication(sys.argv[:1])
    label, edit, emitter = QLabel(), QLineEdit(), Emitter()
    print(f"CPython {sys.version.split()[0]}, PySide6 {PySide6.__version__}")
    print(f"references to None lost per QLabel.setText(...):     {loss(None, lambda: label.setText('x')):.2f}")
    print(f"references to None lost per QLineEdit.setVisible(...): {loss(None, lambda: edit.setVisible(True)):.2f}")
    print(f"references to None lost per QLabel.text():           {loss(None, label.text):.2f}")
    print(f"references to True lost per Signal.emit(...):        {loss(True, lambda: emitter.changed.emit('x')):.2f}")
    print(f"references left: None {sys.getrefcount(None)}, True {sys.getrefcount(True)}")
    del app
    sys.stdout.flush()
    os._exit(0)  # interpreter teardown with these counts this low may itself abort


if __name__ == "__main__":
    sys.exit(main())
