"""Common frame of a step: a title, a plain-French explanation, then the step's own content."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from opendata_desktop.core.operations import OpChanges

if TYPE_CHECKING:
    from opendata_desktop.ui.main_window import MainWindow


class StepPage(QWidget):
    title = ""
    explanation = ""

    def __init__(self, window: "MainWindow"):
        super().__init__()
        self.window_ = window
        self.layout_ = QVBoxLayout(self)
        heading = QLabel(f"<h2>{self.title}</h2>")
        self.layout_.addWidget(heading)
        if self.explanation:
            text = QLabel(self.explanation)
            text.setWordWrap(True)
            text.setStyleSheet("color: #333; font-size: 13px;")
            self.layout_.addWidget(text)

    @property
    def document(self):
        return self.window_.document

    def enter(self) -> None:
        """Called each time the step is shown: refresh from the document."""

    def document_replaced(self) -> None:
        """A new file was opened."""

    def document_changed(self, changes: OpChanges) -> None:
        """An operation was applied, undone or redone while this step is shown."""
        self.enter()
