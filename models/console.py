"""What the command line prints: one line per call, terminal codes shown escaped, UTF-8 into files.

A unit name is data from a file: an ESC sequence in it could recolour or rewrite the clerk's
terminal, a CR or LF could forge a line ("已导出" for a file never written), a bidi override could
reorder what is read. Every human-readable line goes through ``say``, which shows such characters
as escapes (``\\x1b``, ``\\r``, ``\\u202e``). JSON output is data and is written as it is (json.dumps
escapes control characters itself).
"""

from __future__ import annotations

import re
import sys
from typing import TextIO

_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def terminal_safe(text: str) -> str:
    """``text`` with control characters, line breaks and bidi controls shown as escapes."""
    def escape(match: re.Match[str]) -> str:
        ch = match.group()
        return _NAMED.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")

    return _UNSAFE.sub(escape, text)


def say(text: str, *, err: bool = False) -> None:
    """Print one line for a person to read (stderr with ``err``)."""
    stream: TextIO = sys.stderr if err else sys.stdout
    print(terminal_safe(text), file=stream)


def prepare_streams() -> None:
    """UTF-8 into a file or pipe, whatever the console's code page; never a crash on a console.

    ``drafts show --json ID > f.json`` under a GBK console must give a file ``drafts import`` reads
    back with every emoji, 𠀀 and €; on the console itself an unencodable character becomes "?".
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            to_console = stream.isatty()
        except (OSError, ValueError):
            to_console = False
        if to_console:
            reconfigure(errors="replace")
        else:
            reconfigure(encoding="utf-8", errors="replace")
