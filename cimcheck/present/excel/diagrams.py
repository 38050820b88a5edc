"""面积简图: each storey's area diagram on a page of its own (A4 landscape)."""

from __future__ import annotations

from pathlib import Path

from cimcheck.present.excel.book import Book

__all__ = ["write"]

#: Rows one diagram page spans (20 pt rows: 500 pt of the 516 pt an A4 landscape page
#: holds inside this sheet's narrow margins).
ROWS_PER_PAGE = 25
ROW_PT = 20.0
#: Largest picture on the page (pixels at 96 dpi: 10.4 × 6.25 in, 450 pt high): the A4
#: diagram at about 73 %; its scale bar stays true.
MAX_PX = (1000, 600)


def write(book: Book, diagrams: dict[str, list[Path]]) -> None:
    """Embed each storey's PNG under its name, one per printed page."""
    from openpyxl.drawing.image import Image
    from openpyxl.worksheet.pagebreak import Break

    sheet = book.sheets["diagrams"]
    ws = sheet.ws
    row = 1
    for name, files in diagrams.items():
        png = next((f for f in files if str(f).endswith(".png")), None)
        if png is None:
            continue
        if row > 1:
            ws.row_breaks.append(Break(id=row - 1))
        sheet.text(row, 1, name, bold=True)
        image = Image(str(png))
        scale = min(MAX_PX[0] / image.width, MAX_PX[1] / image.height, 1.0)
        image.width, image.height = image.width * scale, image.height * scale
        ws.add_image(image, f"A{row + 1}")
        for r in range(row, row + ROWS_PER_PAGE):
            ws.row_dimensions[r].height = ROW_PT
        row += ROWS_PER_PAGE
    sheet.finish(landscape=True, fixed_widths={1: 20})
    margins = ws.page_margins
    margins.top = margins.bottom = 0.55
    margins.header = margins.footer = 0.25
