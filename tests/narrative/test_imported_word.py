"""The narrative checks are also the prose checks of an imported Word report (importers run validate)."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from exporters.api import export_report
from importers import import_report
from importers.check import located_findings
from models.sample import build_sample
from tests.narrative.corpus import CLEAN


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with every narrative rewritten from the clean corpus (several paragraphs each)."""
    report = build_sample()
    by_field: dict[str, list[str]] = {}
    for key, text in CLEAN:
        if key not in ("verdict_text",):
            by_field.setdefault(key, []).append(text)
    for key, texts in by_field.items():
        report.values[key] = "\n".join(texts)
    out = tmp_path_factory.mktemp("prose") / "报告.docx"
    export_report(report, docx=out, xlsx=None)
    return out


def _rules(path: Path) -> list[str]:
    return [item.finding.rule for item in located_findings(import_report(path))]


def test_a_correct_report_written_in_word_raises_no_narrative_finding(exported: Path) -> None:
    assert [r for r in _rules(exported) if r.startswith("narrative.")] == []


def test_a_clerk_s_slips_typed_into_the_word_file_are_found(exported: Path, tmp_path: Path) -> None:
    document = docx.Document(str(exported))
    slips = {
        "本局内设机构6个": "本局内设机构7个，分别是：办公室、人事科、财务审计科、政策法规科、规划建设科、执法监督科。",
        "全年预算数4,314.45万元": "全年预算数4,314.45万元，全年执行数4,068.75万元，预算执行率98.31%。",
        "依据川编发": "依据川编发【2019】12号文件，本中心承担全市农产品质量安全检测等工作。",
        "年初根据部门职能": "绩效目标是否细化量化。",
    }
    for paragraph in document.paragraphs:
        for start, replacement in slips.items():
            if paragraph.text.startswith(start):
                for run in paragraph.runs[1:]:
                    run.text = ""
                paragraph.runs[0].text = replacement
    edited = tmp_path / "改过的报告.docx"
    document.save(str(edited))
    rules = _rules(edited)
    for rule in ("narrative.count", "narrative.percent", "narrative.doc_number", "narrative.template_question"):
        assert rule in rules
