"""Committed generated files (JSON Schema, rule catalogue) match what the code generates now."""

from __future__ import annotations

from models.catalogue import CATALOGUE_PATH, catalogue_text
from models.schema import SCHEMA_PATH, schema_text


def test_schema_is_current() -> None:
    assert SCHEMA_PATH.read_text("utf-8") == schema_text(), "run: python -m models.schema"


def test_rule_catalogue_is_current() -> None:
    assert CATALOGUE_PATH.read_text("utf-8") == catalogue_text(), "run: python -m models.catalogue"


def test_schema_accepts_the_sample_shape() -> None:
    import json

    from models.draft_format import report_to_dict
    from models.sample import build_sample
    from models.schema import draft_schema

    schema = draft_schema()
    data = json.loads(json.dumps(report_to_dict(build_sample())))
    props = schema["properties"]["values"]["properties"]
    assert set(data["values"]) <= set(props)
    assert set(data["scores"]) <= set(schema["properties"]["scores"]["properties"])
