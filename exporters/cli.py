"""``budget-report-cli``: the model's commands plus ``export``. Never imports Qt.

Lives in exporters/ because the export command needs the exporters, and models/ may not import them.
"""

from __future__ import annotations

import argparse
import sys

from models.cli import build_parser, run


def parser() -> argparse.ArgumentParser:
    """Every command of ``budget-report-cli`` (models.argparse_zh: all of its texts in Chinese)."""
    from importers import cli as import_cli  # import-report, check
    from importers import new_year_cli  # new-year

    from . import export_cli, framework_cli  # light: the heavy libraries are imported only when used

    return build_parser(export_cli.add_parser, import_cli.add_parser, framework_cli.add_parser,
                        new_year_cli.add_parser)


def main(argv: list[str] | None = None) -> int:
    return run(parser(), argv)


if __name__ == "__main__":
    sys.exit(main())
