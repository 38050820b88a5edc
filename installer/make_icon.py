"""Draw the cimcheck icon (installer/cimcheck.ico, installer/cimcheck.png).

    .venv/bin/python installer/make_icon.py

A storey stack (three floor plates in perspective) with a check mark, on the blue of the
counted-area colour. Drawn with Pillow at 256 px; the .ico holds 16–256 px.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
SIZE = 256


def draw() -> Image.Image:
    """Return the icon at 256 × 256 px."""
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((8, 8, SIZE - 8, SIZE - 8), radius=44, fill=(31, 95, 168, 255))
    for i, shade in enumerate(((214, 230, 248), (182, 208, 238), (150, 186, 228))):
        top = 150 - i * 42
        pen.polygon([(52, top), (128, top - 26), (204, top), (128, top + 26)],
                    fill=(*shade, 255), outline=(255, 255, 255, 255))
    pen.line([(112, 196), (146, 226), (214, 150)], fill=(255, 255, 255, 255), width=22,
             joint="curve")
    pen.line([(112, 196), (146, 226), (214, 150)], fill=(46, 160, 67, 255), width=12,
             joint="curve")
    return image


def main() -> None:
    """Write the PNG and the multi-size ICO."""
    image = draw()
    image.save(HERE / "cimcheck.png")
    image.save(HERE / "cimcheck.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])


if __name__ == "__main__":
    main()
