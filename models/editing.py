"""The editing API in one place, for existing imports: ``from models.editing import EditSession``.

The parts live in their own modules (new code may import them directly):

- models.edit_commands: Change, ChangeKind and the undoable commands;
- models.step_states: StepState, StepStatus, step_status;
- models.paste_parsing: parse_date, clean_pasted_text, parse_pasted_rows, RowPasteError;
- models.edit_session: EditSession;
- models.compute: staff_parts_sum.
"""

from __future__ import annotations

from .compute import staff_parts_sum
from .edit_commands import (
    Batch,
    Change,
    ChangeKind,
    Command,
    InsertRows,
    Listener,
    RemoveRows,
    SetDisplayUnit,
    SetExplanation,
    SetRowField,
    SetScore,
    SetValue,
    SwapRows,
)
from .edit_session import MAX_HISTORY, EditSession
from .paste_parsing import RowPasteError, clean_pasted_text, parse_date, parse_pasted_rows
from .step_states import INPUT_RULE, MISSING_RULES, StepState, StepStatus, step_status

__all__ = [
    "INPUT_RULE", "MAX_HISTORY", "MISSING_RULES", "Batch", "Change", "ChangeKind", "Command", "EditSession",
    "InsertRows", "Listener", "RemoveRows", "RowPasteError", "SetDisplayUnit", "SetExplanation",
    "SetRowField", "SetScore", "SetValue", "StepState", "StepStatus", "SwapRows", "clean_pasted_text",
    "parse_date", "parse_pasted_rows", "staff_parts_sum", "step_status",
]
