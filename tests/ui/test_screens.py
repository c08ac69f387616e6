"""Each step renders, in French, at 1366x768; bad files give a French message, never a traceback."""

import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QAbstractButton, QLabel

from tests.ui.conftest import wait_idle

ROOT = Path(__file__).resolve().parents[2]


def test_render_script_produces_every_step(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "render_screens.py"), str(tmp_path)],
                            capture_output=True, text=True, timeout=240, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    names = sorted(p.name for p in tmp_path.glob("*.png"))
    assert names == ["0-accueil.png", "1-ouvrir.png", "2-schema.png", "3-correspondances.png",
                     "4-verification.png", "5-donnees-personnelles.png", "6-publication.png"]
    _check_pictures(tmp_path, names)


def _check_pictures(folder, names):
    from PySide6.QtGui import QImage

    for name in names:
        image = QImage(str(folder / name))
        assert (image.width(), image.height()) == (1280, 760), name  # the default window
        assert 5_000 < (folder / name).stat().st_size < 400_000, name  # a real picture, small enough for the docs


def test_render_script_at_200_percent_on_another_file(tmp_path, messy):
    """The 200 % variant on a messy workbook: the proposed fixes are shown before they are applied."""
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "render_screens.py"), str(tmp_path),
                             "--font-scale", "2", "--file", str(messy / "deliberations_2024.csv"),
                             "--schema", "scdl/deliberations"],
                            capture_output=True, text=True, timeout=400, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    names = sorted(p.name for p in (tmp_path / "200pct").glob("*.png"))
    assert "4-verification-avant.png" in names and "6-publication.png" in names and len(names) == 8
    _check_pictures(tmp_path / "200pct", names)


def test_not_a_spreadsheet_shows_a_french_message(qtbot, window, tmp_path):
    path = tmp_path / "budget.xlsx"
    path.write_bytes(b"%PDF-1.7\n" + b"x" * 1000)
    window.open_file(path)
    wait_idle(qtbot, window)
    title, text = window.errors.last_shown
    assert title == "Fichier illisible" and "PDF" in text and "Traceback" not in text
    assert window.document is None
    window.open_file(tmp_path / "absent.csv")
    wait_idle(qtbot, window)
    assert window.errors.last_shown[0] == "Fichier introuvable"


def test_every_visible_text_is_french(window):
    english = {"Cancel", "Open", "Save", "File", "Edit", "Help", "Next", "Back", "Undo", "Redo", "Close"}
    texts = [w.text() for w in window.findChildren(QAbstractButton)] + [w.text() for w in window.findChildren(QLabel)]
    texts += [a.text() for a in window.menuBar().actions()]
    words = {t.replace("&", "").strip() for t in texts}
    assert not words & english


def test_qt_standard_buttons_are_french(qapp):
    from PySide6.QtWidgets import QDialogButtonBox

    from opendata_desktop.ui.translations import install_french

    assert install_french(qapp)
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Yes)
    labels = {b.text().replace("&", "") for b in box.buttons()}
    assert labels == {"Annuler", "Oui"}
