"""The one place where exceptions become French messages on screen (Anki's error handler).

The wording comes from core.errors.describe_exception, shared with the command line; this module
shows it, logs the technical details to the log file, and offers to copy them for support.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from opendata_desktop import __version__
from opendata_desktop.core.errors import describe_exception

log = logging.getLogger("opendata_desktop.ui")


class ErrorPresenter(QObject):
    _from_thread = Signal(object)

    def __init__(self, parent_widget: QWidget | None = None):
        super().__init__()
        self.parent_widget = parent_widget
        self.last_shown: tuple[str, str] | None = None  # (title, text), for tests
        self.interactive = True
        self._from_thread.connect(self.show)

    def install_hooks(self) -> None:
        sys.excepthook = lambda et, ev, tb: self._from_thread.emit(ev)
        threading.excepthook = lambda args: self._from_thread.emit(args.exc_value)

    def show(self, exc: BaseException, parent: QWidget | None = None) -> None:
        message = describe_exception(exc)
        details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        log.error("%s: %s\n%s", type(exc).__name__, message.title, details)
        self.last_shown = (message.title, message.text())
        if not self.interactive:
            return
        box = QMessageBox(parent or self.parent_widget)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(message.title)
        box.setText(message.message)
        if message.hint:
            box.setInformativeText(message.hint)
        copy = box.addButton("Copier les informations de diagnostic", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Ok)
        box.exec()
        if box.clickedButton() is copy:
            QApplication.clipboard().setText(
                f"opendata-desktop {__version__}\n{message.title}: {message.text()}\n\n{details}")
