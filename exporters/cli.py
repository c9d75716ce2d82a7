"""``budget-report-cli``: the model's commands plus ``export``. Never imports Qt.

Lives in exporters/ because the export command needs the exporters, and models/ may not import them.
"""

from __future__ import annotations

import sys

from models.cli import build_parser, run


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    from . import export_cli  # light: the heavy libraries are imported only when exporting

    export_cli.add_parser(parser._subparsers._group_actions[0])  # type: ignore[union-attr]
    return run(parser, argv)


if __name__ == "__main__":
    sys.exit(main())
