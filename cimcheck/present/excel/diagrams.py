"""面积简图: each storey's area diagram on a page of its own (A4 landscape)."""

from __future__ import annotations

from pathlib import Path

from cimcheck.present.excel.book import Book

__all__ = ["write"]

#: Rows one diagram page spans (20 pt rows: 440 pt of the 465 pt an A4 landscape page
#: holds inside its margins).
ROWS_PER_PAGE = 22
ROW_PT = 20.0
#: Largest picture on the page (pixels at 96 dpi: 10 × 5.4 in, under 400 pt high).
MAX_PX = (960, 520)


def write(book: Book, diagrams: dict[str, list[Path]]) -> None:
    """Embed each storey's PNG under its name, one per printed page."""
    from openpyxl.drawing.image import Image
    from openpyxl.worksheet.pagebreak import Break

    sheet = book.sheets["diagrams"]
    ws = sheet.ws
    sheet.text(1, 1, book.word("wb.diagrams.title"), bold=True)
    row = 2
    for name, files in diagrams.items():
        png = next((f for f in files if str(f).endswith(".png")), None)
        if png is None:
            continue
        if row > 2:
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
