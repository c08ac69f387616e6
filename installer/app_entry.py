"""Frozen windowed application: `opendata-desktop-app.exe [FICHIER]` (no console window on Windows).

Two hidden options serve the build's smoke tests only (installer/build.sh, .github/workflows/windows.yml):
  --render-screens DIR  render every step on the bundled sample to PNG, with scripts/render_screens.py's code
                        (bundled for this purpose): proves the resources and Qt plugins are inside the build;
  --first-window        start, show the first window, run one event loop pass and quit (cold-start timing);
                        exit code 1 if no window was shown, 2 if Qt's dialogs are not in French.
"""

from __future__ import annotations

import sys


def _render_screens(folder: str) -> int:
    import render_screens  # scripts/render_screens.py, put on the path by the spec

    sys.argv = [sys.argv[0], folder]
    return render_screens.main()


def _first_window() -> int:
    from PySide6.QtCore import QCoreApplication, QTimer
    from PySide6.QtWidgets import QApplication

    from opendata_desktop.ui.app import create_window

    app = QApplication(sys.argv[:1])
    window = create_window(app)
    window.show()
    shown: list[bool] = []

    def first_pass_done() -> None:  # the event loop ran once: the window has been laid out and painted
        shown.append(window.isVisible())
        app.quit()  # (Qt 6 closes the windows here, hence the check just before)

    QTimer.singleShot(0, first_pass_done)
    app.exec()
    if shown != [True]:
        return 1
    return 0 if QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler" else 2


def main() -> int:
    args = sys.argv[1:]
    if len(args) == 2 and args[0] == "--render-screens":
        return _render_screens(args[1])
    if args == ["--first-window"]:
        return _first_window()
    from opendata_desktop.ui.app import main as app_main

    return app_main()


if __name__ == "__main__":
    sys.exit(main())
