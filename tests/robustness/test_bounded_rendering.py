"""Bounded rendering, and every part docxtpl renders is checked (reliability.md, round 2).

A bureau template may use only our placeholders and still loop or grow without end; docxtpl renders
the whole XML of the body, headers, footers and footnotes, so a tag in a field code, an attribute or
a footnote runs although the paragraph text never showed it. These templates are refused by the
check (what the GUI shows when the clerk picks the file) and by the export, quickly, writing nothing;
what only rendering can find is stopped by the render budget; an export can be cancelled.
"""

from __future__ import annotations

import time
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from exporters import render_budget
from exporters.api import ExportCancelled, RenderLimitError, TemplateError, check_template, export_report
from models.report import IndicatorRow
from models.sample import build_sample


def _run(paragraph: Any, **children: str) -> Any:
    run = OxmlElement("w:r")
    for tag, value in children.items():
        if tag == "fldChar":
            child = OxmlElement("w:fldChar")
            child.set(qn("w:fldCharType"), value)
        else:
            child = OxmlElement(f"w:{tag}")
            child.set(qn("xml:space"), "preserve")
            child.text = value
        run.append(child)
    paragraph._p.append(run)
    return run


def complex_field(paragraph: Any, code: str, result: str = "链接") -> None:
    _run(paragraph, fldChar="begin")
    _run(paragraph, instrText=code)
    _run(paragraph, fldChar="separate")
    _run(paragraph, t=result)
    _run(paragraph, fldChar="end")


def simple_field(paragraph: Any, code: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), code)
    paragraph._p.append(field)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NOTES = {  # kind: (part name, relationship type, content type, root, item)
    "footnote": ("footnotes", "footnotes", "footnotes", "footnotes", "footnote"),
    "endnote": ("endnotes", "endnotes", "endnotes", "endnotes", "endnote"),
    "comment": ("comments", "comments", "comments", "comments", "comment"),
}


def with_notes_part(path: Path, kind: str, text: str) -> Path:
    """The template at ``path`` with a footnotes, endnotes or comments part holding ``text``."""
    part, rel, ctype, root, item = NOTES[kind]
    author = ' w:author="x"' if kind == "comment" else ""
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{root} xmlns:w="{_W}">'
           f'<w:{item} w:id="1"{author}><w:p><w:r><w:t>{text}</w:t></w:r>'
           f'</w:p></w:{item}></w:{root}>').encode()
    out = path.with_name(f"{kind}-{path.name}")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", (
                    f'<Relationship Id="rId99" Type="{_R}/{rel}" Target="{part}.xml"/></Relationships>').encode())
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", (
                    f'<Override PartName="/word/{part}.xml" ContentType="application/vnd.openxmlformats-'
                    f'officedocument.wordprocessingml.{ctype}+xml"/></Types>').encode())
            zout.writestr(info, data)
        zout.writestr(f"word/{part}.xml", xml)
    return out


def template_with(folder: Path, place: str, payload: str) -> Path:
    """A template with a good placeholder in the body and ``payload`` at ``place``."""
    document = docx.Document()
    document.add_paragraph("填报单位：{{ unit_name }}")
    paragraph = document.add_paragraph("见：")
    if place == "instrText":
        complex_field(paragraph, f'HYPERLINK "{payload}"')
    elif place == "fldSimple":
        simple_field(paragraph, f'HYPERLINK "{payload}"')
    elif place == "field-code-text":  # w:t between begin and separate: Word reads it as code
        _run(paragraph, fldChar="begin")
        _run(paragraph, instrText='HYPERLINK "')
        _run(paragraph, t=payload)
        _run(paragraph, instrText='"')
        _run(paragraph, fldChar="separate")
        _run(paragraph, t="链接")
        _run(paragraph, fldChar="end")
    elif place == "deleted-text":
        deleted = OxmlElement("w:del")
        deleted.set(qn("w:id"), "5")
        deleted.set(qn("w:author"), "x")
        run = OxmlElement("w:r")
        text = OxmlElement("w:delText")
        text.text = payload
        run.append(text)
        deleted.append(run)
        paragraph._p.append(deleted)
    elif place == "attribute":
        paragraph._p.set(qn("w:rsidR"), "00AB12CD")
        bookmark = OxmlElement("w:bookmarkStart")
        bookmark.set(qn("w:id"), "0")
        bookmark.set(qn("w:name"), payload)
        paragraph._p.append(bookmark)
    elif place == "header":
        document.sections[0].header.paragraphs[0].text = payload
    elif place == "footer":
        document.sections[0].footer.paragraphs[0].text = payload
    path = folder / f"{place}.docx"
    document.save(str(path))
    if place in NOTES:
        return with_notes_part(path, place, payload)
    return path


PLACES = ["instrText", "fldSimple", "field-code-text", "deleted-text", "attribute", "header", "footer",
          "footnote", "endnote", "comment"]
WORDS = {"instrText": "域代码", "fldSimple": "域代码", "field-code-text": "域代码", "deleted-text": "正文",
         "attribute": "属性", "header": "页眉", "footer": "页脚", "footnote": "脚注", "endnote": "尾注",
         "comment": "批注"}


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every Jinja compilation: a refused template compiles nothing."""
    from jinja2.sandbox import SandboxedEnvironment

    calls: list[str] = []
    real = SandboxedEnvironment.from_string

    def from_string(self: Any, source: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(str(source)[:80])
        return real(self, source, *args, **kwargs)

    monkeypatch.setattr(SandboxedEnvironment, "from_string", from_string)
    return calls


@pytest.mark.parametrize("place", PLACES)
def test_python_internals_anywhere_docxtpl_renders_are_refused_before_rendering(
        place: str, tmp_path: Path, rendered: list[str]) -> None:
    template = template_with(tmp_path, place, "{{ ''.__class__ }}")
    issues = check_template(template, build_sample())
    blocking = [i for i in issues if i.blocking]
    assert blocking and any(WORDS[place] in str(i) for i in blocking), issues
    out = tmp_path / "报告.docx"
    with pytest.raises(TemplateError) as info:
        export_report(build_sample(), docx=out, xlsx=None, docx_template=template)
    assert WORDS[place] in str(info.value) and not out.exists()
    assert rendered == []


@pytest.mark.parametrize("place", ["instrText", "fldSimple", "field-code-text"])
def test_a_clerks_value_never_lands_in_a_field_instruction(place: str, tmp_path: Path) -> None:
    template = template_with(tmp_path, place, "{{ unit_name }}")
    issues = check_template(template, build_sample())
    assert any(i.blocking and "域代码" in str(i) for i in issues), issues
    report = build_sample()
    report.values["unit_name"] = 'x" \\l "y'  # a switch smuggled into HYPERLINK, were it filled in
    with pytest.raises(TemplateError):
        export_report(report, docx=tmp_path / "o.docx", xlsx=None, docx_template=template)


def test_a_footnote_with_our_placeholder_is_filled_and_a_good_field_is_kept(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("单位：{{ unit_name }}，第 ")
    simple_field(paragraph, " PAGE ")
    complex_field(document.add_paragraph("网址："), 'HYPERLINK "https://czj.example.gov.cn"', "财政局")
    path = tmp_path / "t.docx"
    document.save(str(path))
    template = with_notes_part(path, "footnote", "注：{{ unit_name }}")
    assert not [i for i in check_template(template, build_sample()) if i.blocking]
    out = tmp_path / "o.docx"
    export_report(build_sample(), docx=out, xlsx=None, docx_template=template)
    with zipfile.ZipFile(out) as zf:
        notes = zf.read("word/footnotes.xml").decode()
        body = zf.read("word/document.xml").decode()
    assert "注：蓉溪市农业农村局" in notes and "{{" not in notes
    assert 'w:instr=" PAGE "' in body and "czj.example.gov.cn" in body


def test_a_footnote_is_rendered_once_even_in_a_template_of_two_sections(tmp_path: Path) -> None:
    """docxtpl renders the footnotes once per section: the second pass would run a clerk's {{ }}."""
    document = docx.Document()
    document.add_paragraph("{{ unit_name }}")
    document.add_section()
    document.add_paragraph("第二节")
    path = tmp_path / "t.docx"
    document.save(str(path))
    template = with_notes_part(path, "footnote", "单位：{{ unit_name }}")
    report = build_sample()
    report.values["unit_name"] = "{{ 7 * 7 }}局"
    out = tmp_path / "o.docx"
    export_report(report, docx=out, xlsx=None, docx_template=template)
    with zipfile.ZipFile(out) as zf:
        notes = zf.read("word/footnotes.xml").decode()
    assert "单位：{{ 7 * 7 }}局" in notes and "49" not in notes


# ---------------------------------------------------------------- bounded rendering

def paragraphs_template(folder: Path, name: str, *paragraphs: str) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path = folder / name
    document.save(str(path))
    return path


def unbounded(folder: Path, what: str) -> Path:
    if what == "six-nested-loops":
        names = "abcdef"
        return paragraphs_template(folder, "loops.docx", "{{ unit_name }}",
                                   *(f"{{% for {n} in scoring_rows %}}" for n in names), "{{ f.level3 }}",
                                   *("{% endfor %}" for _ in names))
    if what == "replace-chain":
        return paragraphs_template(folder, "replace.docx",
                                   "{{ unit_name" + "|replace('', 'XXXXXXXXXX')" * 9 + " }}")
    if what == "field-code-multiply":
        document = docx.Document()
        document.add_paragraph("{{ unit_name }}")
        complex_field(document.add_paragraph(), "{{ 'x' * 10**9 }}")
        path = folder / "field.docx"
        document.save(str(path))
        return path
    raise AssertionError(what)


@pytest.mark.parametrize("what", ["six-nested-loops", "replace-chain", "field-code-multiply"])
def test_a_template_that_would_never_finish_is_refused_by_the_check_and_the_export(
        what: str, tmp_path: Path) -> None:
    template = unbounded(tmp_path, what)
    started = time.monotonic()
    issues = check_template(template, build_sample())
    assert any(i.blocking for i in issues), issues
    out = tmp_path / "报告.docx"
    with pytest.raises(TemplateError):
        export_report(build_sample(), docx=out, xlsx=None, docx_template=template)
    assert not out.exists()
    assert time.monotonic() - started < 20


def many_rows(count: int) -> Any:
    report = build_sample()
    node = next(r.node for r in report.rows)
    report.rows = [IndicatorRow(node=node, row_id=f"r{i}", name=f"指标{i}") for i in range(count)]
    return report


def test_loops_within_the_nesting_limit_still_stop_at_the_step_budget(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Three nested loops over 600 rows are 2 x 10^8 steps: allowed statically, stopped while rendering."""
    monkeypatch.setattr(render_budget, "MAX_LOOP_STEPS", 200_000)  # the same bound, reached sooner
    template = paragraphs_template(tmp_path, "t.docx", "{{ unit_name }}", "{% for a in scoring_rows %}",
                                   "{% for b in scoring_rows %}", "{% for c in scoring_rows %}", "{{ c.level3 }}",
                                   "{% endfor %}", "{% endfor %}", "{% endfor %}")
    report = many_rows(600)
    issues = check_template(template, report)
    assert any(i.blocking and "循环" in i.message for i in issues), issues
    with pytest.raises(RenderLimitError) as info:
        export_report(report, docx=tmp_path / "o.docx", xlsx=None, docx_template=template, draft=True)
    assert "循环" in str(info.value) and not (tmp_path / "o.docx").exists()


def test_output_that_grows_past_the_bound_is_stopped_before_it_is_made(tmp_path: Path) -> None:
    """Each replace multiplies by ten: 10^11 characters, refused before the string exists."""
    template = paragraphs_template(tmp_path, "t.docx",
                                   "{{ unit_name" + "|replace('局', '局局局局局局局局局局')" * 8 + " }}")
    report = build_sample()
    report.values["unit_name"] = "局" * 1000
    started = time.monotonic()
    with pytest.raises(RenderLimitError) as info:
        export_report(report, docx=tmp_path / "o.docx", xlsx=None, docx_template=template)
    assert "replace" in str(info.value) and time.monotonic() - started < 20
    assert any(i.blocking and "replace" in i.message for i in check_template(template, report))


def test_time_is_bounded_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_budget, "MAX_SECONDS", 0.0)
    template = paragraphs_template(tmp_path, "t.docx", "{% for a in scoring_rows %}{{ a.level3 }}{% endfor %}",
                                   *("{{ unit_name }}" for _ in range(300)))
    with pytest.raises(RenderLimitError) as info:
        export_report(build_sample(), docx=tmp_path / "o.docx", xlsx=None, docx_template=template)
    assert "秒" in str(info.value)


def test_an_export_can_be_cancelled_while_a_template_renders(tmp_path: Path) -> None:
    template = paragraphs_template(tmp_path, "t.docx", "{{ unit_name }}", "{% for a in scoring_rows %}",
                                   "{% for b in scoring_rows %}", "{{ b.level3 }}", "{% endfor %}", "{% endfor %}")
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 3  # the clerk clicks 取消 once the render is under way

    with pytest.raises(ExportCancelled):
        export_report(many_rows(400), docx=tmp_path / "o.docx", xlsx=tmp_path / "o.xlsx",
                      docx_template=template, cancelled=cancelled, draft=True)
    assert len(asked) > 3 and list(tmp_path.glob("o.*")) == []


def test_the_clerk_can_cancel_an_export_in_the_window(sample: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    from PySide6.QtCore import QThreadPool

    from exporters import docx_template
    from gui import export_panel, export_settings_box

    class Slow(render_budget.RenderBudget):
        """The export's render (the one that can be cancelled) pauses at its checks until 取消 is clicked,
        so the click always lands while the template renders (a trial render in the check never waits)."""

        def __init__(self, text_chars: int = 0, cancelled: Any = None) -> None:
            super().__init__(text_chars, cancelled)
            self.waits = cancelled is not None

        def check(self) -> None:
            until = time.monotonic() + 10
            while self.waits and not self.cancelled() and time.monotonic() < until:
                time.sleep(0.01)
            super().check()

    monkeypatch.setattr(docx_template, "RenderBudget", Slow)
    template = paragraphs_template(tmp_path, "慢模板.docx", "{{ unit_name }}", "{% for a in scoring_rows %}",
                                   "{% for b in scoring_rows %}", "{{ b.level3 }}", "{% endfor %}", "{% endfor %}")
    editor = sample.editor
    editor.go_to(len(editor.steps) - 1)
    page = editor.page(editor.current)
    monkeypatch.setattr(export_settings_box, "ask_template_path", lambda parent, kind, start: template)
    page.settings_box.rows["docx"].pick.click()
    qtbot.waitUntil(lambda: not page.settings_box.busy and page.export.final_button.isEnabled(), timeout=30000)
    target = tmp_path / "out" / "报告.docx"
    target.parent.mkdir()
    monkeypatch.setattr(export_panel, "ask_export_path", lambda parent, suggested: target)
    page.export.final_button.click()
    qtbot.waitUntil(lambda: page.export.cancel_button.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: "生成 Word" in page.export.result.text(), timeout=30000)
    started = time.monotonic()
    qtbot.mouseClick(page.export.cancel_button, qtbot_left())
    qtbot.waitUntil(lambda: page.export.worker is None, timeout=10000)
    QThreadPool.globalInstance().waitForDone()
    assert time.monotonic() - started < 5
    assert "导出已取消" in page.export.result.text() and not page.export.cancel_button.isVisible()
    assert list(target.parent.iterdir()) == []
    assert page.export.final_button.isEnabled() and page.export.retry_button.isVisible()


def qtbot_left() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
