"""Blank forms as finance bureaus send them, built with python-docx and openpyxl in several styles.

Each builder writes the kind of file a 绩效科 attaches to its notice: no placeholders, labels and blanks,
headings with empty paragraphs or bracketed instructions, a scoring table with merged level cells,
placeholder rows for the department's own indicators, a 合计 (in Excel a =SUM), 填表人 lines.
The indicator names are the Sichuan 2017 部门整体 ones, written the way bureaus print them (full-width
brackets, spaces, points in the level names).
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

# (level 1, level 2, level 3, points, 评分标准) as the bureau prints them; None level 3: a placeholder block.
SICHUAN_ROWS: list[tuple[str, str, str, str, str]] = [
    ("部门决策（25分）", "目标任务（15分）", "相关性", "5", "绩效目标与部门职能相关，得5分；否则酌情扣分。"),
    ("部门决策（25分）", "目标任务（15分）", "明确性", "5", "绩效目标细化量化，得5分。"),
    ("部门决策（25分）", "目标任务（15分）", "合理性", "5", "目标与预算匹配，得5分。"),
    ("部门决策（25分）", "预算编制（10分）", "测算依据", "5", "有充分测算依据，得5分。"),
    ("部门决策（25分）", "预算编制（10分）", "目标管理", "5", "按要求编报绩效目标，得5分。"),
    ("综合管理（30分）", "专项资金分配时限（2分）", "省级（或市级）财力专项预算分配时限", "1", "按时分配得1分。"),
    ("综合管理（30分）", "专项资金分配时限（2分）", "中央专款分配合规率", "1", "合规得1分。"),
    ("综合管理（30分）", "中期评估（2分）", "执行中期评估", "2", "开展得2分。"),
    ("综合管理（30分）", "绩效监控（5分）", "预算执行进度监控", "2", "按月监控得2分。"),
    ("综合管理（30分）", "绩效监控（5分）", "绩效目标动态监控", "3", "开展动态监控得3分。"),
    ("综合管理（30分）", "非税收入执收情况（2分）", "非税收入征收情况", "1", "依法征收得1分。"),
    ("综合管理（30分）", "非税收入执收情况（2分）", "非税收入上缴情况", "1", "及时足额上缴得1分。"),
    ("综合管理（30分）", "资产管理（6分）", "资产管理信息化情况", "2", ""),
    ("综合管理（30分）", "资产管理（6分）", "行政事业单位资产报告情况", "2", ""),
    ("综合管理（30分）", "资产管理（6分）", "资产管理与预算管理相结合", "2", ""),
    ("综合管理（30分）", "内控制度管理（2分）", "内部控制制度健全完整", "2", ""),
    ("综合管理（30分）", "信息公开（6分）", "预算公开", "2", "按规定公开得2分。"),
    ("综合管理（30分）", "信息公开（6分）", "决算公开", "2", "按规定公开得2分。"),
    ("综合管理（30分）", "信息公开（6分）", "绩效信息公开", "2", "按规定公开得2分。"),
    ("综合管理（30分）", "绩效评价（5分）", "绩效评价开展", "2", ""),
    ("综合管理（30分）", "绩效评价（5分）", "评价结果应用", "3", ""),
    ("部门绩效情况（45分）", "履职成效（20分）", "部门特性指标1", "", "由部门自行设定，分值合计20分。"),
    ("部门绩效情况（45分）", "履职成效（20分）", "部门特性指标2", "", ""),
    ("部门绩效情况（45分）", "履职成效（20分）", "……", "", ""),
    ("部门绩效情况（45分）", "可持续发展能力（15分）", "重点改革（重点工作）完成情况", "5", ""),
    ("部门绩效情况（45分）", "可持续发展能力（15分）", "科技（制度、方法、机制等）创新", "5", ""),
    ("部门绩效情况（45分）", "可持续发展能力（15分）", "人才 培养", "5", ""),
    ("部门绩效情况（45分）", "满意度（10分）", "协作部门满意度", "3", ""),
    ("部门绩效情况（45分）", "满意度（10分）", "管理对象满意度", "3", ""),
    ("部门绩效情况（45分）", "满意度（10分）", "社会公众满意度", "4", ""),
]
BUREAU_NOTE = "注：得分保留两位小数；部门特性指标由单位根据职能自行设定。"
INSTRUCTION = "（简要说明单位的机构设置、人员编制情况，不超过300字）"

COLUMNS = {
    5: ("一级指标", "二级指标", "三级指标", "分值", "得分"),
    7: ("一级指标", "二级指标", "三级指标", "分值", "评分标准", "得分", "扣分原因"),
    8: ("一级指标", "二级指标", "三级指标", "分值（分）", "评分标准", "自评得分", "扣分原因", "备注"),
}


def _row_values(row: tuple[str, str, str, str, str], columns: tuple[str, ...]) -> list[str]:
    l1, l2, l3, points, criteria = row
    values = {"一级指标": l1, "二级指标": l2, "三级指标": l3, "分值": points, "分值（分）": points, "评分标准": criteria}
    return [values.get(c, "") for c in columns]


# ------------------------------------------------------------------------------------------- Word

def _merge_down(table: object, col: int, first: int, rows: list[int]) -> None:
    """Merge a level column over runs of equal text (rows given as table row indices)."""
    start = first
    texts = [table.cell(r, col).text for r in rows]  # type: ignore[attr-defined]
    for i in range(1, len(rows) + 1):
        if i == len(rows) or texts[i] != texts[i - 1]:
            a, b = rows[start - first], rows[i - 1]
            if b > a:
                text = texts[i - 1]
                merged = table.cell(a, col).merge(table.cell(b, col))  # type: ignore[attr-defined]
                merged.text = text
            start = first + i


def word_scoring_table(doc: object, columns: int, *, style: str | None = "Table Grid") -> None:
    """A 得分表 with merged level cells, a placeholder block, 合计 and 评价等级 rows."""
    headers = COLUMNS[columns]
    body = [_row_values(r, headers) for r in SICHUAN_ROWS]
    table = doc.add_table(rows=1 + len(body) + 2, cols=len(headers))  # type: ignore[attr-defined]
    if style:
        table.style = style
    for c, text in enumerate(headers):
        table.cell(0, c).text = text
        table.cell(0, c).paragraphs[0].runs[0].bold = True
    for r, values in enumerate(body, 1):
        for c, text in enumerate(values):
            table.cell(r, c).text = text
    total_row = len(body) + 1
    table.cell(total_row, 0).text = "合计"
    table.cell(total_row, 3).text = "100"
    table.cell(total_row + 1, 0).text = "评价等级"
    rows = list(range(1, len(body) + 1))
    for col in (0, 1):
        _merge_down(table, col, 0, rows)
    table.cell(total_row, 0).merge(table.cell(total_row, 2)).text = "合计"
    table.cell(total_row + 1, 0).merge(table.cell(total_row + 1, 2)).text = "评价等级"


def word_form_left_labels(path: Path) -> Path:
    """Style A (a city bureau): 附件2, a cover table label left / value right, headings with instructions,
    a 7-column 得分表, 填表人 line, 单位（盖章） and 年 月 日."""
    doc = Document()
    doc.add_paragraph("附件2")
    title = doc.add_paragraph("部门整体支出绩效自评报告")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.runs[0].font.size = Pt(22)
    cover = doc.add_table(rows=4, cols=4)
    cover.style = "Table Grid"
    labels = [("单位名称（盖章）", "", "主管部门", ""), ("预算编码", "", "评价年度", ""),
              ("联 系 人", "", "联系电话", ""), ("报告日期", "    年  月  日", "评价方式", "")]
    for r, row in enumerate(labels):
        for c, text in enumerate(row):
            cover.cell(r, c).text = text
    body = doc.add_paragraph("（正文请用仿宋三号字）")
    body.runs[0].font.color.rgb = RGBColor(0xC0, 0, 0)
    doc.add_paragraph("一、部门（单位）概况", style="Heading 1")
    doc.add_paragraph("（一）机构组成")
    instruction = doc.add_paragraph(INSTRUCTION)
    instruction.runs[0].font.color.rgb = RGBColor(0x80, 0x80, 0x80)
    instruction.paragraph_format.first_line_indent = Pt(32)
    doc.add_paragraph("（二）机构职能")
    doc.add_paragraph("")
    doc.add_paragraph("（三）人员概况")
    doc.add_paragraph("")
    doc.add_paragraph("二、部门财政资金收支情况", style="Heading 1")
    doc.add_paragraph("（一）收入情况")
    doc.add_paragraph("（简要说明收入构成及变化原因）")
    doc.add_paragraph("（二）支出情况")
    doc.add_paragraph("")
    doc.add_paragraph("三、部门财政支出管理情况", style="Heading 1")
    doc.add_paragraph("")
    doc.add_paragraph("四、评价结论及建议", style="Heading 1")
    doc.add_paragraph("（一）评价结论")
    doc.add_paragraph("")
    doc.add_paragraph("（二）存在的主要问题")
    doc.add_paragraph("（不超过200字）")
    doc.add_paragraph("（三）改进措施")
    doc.add_paragraph("")
    doc.add_paragraph("单位（盖章）：　　　　　　　　年　　月　　日")
    doc.add_paragraph("附件：部门整体支出绩效评价得分表")
    word_scoring_table(doc, 7)
    doc.add_paragraph("填表人：__________　　联系电话：__________　　填报日期：    年  月  日")
    doc.add_paragraph(BUREAU_NOTE)
    doc.save(str(path))
    return path


def word_form_labels_above(path: Path) -> Path:
    """Style B (a county bureau): labels above their values, underscore blanks, 5-column 得分表 without
    a table style, Arabic heading numbers."""
    doc = Document()
    doc.add_paragraph("部门整体支出绩效自评报告").alignment = WD_ALIGN_PARAGRAPH.CENTER
    cover = doc.add_table(rows=2, cols=3)
    cover.style = "Table Grid"
    for c, text in enumerate(("单位名称", "主管部门", "联系人")):
        cover.cell(0, c).text = text
    doc.add_paragraph("填报单位：________________（盖章）")
    doc.add_paragraph("评价年度：________")
    doc.add_paragraph("一、单位基本情况")
    doc.add_paragraph("1.主要职能")
    doc.add_paragraph("【请填写单位主要职能】")
    doc.add_paragraph("2.机构设置情况")
    doc.add_paragraph("")
    doc.add_paragraph("二、绩效自评结论")
    doc.add_paragraph("")
    doc.add_paragraph("三、存在问题及原因")
    doc.add_paragraph("")
    doc.add_paragraph("四、下一步改进措施")
    doc.add_paragraph("")
    word_scoring_table(doc, 5, style=None)
    doc.add_paragraph("　　　　　　　　　　　　　　　　　　年　　月　　日")
    doc.save(str(path))
    return path


# ------------------------------------------------------------------------------------------ Excel

THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")


def excel_form(path: Path, columns: int, *, title_labels: bool = True) -> Path:
    """An Excel 得分表: title, 填报单位/年度 labels, header, merged level cells, placeholder rows,
    =SUM 合计, 填表人/联系电话/填报日期 under it, a note in the last row."""
    headers = COLUMNS[columns]
    wb = Workbook()
    ws = wb.active
    ws.title = "得分表"
    ws["A1"] = "部门整体支出绩效评价得分表"
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws["A1"].font = Font(name="黑体", size=16)
    ws["A1"].alignment = Alignment(horizontal="center")
    top = 3
    if title_labels:
        ws["A2"] = "填报单位："
        ws.merge_cells("A2:B2")
        ws["C2"] = "评价年度："
        top = 4
        ws.cell(row=3, column=1, value="金额单位：万元")
    for c, text in enumerate(headers, 1):
        cell = ws.cell(row=top, column=c, value=text)
        cell.font = Font(name="宋体", bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
    first = top + 1
    for i, row in enumerate(SICHUAN_ROWS):
        for c, text in enumerate(_row_values(row, headers), 1):
            cell = ws.cell(row=first + i, column=c, value=(int(text) if text.isdigit() else text) or None)
            cell.border = BORDER
            cell.font = Font(name="宋体", size=10)
    last = first + len(SICHUAN_ROWS) - 1
    for col in (1, 2):
        start = first
        for r in range(first, last + 2):
            if r == last + 1 or ws.cell(row=r, column=col).value != ws.cell(row=start, column=col).value:
                if r - 1 > start:
                    ws.merge_cells(start_row=start, start_column=col, end_row=r - 1, end_column=col)
                start = r
    score_col = headers.index(next(h for h in headers if "得分" in h)) + 1
    points_col = headers.index(next(h for h in headers if h.startswith("分值"))) + 1
    total = last + 1
    ws.cell(row=total, column=1, value="合计")
    ws.merge_cells(start_row=total, start_column=1, end_row=total, end_column=3)
    letter, points_letter = get_column_letter(score_col), get_column_letter(points_col)
    ws.cell(row=total, column=points_col, value=f"=SUM({points_letter}{first}:{points_letter}{last})")
    ws.cell(row=total, column=score_col, value=f"=SUM({letter}{first}:{letter}{last})")
    ws.cell(row=total + 1, column=1, value="填表人：")
    ws.cell(row=total + 1, column=3, value="联系电话：")
    ws.cell(row=total + 1, column=5 if columns > 5 else 4, value="填报日期：    年  月  日")
    ws.cell(row=total + 2, column=1, value=BUREAU_NOTE)
    ws.merge_cells(start_row=total + 2, start_column=1, end_row=total + 2, end_column=len(headers))
    for letter, width in zip("ABCDEFGH", (14, 16, 30, 8, 26, 9, 22, 10), strict=False):
        ws.column_dimensions[letter].width = width
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    wb.save(path)
    return path
