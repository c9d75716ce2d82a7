"""JSON Schema of the portable draft file, generated from the field declarations.

``python -m models.schema`` rewrites resources/draft.schema.json; a test keeps the committed copy current.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from .draft_format import FORMAT_NAME, FORMAT_VERSION, MAX_ROWS, MAX_TEXT_CHARS
from .fields import FIELDS, ROW_FIELDS, FieldSpec, Kind
from .frameworks import BUILTIN_IDS, USER_ID, builtin_frameworks
from .money import Unit
from .report import PRIOR_KINDS

MONEY_PATTERN = r"^-?\d{1,16}(\.\d{1,6})?$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


def _field_schema(spec: FieldSpec) -> dict[str, Any]:
    schema: dict[str, Any]
    if spec.kind is Kind.MONEY:
        schema = {"type": "string", "pattern": MONEY_PATTERN}
    elif spec.kind in (Kind.COUNT, Kind.YEAR):
        schema = {"type": "integer"}
        if spec.minimum is not None:
            schema["minimum"] = int(spec.minimum)
        if spec.maximum is not None:
            schema["maximum"] = int(spec.maximum)
    elif spec.kind is Kind.DATE:
        schema = {"type": "string", "format": "date", "pattern": DATE_PATTERN}
    elif spec.kind is Kind.CHOICE:
        schema = {"type": "string", "enum": list(spec.choices)}
    else:
        schema = {"type": "string", "maxLength": MAX_TEXT_CHARS}
    schema["title"] = spec.label
    if spec.help:
        schema["description"] = spec.help
    if spec.unit:
        schema["x-unit"] = spec.unit
    return schema


def draft_schema() -> dict[str, Any]:
    score_ids = sorted({n.id for fw in builtin_frameworks() for n in fw.scored_leaves()})
    row_props: dict[str, Any] = {"row_id": {"type": "string", "pattern": r"^[0-9A-Za-z_-]{1,40}$"},
                                 "node": {"type": "string", "title": "所属指标（评价框架中的 rows 节点）"}}
    for column in ROW_FIELDS:
        row_props[column.key] = ({"type": ["string", "null"], "pattern": MONEY_PATTERN}
                                 if column.kind is Kind.MONEY else {"type": "string"}) | {"title": column.label}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:budget-report-wizard:draft:v{FORMAT_VERSION}",
        "title": "绩效自评填报助手草稿文件",
        "type": "object",
        "required": ["format", "format_version", "framework"],
        "properties": {
            "format": {"const": FORMAT_NAME},
            "format_version": {"type": "integer", "minimum": 1, "maximum": FORMAT_VERSION},
            "framework": {"anyOf": [{"enum": list(BUILTIN_IDS)},
                                    {"type": "string", "pattern": USER_ID.pattern,
                                     "description": "导入的评价框架（财政局的得分表），副本在 framework_data 中"}]},
            "framework_data": {"type": "object", "description": "导入的评价框架的副本（与评价框架文件的格式相同）"},
            "display_unit": {"enum": [u.value for u in Unit]},
            "values": {"type": "object", "additionalProperties": False,
                       "properties": {f.key: _field_schema(f) for f in FIELDS}},
            "scores": {"type": "object", "additionalProperties": {"type": "string", "pattern": MONEY_PATTERN},
                       "description": "各指标得分，键为评价框架中的指标 id",
                       "properties": {i: {"type": "string", "pattern": MONEY_PATTERN} for i in score_ids}},
            "rows": {"type": "array", "maxItems": MAX_ROWS,
                     "items": {"type": "object", "required": ["row_id", "node"],
                               "additionalProperties": False, "properties": row_props}},
            "explanations": {"type": "object", "additionalProperties": {"type": "string"},
                             "description": "对提醒的说明，键为 规则编号@字段路径"},
            "pending": {"type": "object", "description": "无法识别、待改正的输入，键为字段路径",
                        "additionalProperties": {"type": "object", "required": ["text", "message"],
                                                 "properties": {"text": {"type": "string"},
                                                                "message": {"type": "string"}}}},
            "generated": {
                "type": "object", "description": "说明开头由程序根据填报数生成、仍随数字更新的段落，键为说明字段",
                "additionalProperties": False,
                "properties": {f.key: {"type": "object", "required": ["paragraph", "unit", "phrasing"],
                                       "properties": {"paragraph": {"type": "string"},
                                                      "unit": {"enum": [u.value for u in Unit]},
                                                      "phrasing": {"type": "string"}}}
                               for f in FIELDS if f.kind is Kind.NARRATIVE}},
            "prior": {"type": ["object", "null"], "title": "上年数（只读，从上年报告带入）",
                      "required": ["year"], "additionalProperties": False,
                      "properties": {"year": {"type": "integer", "minimum": 2000, "maximum": 2100},
                                     "values": {"type": "object", "additionalProperties": False,
                                                "properties": {f.key: _field_schema(f) for f in FIELDS
                                                               if f.kind in PRIOR_KINDS}}}},
            "carried": {"type": "object", "title": "从上年带入、尚待核对的文字说明（字段: 带入时的文字）",
                        "additionalProperties": False,
                        "properties": {f.key: {"type": "string", "maxLength": MAX_TEXT_CHARS}
                                       for f in FIELDS if f.kind is Kind.NARRATIVE}},
            "imported": {"type": "object", "additionalProperties": {"type": "string"},
                         "description": "从 Word 报告导入、尚未核对的内容：键为字段路径，值为来源（段落或单元格及原文）"},
            "unplaced": {"type": "array", "items": {"type": "string"},
                         "description": "导入 Word 报告时未能归入栏目的内容（未归类内容），原样保留"},
            "meta": {"type": "object"},
        },
    }


def schema_text() -> str:
    return json.dumps(draft_schema(), ensure_ascii=False, indent=1) + "\n"


SCHEMA_PATH = Path(__file__).resolve().parent.parent / "resources" / "draft.schema.json"

if __name__ == "__main__":
    SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
    sys.stdout.write(f"wrote {SCHEMA_PATH}\n")
