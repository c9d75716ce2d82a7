"""The printed page (GB/T 9704): A4, its margins and the type sizes, for every writer of the report.

Plain numbers, no docx: the .docx layout (docx_layout) and the wizard's preview and print (gui/preview.py)
read them from here, so the preview's page is the Word report's page.
"""

from __future__ import annotations

# A4 and the GB/T 9704 margins (type area 156 × 225 mm).
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]
LANDSCAPE_TEXT_WIDTH_MM = PAGE_MM[1] - MARGINS_MM["top"] - MARGINS_MM["bottom"]
NARROW_TABLE_MM = 120.0  # two-column money tables: a full-width table would leave the figures far apart

BODY_PT = 16.0  # 三号
TITLE_PT = 22.0  # 二号
TABLE_PT = 12.0  # 小四: tables and their captions
SMALL_TABLE_PT = 10.5  # 五号: tables with many columns
LINE_PT = 28.95  # 225 mm / 22 lines
