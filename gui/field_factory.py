"""One widget factory per field kind: a field added to models.fields appears on its page."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from models.editing import EditSession
from models.fields import FieldSpec, Kind

from .widgets.date_field import DateField
from .widgets.field_box import FieldBox
from .widgets.money_field import MoneyField
from .widgets.narrative_field import NarrativeField
from .widgets.simple_fields import ChoiceField, IntegerField, TextField

Factory = Callable[[FieldSpec, EditSession, QWidget | None], FieldBox]

FACTORIES: dict[Kind, Factory] = {
    Kind.TEXT: TextField,
    Kind.NARRATIVE: NarrativeField,
    Kind.MONEY: MoneyField,
    Kind.COUNT: IntegerField,
    Kind.YEAR: IntegerField,
    Kind.DATE: DateField,
    Kind.CHOICE: ChoiceField,
}


def create_field(spec: FieldSpec, session: EditSession, parent: QWidget | None = None) -> FieldBox:
    return FACTORIES[spec.kind](spec, session, parent)
