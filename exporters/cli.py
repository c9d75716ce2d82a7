"""``budget-report-cli``: the model's commands plus ``export``. Never imports Qt.

Lives in exporters/ because the export command needs the exporters, and models/ may not import them.
"""

from __future__ import annotations

import sys

from models.cli import build_parser, run


def main(argv: list[str] | None = None) -> int:
    from importers import cli as import_cli  # import-report, check
    from importers import new_year_cli  # new-year

    from . import export_cli, framework_cli  # light: the heavy libraries are imported only when used

    return run(build_parser(export_cli.add_parser, import_cli.add_parser, framework_cli.add_parser,
                            new_year_cli.add_parser), argv)


if __name__ == "__main__":
    sys.exit(main())
