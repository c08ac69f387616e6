"""Render each step of the app to PNG (README and user guide screenshots, and a check that nothing is cut).

Usage: QT_QPA_PLATFORM=offscreen python scripts/render_screens.py [OUTPUT_FOLDER] [--font-scale 2]
       [--file SPREADSHEET --schema scdl/NAME]
Drives the real window as a person would: open the file, choose the schema, complete the mapping, look
at the errors (after the proposed fixes on a file other than the sample), treat personal data, reach the
publication step. At the default 1280×760 window; `--font-scale 2` renders with the system font twice as
large (200 %) into OUTPUT_FOLDER/200pct, to check that nothing is cut. Without `--file`, the bundled
sample is used.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENDATA_DESKTOP_HOME", tempfile.mkdtemp(prefix="od-screens-"))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QFont, QImage  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from opendata_desktop.core.samples import sample_path  # noqa: E402
from opendata_desktop.ui.app import create_window  # noqa: E402

SAMPLE_MAPPING = {"SIRET commune": "idAttribuant", "Date de la convention": "dateConvention",
                  "Montant": "montant", "Conditions de versement": "conditionsVersement",
                  "Pourcentage": "pourcentageSubvention"}
WIDTH, HEIGHT = 1280, 760


def settle(app: QApplication, window, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        if not window.tasks.busy:
            for _ in range(5):
                app.processEvents()
                time.sleep(0.02)
            if not window.tasks.busy:
                return
        time.sleep(0.02)
    raise TimeoutError("the application did not finish its task")


def _option(args: list[str], name: str) -> str | None:
    if name not in args:
        return None
    i = args.index(name)
    value = args[i + 1]
    del args[i:i + 2]
    return value


def main() -> int:
    args = list(sys.argv[1:])
    scale = float(_option(args, "--font-scale") or 1.0)
    source = _option(args, "--file")
    schema = _option(args, "--schema") or "scdl/subventions"
    out = Path(args[0] if args else "docs/captures")
    if scale != 1.0:
        out = out / f"{round(scale * 100)}pct"
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    if scale != 1.0:
        font = QFont(app.font())
        font.setPointSizeF(font.pointSizeF() * scale)
        app.setFont(font)
    window = create_window(app)
    window.errors.interactive = False
    window.resize(WIDTH, HEIGHT)
    window.show()

    def shot(name: str) -> None:
        settle(app, window)
        # 256 colours, most compressed: a fifth of the size, text as sharp (screenshots of a form, not photos).
        image = window.grab().toImage().convertToFormat(
            QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.AvoidDither)
        image.save(str(out / f"{name}.png"), "PNG", 0)
        print(out / f"{name}.png")

    shot("0-accueil")
    window.open_file(Path(source) if source else sample_path())
    settle(app, window)
    shot("1-ouvrir")
    window.go_to(1)
    window.pages[1].select(schema)
    shot("2-schema")
    window.go_to(2)
    settle(app, window)
    if source is None:
        for column, field in SAMPLE_MAPPING.items():
            window.pages[2].set_field(column, field)
            settle(app, window)
    shot("3-correspondances")
    if source is not None:
        window.pages[2].confirm_all()
        settle(app, window)
    window.go_to(3)
    if source is not None:  # the proposed fixes, then what is left to do by hand
        settle(app, window)
        shot("4-verification-avant")
        check = window.pages[3]
        if check.apply_fixes_button.isEnabled():
            check.apply_fixes()
    settle(app, window)
    check = window.pages[3]
    tree = check.errors_tree
    if tree.topLevelItemCount() and tree.topLevelItem(0).childCount():
        tree.setCurrentItem(tree.topLevelItem(0).child(0))  # one error chosen: its whole message shown
    shot("4-verification")
    window.go_to(4)
    shot("5-donnees-personnelles")
    window.go_to(5)
    settle(app, window)
    shot("6-publication")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
