"""Every file, every exception (reliability.md, round 2): Python's own limits and zip faults are one
Chinese line and exit 2 in the CLI, a message in the GUI's template check, never a traceback.

The files are made here the way a damaged download or a hostile sender makes them: a 4,301-digit
integer (Python's int-string limit), a zip member with a bad CRC, a bad deflate stream, the encrypted
flag, compression method 99 (AES) or a local name that differs from the directory's, and an .xlsx
defined name over a whole column or row.
"""

from __future__ import annotations

import json
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from openpyxl import Workbook
from openpyxl.workbook.defined_name import DefinedName

from exporters.api import TemplateError, check_template, export_report
from exporters.cli import main as cli_main
from models.draft_format import dumps, portable_dict
from models.sample import build_sample


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = cli_main(args)
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 1, err
    return code, err


@pytest.mark.parametrize("key", ["eval_year", "staff_quota"])
def test_a_4301_digit_integer_in_a_draft_is_one_line_and_exit_2(
        key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = dumps(portable_dict(build_sample()), indent=1).decode("utf-8")
    data = json.loads(text)
    data["values"][key] = 7
    text = json.dumps(data, ensure_ascii=False).replace(f'"{key}": 7', f'"{key}": {"1" * 4301}')
    draft = tmp_path / "草稿.json"
    draft.write_text(text, encoding="utf-8")
    for args in (["validate", str(draft)], ["drafts", "import", str(draft)],
                 ["export", str(draft), "--docx", str(tmp_path / "o.docx")]):
        code, err = run_cli(args, capsys)
        assert code == 2 and "位数" in err and "4301" in err, err
    assert not (tmp_path / "o.docx").exists()


# ---------------------------------------------------------------- zip faults


def _central(data: bytearray, name: str) -> int:
    """Offset of the central-directory record of member ``name``."""
    start = 0
    while (at := data.find(b"PK\x01\x02", start)) >= 0:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46:at + 46 + length]) == name.encode():
            return at
        start = at + 4
    raise AssertionError(name)


def _local(data: bytearray, name: str) -> tuple[int, int]:
    """(offset of the local header, offset of the member's data) of member ``name``."""
    at = struct.unpack_from("<I", data, _central(data, name) + 42)[0]
    name_len, extra_len = struct.unpack_from("<HH", data, at + 26)
    return at, at + 30 + name_len + extra_len


def _bad_crc(data: bytearray, name: str) -> None:
    _, body = _local(data, name)
    data[body + 40] ^= 0x01  # stored: one flipped bit in the content, the CRC no longer matches


def _bad_deflate(data: bytearray, name: str) -> None:
    _, body = _local(data, name)
    data[body:body + 8] = b"\xff" * 8  # deflate block type 3 does not exist


def _encrypted(data: bytearray, name: str) -> None:
    for at in (_central(data, name) + 8, _local(data, name)[0] + 6):
        data[at] |= 0x01


def _method_99(data: bytearray, name: str) -> None:
    for at in (_central(data, name) + 10, _local(data, name)[0] + 8):
        struct.pack_into("<H", data, at, 99)


def _name_mismatch(data: bytearray, name: str) -> None:
    at, _ = _local(data, name)
    data[at + 30] = ord("X")


ZIP_FAULTS: dict[str, Callable[[bytearray, str], None]] = {
    "bad-crc": _bad_crc, "bad-deflate": _bad_deflate, "encrypted": _encrypted,
    "method-99": _method_99, "name-mismatch": _name_mismatch}


def damaged_template(folder: Path, kind: str, fault: str, member: str) -> Path:
    """A good template of ``kind`` with ``fault`` in ``member`` ("main": its main XML part, "media": a binary)."""
    good = folder / f"good.{kind}"
    if kind == "docx":
        document = docx.Document()
        document.add_paragraph("填报单位：{{ unit_name }}")
        document.save(str(good))
    else:
        book = Workbook()
        book.active["A1"] = "{{ unit_name }}"
        book.save(str(good))
    target = {"main": "word/document.xml" if kind == "docx" else "xl/workbook.xml", "media": "media/logo.png"}[member]
    method = zipfile.ZIP_STORED if fault == "bad-crc" else zipfile.ZIP_DEFLATED
    out = folder / f"{fault}-{member}.{kind}"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info), compress_type=method if info.filename == target
                          else zipfile.ZIP_DEFLATED)
        if member == "media":
            zout.writestr(target, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, compress_type=method)
    data = bytearray(out.read_bytes())
    ZIP_FAULTS[fault](data, target)
    out.write_bytes(bytes(data))
    return out


@pytest.mark.parametrize("member", ["main", "media"])
@pytest.mark.parametrize("kind", ["docx", "xlsx"])
@pytest.mark.parametrize("fault", list(ZIP_FAULTS))
def test_a_damaged_zip_template_is_one_line_exit_2_and_a_message_in_the_gui(
        fault: str, kind: str, member: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = damaged_template(tmp_path, kind, fault, member)
    draft = tmp_path / "草稿.json"
    draft.write_bytes(dumps(portable_dict(build_sample())))
    out = tmp_path / f"导出.{kind}"
    code, err = run_cli(["export", str(draft), "--template", str(template), f"--{kind}", str(out)], capsys)
    assert code == 2 and template.name in err and "损坏" in err, err
    assert not out.exists()
    with pytest.raises(TemplateError) as info:  # what the GUI shows when the clerk picks the file
        check_template(template, build_sample())
    assert "损坏" in str(info.value) and template.name in str(info.value)


@pytest.mark.parametrize("ref", ["$B:$B", "$2:$2", "$A:$C", "$1:$3"])
def test_a_defined_name_over_a_whole_column_or_row_is_named_not_a_crash(
        ref: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = Workbook()
    book.active.title = "S"
    book.active["A1"] = "{{ eval_year }}"
    book.defined_names["unit_name"] = DefinedName("unit_name", attr_text=f"S!{ref}")
    template = tmp_path / "财政局模板.xlsx"
    book.save(str(template))
    issues = check_template(template, build_sample())
    named = [i for i in issues if "unit_name" in i.message]
    assert named and all(i.blocking for i in named) and any("整列" in i.message or "整行" in i.message
                                                            for i in named), issues
    with pytest.raises(TemplateError):
        export_report(build_sample(), docx=None, xlsx=tmp_path / "o.xlsx", xlsx_template=template)
    draft = tmp_path / "草稿.json"
    draft.write_bytes(dumps(portable_dict(build_sample())))
    code, err = run_cli(["export", str(draft), "--template", str(template), "--xlsx", str(tmp_path / "o.xlsx")],
                        capsys)
    assert code == 2 and "unit_name" in err, err
    assert not (tmp_path / "o.xlsx").exists()
