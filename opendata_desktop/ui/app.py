"""Start the desktop application."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from opendata_desktop import APP_TITLE
from opendata_desktop.core.paths import log_dir
from opendata_desktop.core.publishing.http import use_system_trust_store
from opendata_desktop.core.samples import sample_path
from opendata_desktop.ui.main_window import MainWindow
from opendata_desktop.ui.translations import install_french


def setup_logging() -> None:
    """Technical details go to a rotating log file (never personal values, never API keys)."""
    handler = logging.handlers.RotatingFileHandler(log_dir() / "opendata-desktop.log", maxBytes=2_000_000,
                                                   backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger("opendata_desktop")
    root.setLevel(logging.INFO)
    root.addHandler(handler)


def _resource(*parts: str):
    return resources.files("opendata_desktop.resources").joinpath(*parts)


def install_bundled_qt_french(app: QApplication) -> bool:
    """Qt's French for standard dialogs from resources/translations (the frozen build ships only this one)."""
    with resources.as_file(_resource("translations", "qtbase_fr.qm")) as path:
        translator = QTranslator(app)  # parented to the app: lives as long as it
        if not translator.load(str(path)):
            return False
    return app.installTranslator(translator)


def install_window_icon(app: QApplication) -> None:
    with resources.as_file(_resource("icons", "opendata-desktop.png")) as path:
        app.setWindowIcon(QIcon(str(path)))


def create_window(app: QApplication) -> MainWindow:
    if not install_french(app):
        install_bundled_qt_french(app)
    install_window_icon(app)
    use_system_trust_store()
    window = MainWindow()
    window.errors.install_hooks()
    return window


def run_app(path: Path | None = None, sample: bool = False) -> int:
    setup_logging()
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_TITLE)
    window = create_window(app)
    window.show()
    if path is not None and path.suffix == ".odproj":
        window.open_project(path)
    elif path is not None:
        window.open_file(path)
    elif sample:
        window.open_file(sample_path())
    else:
        window.offer_recovery()
    return app.exec()


def main() -> int:
    """`opendata-desktop-app [FICHIER]`: the windowed entry point (no console on Windows)."""
    return run_app(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
