"""The export floor: plain python-docx + openpyxl writing the same content as the real export.

    python benchmarks/bare_export.py CONTENT.json OUT.docx OUT.xlsx [--repeat N]

CONTENT.json is extracted from the real export's own output (export.py: content_of), so the floor
writes the same paragraphs, tables of the same sizes and the same cells — with none of the project's
styling, templates, validation or layout rules. Loads nothing of the project.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import docx
import openpyxl


def write_docx(content: dict[str, Any], path: Path) -> None:
    document = docx.Document()
    for kind, data in content["body"]:
        if kind == "p":
            document.add_paragraph(data)
        else:
            rows: list[list[str]] = data
            table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            for row, texts in zip(table.rows, rows, strict=True):
                for cell, text in zip(row.cells, texts, strict=False):
                    cell.text = text
    document.save(str(path))


def write_xlsx(content: dict[str, Any], path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for sheet in content["sheets"]:
        worksheet = workbook.create_sheet(sheet["title"])
        for row, column, value in sheet["cells"]:
            worksheet.cell(row=row, column=column, value=value)
    workbook.save(str(path))


def main() -> int:
    content = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 0
    write_docx(content, Path(sys.argv[2]))
    write_xlsx(content, Path(sys.argv[3]))
    if repeat:  # in-process floor: time further writes of the same content (imports already paid)
        samples = []
        for _ in range(repeat):
            start = time.perf_counter()
            write_docx(content, Path(sys.argv[2]))
            write_xlsx(content, Path(sys.argv[3]))
            samples.append(time.perf_counter() - start)
        print("BENCH_RESULT " + json.dumps({"write_s": samples}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
