"""Render each step of the app on the sample file to PNG (README and user guide screenshots).

Usage: QT_QPA_PLATFORM=offscreen python scripts/render_screens.py [OUTPUT_FOLDER] [--font-scale 2]
Drives the real window as a person would: open the sample, choose the schema, complete the
mapping, look at the errors, treat personal data, reach the publication step. At the default
1280×760 window; `--font-scale 2` renders with the system font twice as large (200 %) into
OUTPUT_FOLDER/200pct, to check that nothing is cut.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENDATA_DESKTOP_HOME", tempfile.mkdtemp(prefix="od-screens-"))

from PySide6.QtGui import QFont  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from opendata_desktop.core.samples import sample_path  # noqa: E402
from opendata_desktop.ui.app import create_window  # noqa: E402

SAMPLE_MAPPING = {"SIRET commune": "idAttribuant", "Date de la convention": "dateConvention",
                  "Montant": "montant", "Conditions de versement": "conditionsVersement",
                  "Pourcentage": "pourcentageSubvention"}


def settle(app: QApplication, window, seconds: float = 20) -> None:
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


def main() -> int:
    args = [a for a in sys.argv[1:]]
    scale = 1.0
    if "--font-scale" in args:
        i = args.index("--font-scale")
        scale = float(args[i + 1])
        del args[i:i + 2]
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
    window.resize(1280, 760)
    window.show()

    def shot(name: str) -> None:
        settle(app, window)
        window.grab().save(str(out / f"{name}.png"))
        print(out / f"{name}.png")

    shot("0-accueil")
    window.open_file(sample_path())
    settle(app, window)
    shot("1-ouvrir")
    window.go_to(1)
    window.pages[1].select("scdl/subventions")
    shot("2-schema")
    window.go_to(2)
    settle(app, window)
    for column, field in SAMPLE_MAPPING.items():
        window.pages[2].set_field(column, field)
        settle(app, window)
    shot("3-correspondances")
    window.go_to(3)
    shot("4-verification")
    window.go_to(4)
    shot("5-donnees-personnelles")
    window.go_to(5)
    shot("6-publication")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
