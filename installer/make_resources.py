"""Generate what the app and the installer show that is not code: the icon and Qt's French catalogue.

Usage:
  python installer/make_resources.py                 # resources/icons/*, resources/translations/qtbase_fr.qm
  python installer/make_resources.py --graphics DIR  # the installer's side picture (BMP), for makensis only

Drawn with Qt itself (no Pillow in the build). The .ico is written by hand: 16-48 px as classic DIB images
(every Windows component, NSIS included, reads them) and 256 px as PNG, as Windows does since Vista.
The results in resources/ are committed; run this again only to change them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QLibraryInfo, QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPainterPath, QPen  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BLUE = QColor("#000091")  # the French administration's blue
ICO_SIZES = (16, 24, 32, 48, 256)


def draw_icon(size: int) -> QImage:
    """A blue tile with a white sheet and three bars: « a table that becomes open data »."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 64.0
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(BLUE)
    p.drawRoundedRect(QRectF(2 * s, 2 * s, 60 * s, 60 * s), 12 * s, 12 * s)
    sheet = QPainterPath()
    sheet.moveTo(QPointF(16 * s, 10 * s))
    sheet.lineTo(QPointF(40 * s, 10 * s))
    sheet.lineTo(QPointF(50 * s, 20 * s))
    sheet.lineTo(QPointF(50 * s, 54 * s))
    sheet.lineTo(QPointF(16 * s, 54 * s))
    sheet.closeSubpath()
    p.setBrush(QColor("white"))
    p.drawPath(sheet)
    p.setBrush(QColor("#cacafb"))
    fold = QPainterPath()
    fold.moveTo(QPointF(40 * s, 10 * s))
    fold.lineTo(QPointF(40 * s, 20 * s))
    fold.lineTo(QPointF(50 * s, 20 * s))
    fold.closeSubpath()
    p.drawPath(fold)
    for i, (height, colour) in enumerate(((12, "#18753c"), (20, "#000091"), (28, "#e1000f"))):
        x = (21 + i * 9) * s
        p.setBrush(QColor(colour))
        p.drawRect(QRectF(x, (49 - height) * s, 6 * s, height * s))
    if size >= 32:  # a baseline under the bars, invisible at 16 px anyway
        p.setPen(QPen(QColor("#3a3a3a"), max(1.0, 1.2 * s)))
        p.drawLine(QPointF(19 * s, 49.5 * s), QPointF(47 * s, 49.5 * s))
    p.end()
    return image


def _png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def _dib_bytes(image: QImage) -> bytes:
    """BITMAPINFOHEADER + bottom-up BGRA rows + the 1-bit AND mask, as an ICO entry expects."""
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    w, h = image.width(), image.height()
    header = struct.pack("<IiiHHIIiiII", 40, w, h * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    rows = []
    for y in range(h - 1, -1, -1):
        line = image.constScanLine(y)
        rows.append(bytes(line)[: w * 4])  # ARGB32 is stored B, G, R, A in memory on little-endian
    mask_row = ((w + 31) // 32) * 4
    mask = bytearray()
    for y in range(h - 1, -1, -1):
        bits = bytearray(mask_row)
        for x in range(w):
            if image.pixelColor(x, y).alpha() == 0:
                bits[x // 8] |= 0x80 >> (x % 8)
        mask += bits
    return header + b"".join(rows) + bytes(mask)


def write_ico(path: Path, sizes=ICO_SIZES) -> None:
    entries = [(size, _png_bytes(draw_icon(size)) if size >= 256 else _dib_bytes(draw_icon(size))) for size in sizes]
    out = bytearray(struct.pack("<HHH", 0, 1, len(entries)))
    offset = 6 + 16 * len(entries)
    for size, data in entries:
        dim = 0 if size >= 256 else size
        out += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    for _, data in entries:
        out += data
    path.write_bytes(bytes(out))


def write_side_picture(path: Path) -> None:
    """The welcome/finish page picture of the installer (164x314, 24-bit BMP as NSIS requires)."""
    image = QImage(164, 314, QImage.Format.Format_RGB888)
    image.fill(BLUE)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.drawImage(QRectF(34, 40, 96, 96), draw_icon(192))
    p.setPen(QColor("white"))
    font = QFont()
    font.setPixelSize(17)
    font.setBold(True)
    p.setFont(font)
    p.drawText(QRectF(8, 160, 148, 120), Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap,
               "Données ouvertes de la mairie")
    p.end()
    if not image.save(str(path), "BMP"):
        raise SystemExit(f"cannot write {path}")


def copy_qt_french(target: Path) -> None:
    source = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)) / "qtbase_fr.qm"
    if not source.is_file():
        raise SystemExit(f"Qt's French catalogue not found: {source}")
    shutil.copyfile(source, target)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graphics", type=Path, help="write the installer's side picture into this folder only")
    args = parser.parse_args(argv)
    _app = QGuiApplication.instance() or QGuiApplication(["make_resources"])  # fonts need an application
    if args.graphics:
        args.graphics.mkdir(parents=True, exist_ok=True)
        write_side_picture(args.graphics / "installer-side.bmp")
        return 0
    icons = ROOT / "resources" / "icons"
    translations = ROOT / "resources" / "translations"
    icons.mkdir(exist_ok=True)
    translations.mkdir(exist_ok=True)
    draw_icon(256).save(str(icons / "opendata-desktop.png"), "PNG")
    write_ico(icons / "opendata-desktop.ico")
    copy_qt_french(translations / "qtbase_fr.qm")
    for path in (icons / "opendata-desktop.png", icons / "opendata-desktop.ico", translations / "qtbase_fr.qm"):
        print(path.relative_to(ROOT), path.stat().st_size)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
