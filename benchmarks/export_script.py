"""Whole-process export without the CLI: read a draft file, export it through exporters.api.

    python benchmarks/export_script.py DRAFT.json OUT.docx OUT.xlsx

Used by export.py only while ``budget-report-cli export`` is not in the repository; it does what the
CLI's export command does minus argument parsing.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main() -> int:
    from exporters.api import export_report
    from models.draft_format import read_draft_file

    export_report(read_draft_file(Path(sys.argv[1])), docx=Path(sys.argv[2]), xlsx=Path(sys.argv[3]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
