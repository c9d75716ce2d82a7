"""The floor of ``check`` of a Word report: open it with python-docx and walk every paragraph and every
cell of every table, as any reader of the document must (run as a whole process, like the CLI).

    python benchmarks/bare_read.py REPORT.docx
"""

from __future__ import annotations

import sys

import docx


def main(path: str) -> int:
    document = docx.Document(path)
    chars = sum(len(p.text) for p in document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                chars += len(cell.text)
    return chars


if __name__ == "__main__":
    main(sys.argv[1])
