"""The draft format: Report <-> JSON-able dict, versioned, strict on the way in.

The same dict is the payload of a stored revision and, with a ``meta`` block, the portable
single-file draft a clerk hands to a colleague. Every field's encoding follows its declaration.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .draft_revision import MAX_BODY_BYTES
from .fields import FIELD_BY_KEY, ROW_FIELDS, FieldSpec, Kind
from .files import FileTooLarge, read_at_most
from .frameworks import BUILTIN_IDS, Framework, FrameworkError, load_framework
from .money import Unit
from .report import PRIOR_KINDS, IndicatorRow, LiveParagraph, PendingInput, PriorYear, Report

FORMAT_NAME = "budget-report-draft"
# 2: generated paragraphs that follow the figures ("generated"); 3: an imported (user-) framework's copy
# in "framework_data"; 4: 上年数 ("prior") and carried narratives ("carried"); 5: 评价结论 without the
# computed verdict (_v4_to_v5); 6: values imported from a Word report awaiting the clerk's check
# ("imported") and the text the import could not place ("unplaced").
FORMAT_VERSION = 6
# A real draft is well under 1 MB; but whatever the store saved must export and import again, so the
# portable file holds a revision body at the store's limit plus its indentation and meta block.
MAX_FILE_BYTES = MAX_BODY_BYTES + 4 * 1024 * 1024
# A text the draft store could save is never refused when the draft is read back (else one huge paste
# would make the draft impossible to open): texts are bounded by the store's body limit, files by size.
MAX_TEXT_CHARS = MAX_BODY_BYTES
MAX_ROWS = 1000  # the editor refuses to add more (models.editing), so a saved draft never has more
MAX_INT_DIGITS = 30  # no count or year has more; Python itself refuses int() of over 4,300 digits


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 had no generated paragraphs: every narrative is the clerk's own text."""
    return {**data, "generated": {}}


def _v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 drafts use a built-in framework: nothing to carry."""
    return data


def _v3_to_v4(data: dict[str, Any]) -> dict[str, Any]:
    """Format 3 had no 上年数 and no carried narratives: such a draft was never started from last year."""
    return {**data, "prior": None, "carried": {}}


# The defaults older versions wrote with half-width brackets, as a draft stored them (unchanged by the clerk).
_OLD_DEFAULTS = {"eval_method": "部门(单位)绩效自评", "eval_org": "部门(单位)评价组"}
VERDICT_FORMAT = 5  # drafts older than this may repeat the computed verdict in 评价结论


def _v4_to_v5(data: dict[str, Any]) -> dict[str, Any]:
    """Version 5: 评价结论 holds only what the clerk adds to the computed verdict sentence (models.verdict;
    the sentence restating the total is dropped after decoding, where the total can be computed), and the
    defaults 评价方式 / 评价机构 are written with full-width brackets (an untouched default stays a default)."""
    values = data.get("values")
    if isinstance(values, dict):
        values = dict(values)
        for key, old in _OLD_DEFAULTS.items():
            spec = FIELD_BY_KEY[key]
            if values.get(key) == old and spec.default is not None:
                values[key] = spec.default
        data = {**data, "values": values}
    return data


# version -> function upgrading a dict of that version to version + 1. Add one per format change.
def _v5_to_v6(data: dict[str, Any]) -> dict[str, Any]:
    """Version 5 drafts were never imported from a Word report: nothing awaits a check."""
    return {**data, "imported": {}, "unplaced": []}


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4,
                                                                     4: _v4_to_v5, 5: _v5_to_v6}

_MONEY_TEXT = re.compile(r"-?\d{1,16}(\.\d{1,6})?", re.ASCII)
_DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_ROW_ID = re.compile(r"[0-9A-Za-z_-]{1,40}", re.ASCII)


class DraftFormatError(ValueError):
    """The data is not a draft this program can read; ``str()`` is one Chinese sentence."""


# ---------------------------------------------------------------- encode


def _encode_value(spec: FieldSpec, value: object) -> object:
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def report_to_dict(report: Report) -> dict[str, Any]:
    rows = []
    for row in report.rows:
        encoded: dict[str, Any] = {"row_id": row.row_id, "node": row.node}
        for column in ROW_FIELDS:
            value = getattr(row, column.key)
            encoded[column.key] = f"{value:f}" if isinstance(value, Decimal) else value
        rows.append(encoded)
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "framework": report.framework_id,
        **_framework_copy(report.framework_id),
        "display_unit": report.display_unit.value,
        "values": {k: _encode_value(FIELD_BY_KEY[k], v) for k, v in report.values.items()},
        "scores": {k: f"{v:f}" for k, v in report.scores.items()},
        "rows": rows,
        "explanations": dict(report.explanations),
        "pending": {path: {"text": p.text, "message": p.message} for path, p in report.pending.items()},
        "generated": {key: {"paragraph": live.paragraph, "unit": live.unit.value, "phrasing": live.phrasing}
                      for key, live in report.generated.items()},
        "prior": _encode_prior(report.prior),
        "carried": dict(report.carried),
        "imported": dict(report.imported),
        "unplaced": list(report.unplaced),
    }


def _framework_copy(framework_id: str) -> dict[str, Any]:
    """An imported framework travels with the draft, so the draft opens on a PC that never saw it."""
    if framework_id in BUILTIN_IDS:
        return {}
    from .frameworks import user_framework_data as framework_data

    data = framework_data(framework_id)
    return {} if data is None else {"framework_data": data}


def _draft_framework(data: dict[str, Any]) -> Framework:
    framework_id = data.get("framework")
    if isinstance(framework_id, str) and framework_id in BUILTIN_IDS:
        return load_framework(framework_id)
    from .frameworks import find_user_framework as find
    from .frameworks import is_user_id
    from .frameworks import register_user_framework as register

    if not is_user_id(framework_id):
        raise DraftFormatError(f"草稿使用的评价框架「{str(framework_id)[:40]}」本程序不认识。")
    assert isinstance(framework_id, str)
    copy = data.get("framework_data")
    if copy is not None:
        if not isinstance(copy, dict) or copy.get("id") != framework_id:
            raise DraftFormatError("草稿中附带的评价框架与草稿使用的框架不一致。")
        try:
            return register(copy)
        except FrameworkError as exc:
            raise DraftFormatError(f"草稿中附带的评价框架无法使用：{exc}") from exc
    found = find(framework_id)
    if found is None:
        raise DraftFormatError(f"草稿使用导入的评价框架「{framework_id}」，本机没有这个框架，草稿中也没有附带它的副本。")
    return found


def _encode_prior(prior: PriorYear | None) -> dict[str, Any] | None:
    if prior is None:
        return None
    return {"year": prior.year,
            "values": {k: _encode_value(FIELD_BY_KEY[k], v) for k, v in prior.values.items()}}


_SURROGATE = re.compile("[\ud800-\udfff]")


def dumps(data: dict[str, Any], *, indent: int | None = None) -> bytes:
    """UTF-8 JSON that keeps Chinese readable; lone surrogates (which UTF-8 cannot hold) stay escaped."""
    text = json.dumps(data, ensure_ascii=False, indent=indent, sort_keys=False)
    text = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text.encode("utf-8")


# ---------------------------------------------------------------- decode


def _type_name(value: object) -> str:
    return {bool: "真假值", int: "整数", float: "小数", str: "文字", list: "列表", dict: "对象",
            type(None): "空值"}.get(type(value), type(value).__name__)


def _no_negative_zero(value: Decimal) -> Decimal:
    """"-0" or "-0.00" in a file is zero: never shown as "-0.00 元" in the report."""
    return value.copy_abs() if value.is_zero() else value


def _decode_value(spec: FieldSpec, raw: object) -> object:
    where = f"字段「{spec.label}」（values.{spec.key}）"
    if raw is None:
        return None
    if spec.kind is Kind.MONEY:
        if not isinstance(raw, str) or not _MONEY_TEXT.fullmatch(raw):
            raise DraftFormatError(f"{where}应为写成文字的金额（如 \"1234.50\"），实际是{_type_name(raw)}「{str(raw)[:30]}」。")
        return _no_negative_zero(Decimal(raw))
    if spec.kind in (Kind.COUNT, Kind.YEAR):
        if not isinstance(raw, int) or isinstance(raw, bool) or abs(raw) > 10**9:
            raise DraftFormatError(f"{where}应为整数，实际是{_type_name(raw)}「{str(raw)[:30]}」。")
        return raw
    if spec.kind is Kind.DATE:
        if not isinstance(raw, str) or not _DATE_TEXT.fullmatch(raw):
            raise DraftFormatError(f"{where}应为日期（如 \"2025-12-31\"），实际是「{str(raw)[:30]}」。")
        try:
            return dt.date.fromisoformat(raw)
        except ValueError as exc:
            raise DraftFormatError(f"{where}的日期「{raw}」不存在。") from exc
    if not isinstance(raw, str):
        raise DraftFormatError(f"{where}应为文字，实际是{_type_name(raw)}。")
    if len(raw) > MAX_TEXT_CHARS:
        raise DraftFormatError(f"{where}超过 {MAX_TEXT_CHARS} 字，不像是正常的草稿。")
    return raw


def _decimal_text(raw: object, where: str) -> Decimal | None:
    if raw is None:
        return None
    if not isinstance(raw, str) or not _MONEY_TEXT.fullmatch(raw):
        raise DraftFormatError(f"{where}应为写成文字的数字（如 \"4.50\"），实际是{_type_name(raw)}「{str(raw)[:30]}」。")
    try:
        return _no_negative_zero(Decimal(raw))
    except InvalidOperation as exc:  # pragma: no cover - guarded by the pattern
        raise DraftFormatError(f"{where}不是数字。") from exc


def _decode_row(raw: object, index: int) -> IndicatorRow:
    where = f"部门自定指标第 {index} 行"
    if not isinstance(raw, dict):
        raise DraftFormatError(f"{where}应为对象，实际是{_type_name(raw)}。")
    node, row_id = raw.get("node"), raw.get("row_id")
    if not isinstance(node, str) or not isinstance(row_id, str) or not _ROW_ID.fullmatch(row_id):
        raise DraftFormatError(f"{where}缺少有效的 node 或 row_id。")
    row = IndicatorRow(node=node, row_id=row_id)
    for column in ROW_FIELDS:
        value = raw.get(column.key)
        if column.kind is Kind.MONEY:
            setattr(row, column.key, _decimal_text(value, f"{where}的「{column.label}」"))
        elif value is not None:
            if not isinstance(value, str) or len(value) > MAX_TEXT_CHARS:
                raise DraftFormatError(f"{where}的「{column.label}」应为文字。")
            setattr(row, column.key, value)
    unknown = set(raw) - {"node", "row_id", *(c.key for c in ROW_FIELDS)}
    if unknown:
        raise DraftFormatError(f"{where}含有未知的项「{sorted(unknown)[0][:30]}」。")
    return row


def _migrate(data: dict[str, Any]) -> dict[str, Any]:
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise DraftFormatError("文件缺少有效的格式版本号（format_version），不是本程序的草稿。")
    if version > FORMAT_VERSION:
        raise DraftFormatError(
            f"这个草稿由更新版本的程序保存（格式版本 {version}，本程序支持到 {FORMAT_VERSION}），请升级程序后再打开。")
    while version < FORMAT_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise DraftFormatError(f"格式版本 {version} 太旧，无法转换。")
        data = step(data)
        version += 1
        data["format_version"] = version
    return data


def report_from_dict(data: object) -> Report:
    """Build a Report from a parsed draft dict; refuses anything malformed with one Chinese sentence."""
    if not isinstance(data, dict):
        raise DraftFormatError(f"草稿文件的顶层应为对象，实际是{_type_name(data)}。")
    if data.get("format") != FORMAT_NAME:
        raise DraftFormatError("这不是绩效自评草稿文件（缺少 format 标记）。")
    saved_version = data.get("format_version")
    data = _migrate(dict(data))
    framework = _draft_framework(data)
    framework_id = framework.id
    unit_text = data.get("display_unit", Unit.YUAN.value)
    if unit_text not in (Unit.YUAN.value, Unit.WAN.value):
        raise DraftFormatError(f"显示单位「{str(unit_text)[:10]}」无效，应为“元”或“万元”。")
    report = Report(framework_id=framework_id, display_unit=Unit(unit_text))
    values = data.get("values", {})
    if not isinstance(values, dict):
        raise DraftFormatError("草稿的 values 应为对象。")
    for key, raw in values.items():
        spec = FIELD_BY_KEY.get(key)
        if spec is None:
            raise DraftFormatError(f"草稿含有本程序不认识的字段「{str(key)[:40]}」。")
        value = _decode_value(spec, raw)
        if value is not None:
            report.values[key] = value  # type: ignore[assignment]
    scores = data.get("scores", {})
    if not isinstance(scores, dict):
        raise DraftFormatError("草稿的 scores 应为对象。")
    for node_id, raw in scores.items():
        node = framework.nodes.get(node_id)
        if node is None or node.kind != "score":
            raise DraftFormatError(f"得分表中的指标「{str(node_id)[:40]}」不属于评价框架「{framework.name}」。")
        value = _decimal_text(raw, f"指标「{node.name}」的得分")
        if value is not None:
            report.scores[node_id] = value
    rows = data.get("rows", [])
    if not isinstance(rows, list) or len(rows) > MAX_ROWS:
        raise DraftFormatError(f"草稿的 rows 应为不超过 {MAX_ROWS} 行的列表。")
    report.rows = [_decode_row(raw, i + 1) for i, raw in enumerate(rows)]
    if len({r.row_id for r in report.rows}) != len(report.rows):
        raise DraftFormatError("部门自定指标中有重复的 row_id。")
    explanations = data.get("explanations", {})
    if not isinstance(explanations, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in explanations.items()):
        raise DraftFormatError("草稿的 explanations 应为“文字: 文字”的对象。")
    report.explanations = dict(explanations)
    report.pending = _decode_pending(data.get("pending", {}))
    report.generated = _decode_generated(data.get("generated", {}))
    report.prior = _decode_prior(data.get("prior"))
    report.carried = _decode_carried(data.get("carried", {}))
    if isinstance(saved_version, int) and saved_version < VERDICT_FORMAT:
        _drop_restated_verdict(report, framework)
    report.imported, report.unplaced = _decode_imported(data.get("imported", {}), data.get("unplaced", []))
    _check_pending_paths(report, framework)
    return report


def _check_pending_paths(report: Report, framework: Any) -> None:
    """A pending entry names a field of this report; one for a field that does not exist is refused."""
    rows = {row.row_id for row in report.rows}
    columns = {column.key for column in ROW_FIELDS}
    for path in report.pending:
        head, _, rest = path.partition(".")
        if head == "values":
            exists = rest in FIELD_BY_KEY
        elif head == "scores":
            node = framework.nodes.get(rest)
            exists = node is not None and node.kind == "score"
        else:
            row_id, _, column = rest.partition(".")
            exists = row_id in rows and column in columns
        if not exists:
            raise DraftFormatError(f"草稿中待改正的输入「{path[:40]}」对应的栏目不存在。")



def _drop_restated_verdict(report: Report, framework: Framework) -> None:
    """Migration to version 5, second half: the computed verdict typed into 评价结论 goes (the report
    prints it); a field that held nothing else is left as it was, so it stays filled."""
    from .compute import compute_totals
    from .verdict import without_restated_verdict

    text = report.text("verdict_text")
    if not text.strip():
        return
    kept = without_restated_verdict(text, compute_totals(report, framework))
    if kept.strip():
        report.values["verdict_text"] = kept


MAX_UNPLACED = 20000  # pieces of text; a 200-page document has fewer paragraphs and cells


def _decode_imported(raw: object, unplaced: object) -> tuple[dict[str, str], list[str]]:
    """{path: source} of imported values awaiting a check, and the unplaced pieces of the document."""
    if not isinstance(raw, dict) or not all(
            isinstance(k, str) and _PENDING_PATH.fullmatch(k) and isinstance(v, str) and len(v) <= 2000
            for k, v in raw.items()):
        raise DraftFormatError("草稿中“来自导入，请核对”的记录格式不对。")
    if not isinstance(unplaced, list) or len(unplaced) > MAX_UNPLACED or not all(
            isinstance(t, str) and len(t) <= MAX_TEXT_CHARS for t in unplaced):
        raise DraftFormatError("草稿中导入时未归类的内容格式不对。")
    return dict(raw), list(unplaced)


def _decode_generated(raw: object) -> dict[str, LiveParagraph]:
    """Generated paragraphs still following the figures: {narrative key: {"paragraph", "unit", "phrasing"}}.

    Kept as written: a mark whose paragraph no longer starts its narrative (the file was edited by hand)
    is not live (``figure_text.still_live``), and the next ``follow`` drops it without touching the text.
    """
    if not isinstance(raw, dict):
        raise DraftFormatError("草稿的 generated 应为对象。")
    live: dict[str, LiveParagraph] = {}
    for key, item in raw.items():
        spec = FIELD_BY_KEY.get(key) if isinstance(key, str) else None
        if (spec is None or spec.kind is not Kind.NARRATIVE or not isinstance(item, dict)
                or not isinstance(item.get("paragraph"), str) or len(item["paragraph"]) > MAX_TEXT_CHARS
                or item.get("unit") not in (Unit.YUAN.value, Unit.WAN.value)
                or not isinstance(item.get("phrasing"), str) or len(item["phrasing"]) > 40):
            raise DraftFormatError(f"草稿中自动生成段落的记录「{str(key)[:40]}」格式不对。")
        live[key] = LiveParagraph(item["paragraph"], Unit(item["unit"]), item["phrasing"])
    return live


def _decode_prior(raw: object) -> PriorYear | None:
    """上年数: {"year": 2025, "values": {money key: "元", count key: int}} or null."""
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) - {"year", "values"}:
        raise DraftFormatError("草稿的上年数（prior）应为含 year 和 values 的对象。")
    year, values = raw.get("year"), raw.get("values", {})
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        raise DraftFormatError(f"草稿的上年数年度「{str(year)[:10]}」无效，应为 2000 到 2100 之间的年份。")
    if not isinstance(values, dict):
        raise DraftFormatError("草稿的上年数（prior.values）应为对象。")
    decoded: dict[str, Decimal | int] = {}
    for key, item in values.items():
        spec = FIELD_BY_KEY.get(key)
        if spec is None or spec.kind not in PRIOR_KINDS:
            raise DraftFormatError(f"草稿的上年数含有不是金额或人数的字段「{str(key)[:40]}」。")
        try:
            value = _decode_value(spec, item)
        except DraftFormatError as exc:
            raise DraftFormatError(f"上年数：{exc}") from exc
        if isinstance(value, (Decimal, int)):
            decoded[key] = value
    return PriorYear(year, decoded)


def _decode_carried(raw: object) -> dict[str, str]:
    """Narratives carried from last year: {narrative key: the text as carried}."""
    if not isinstance(raw, dict):
        raise DraftFormatError("草稿的上年内容标记（carried）应为对象。")
    carried: dict[str, str] = {}
    for key, text in raw.items():
        spec = FIELD_BY_KEY.get(key)
        if spec is None or spec.kind is not Kind.NARRATIVE:
            raise DraftFormatError(f"草稿的上年内容标记含有不是文字说明的字段「{str(key)[:40]}」。")
        if not isinstance(text, str) or len(text) > MAX_TEXT_CHARS:
            raise DraftFormatError(f"草稿中「{spec.label}」的上年内容应为文字。")
        carried[key] = text
    return carried


_PENDING_PATH = re.compile(r"(values|scores)\.[a-z0-9_]{1,40}|rows\.[0-9A-Za-z_-]{1,40}\.[a-z_]{1,20}", re.ASCII)


def _decode_pending(raw: object) -> dict[str, PendingInput]:
    """Unreadable typed text kept in the draft: {path: {"text", "message"}}."""
    if not isinstance(raw, dict):
        raise DraftFormatError("草稿的 pending 应为对象。")
    pending: dict[str, PendingInput] = {}
    for path, item in raw.items():
        if (not isinstance(path, str) or not _PENDING_PATH.fullmatch(path) or not isinstance(item, dict)
                or not isinstance(item.get("text"), str) or not isinstance(item.get("message"), str)
                or len(item["text"]) > MAX_TEXT_CHARS or len(item["message"]) > 2000):
            raise DraftFormatError(f"草稿中待改正的输入「{str(path)[:40]}」格式不对。")
        pending[path] = PendingInput(item["text"], item["message"])
    return pending


def _parse_int(digits: str) -> int:
    """int() of a JSON integer, refusing a huge one in words (Python's own limit raises a bare ValueError)."""
    count = len(digits.lstrip("-"))
    if count > MAX_INT_DIGITS:
        raise DraftFormatError(f"文件中有一个 {count} 位数的整数（草稿中的整数最多 {MAX_INT_DIGITS} 位），不是正常的草稿。")
    return int(digits)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object; a key written twice is refused (json would keep the last one without a word)."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise DraftFormatError(f"文件中的「{key[:40]}」在同一处出现了两次，无法确定用哪一个；"
                                   "请删去其中一个后再导入。")
        result[key] = value
    return result


def loads(data: bytes) -> Report:
    """Parse the bytes of a portable draft file, refusing what is not UTF-8 JSON of the right shape."""
    return report_from_dict(parse_json(data))


def parse_json(data: bytes) -> object:
    """The JSON of a portable draft file's bytes: UTF-8, bounded, no duplicate keys, no huge integers."""
    if len(data) > MAX_FILE_BYTES:
        raise DraftFormatError(f"文件有 {len(data) / 1048576:.1f} MB，超过草稿文件 {MAX_FILE_BYTES // 1048576} MB 的上限，不像是草稿。")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(data) > 1 and b"\x00" in data[:4]):
        raise DraftFormatError("文件是 UTF-16 编码；草稿文件应为 UTF-8 编码的 JSON。")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DraftFormatError(f"文件不是 UTF-8 文本（第 {exc.start + 1} 个字节无法识别），不是草稿文件。") from exc
    if not text.strip():
        raise DraftFormatError("文件是空的。")
    try:
        return json.loads(text, parse_int=_parse_int, object_pairs_hook=_no_duplicates)
    except RecursionError as exc:
        raise DraftFormatError("文件的嵌套层数过深，不是草稿文件。") from exc
    except json.JSONDecodeError as exc:
        raise DraftFormatError(
            f"文件第 {exc.lineno} 行第 {exc.colno} 列不是有效的 JSON（文件可能不完整或已损坏）。") from exc


def read_draft_file(path: Path) -> Report:
    """Read a portable draft file; DraftFormatError (Chinese) on any problem, including I/O."""
    return loads(read_file_bytes(path))


def read_file_bytes(path: Path) -> bytes:
    """A portable draft file's bytes, capped; DraftFormatError (Chinese) on any I/O problem."""
    try:
        data = read_at_most(path, MAX_FILE_BYTES)
    except FileTooLarge as exc:
        raise DraftFormatError(f"文件有 {exc.size / 1048576:.1f} MB，超过草稿文件 {MAX_FILE_BYTES // 1048576} MB 的上限，不像是草稿。") from exc
    except FileNotFoundError as exc:
        raise DraftFormatError(f"找不到文件：{path}") from exc
    except IsADirectoryError as exc:
        raise DraftFormatError(f"{path} 是文件夹，不是草稿文件。") from exc
    except OSError as exc:
        raise DraftFormatError(f"无法读取文件 {path}：{exc.strerror or exc}") from exc
    return data


def portable_dict(report: Report, *, title: str = "") -> dict[str, Any]:
    data = report_to_dict(report)
    data["meta"] = {"title": title or report.title(),
                    "exported_at": dt.datetime.now().astimezone().isoformat(timespec="seconds")}
    return data
