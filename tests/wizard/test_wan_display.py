"""万元 on screen: a field shows its value exactly (no more decimals than that needs); read-only
figures beside it have no long tail (0.137052 or 1,234.56789 万元 once stood there)."""

from __future__ import annotations

import re
from decimal import Decimal

from models.money import Unit

D = Decimal


def test_read_only_figures_in_wan_have_no_long_tail(sample, qtbot) -> None:
    session, editor = sample.session, sample.editor
    session.set_display_unit(Unit.WAN)
    editor.go_to(editor.steps.index("finance"))
    page = editor.page(editor.current)
    session.set_value("exp_personnel", D("12345678.90"))  # 1,234.56789 万元
    session.set_value("exp_public", D("1370.52"))  # 0.137052 万元
    line = page.fields["exp_personnel"].line
    assert line.text() == "1,234.56789", "the field itself is exact"
    assert page.fields["exp_public"].line.text() == "0.137052"
    computed = page.fields["exp_basic"].computed.text()
    assert "约 1,234.70 万元" in computed  # 12,347,049.42 元
    assert not re.search(r"\d\.\d{3,}", computed), computed
    session.set_value("exp_basic", D("12347049.12"))  # 0.30 元 off: too small for 万元
    assert "相差 0.30 元" in page.fields["exp_basic"].computed.text()
