"""Render the README's pictures of the workbook and the area diagram from the sample model.

    .venv/bin/python docs/make_images.py

Writes the 1F diagram and the first printed page of every workbook sheet (the workbook
converted to PDF by LibreOffice, as an office would print it) into ``docs/images/``.

The workbook names 微软雅黑 (Microsoft YaHei), which Excel and WPS on Windows have. Linux has
no such font, and fontconfig would substitute the Japanese face of Noto Sans CJK; so
LibreOffice runs here with a fontconfig file that maps it to the Noto Sans SC cimcheck
ships: the pages show the Simplified Chinese forms a Windows office prints.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from cimcheck.pipeline import analyse, check  # noqa: E402
from cimcheck.present.excel.cells import FONT  # noqa: E402
from cimcheck.present.fonts import cjk_font_path  # noqa: E402

FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>{folder}</dir>
  <alias binding="same"><family>{font}</family><prefer><family>Noto Sans SC</family></prefer></alias>
  <alias binding="same"><family>Microsoft YaHei</family><prefer><family>Noto Sans SC</family></prefer></alias>
</fontconfig>
"""
from cimcheck.present.diagrams import write_diagrams  # noqa: E402
from cimcheck.present.excel import SHEETS, write_workbook  # noqa: E402


def main() -> None:
    out = HERE / "images"
    run = check(analyse(REPO / "sample_models" / "fc_residential_ifc4.ifc"),
                "hz-future-community-2019")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        diagrams = write_diagrams(run.table.storeys, folder / "d", run=run, formats=("png",))
        shutil.copy(next(iter(diagrams.values()))[0], out / "diagram_1F_stilt.png")
        book = write_workbook(run, folder / "workbook.xlsx", diagrams=diagrams)
        office = shutil.which("soffice") or shutil.which("libreoffice")
        conf = folder / "fonts.conf"
        conf.write_text(FONTS_CONF.format(folder=cjk_font_path().parent, font=FONT),
                        encoding="utf-8")
        subprocess.run([office, "--headless", f"-env:UserInstallation=file://{folder}/lo",
                        "--convert-to", "pdf", "--outdir", str(folder), str(book)],
                       check=True, capture_output=True, timeout=300,
                       env={**os.environ, "FONTCONFIG_FILE": str(conf)})
        print(subprocess.run(["pdffonts", str(folder / "workbook.pdf")], capture_output=True,
                             text=True).stdout)
        pdf = folder / "workbook.pdf"
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout.split("\f")
        for key, (_, zh) in SHEETS.items():
            page = next(i for i, p in enumerate(text, start=1)
                        if any(line.strip() == zh or f" {zh} " in line
                               for line in p.splitlines()[:3]))
            subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", "-f", str(page),
                            "-l", str(page), str(pdf), str(out / f"workbook_{key}")],
                           check=True)
            print(out / f"workbook_{key}.png", "page", page)


if __name__ == "__main__":
    main()
