"""Common frame of a step: a title, a plain-French explanation, the step's content (scrolls when the
text is large), and its action bar, which the window keeps always visible at the bottom."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from opendata_desktop.core.operations import OpChanges
from opendata_desktop.ui.services import Services


class StepPage(QWidget):
    title = ""
    explanation = ""

    def __init__(self, services: Services):
        super().__init__()
        self.services = services
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setAccessibleName(self.title)
        self.scroll.setAccessibleDescription(self.explanation or self.title)
        content = QWidget()
        self.layout_ = QVBoxLayout(content)
        self.scroll.setWidget(content)
        outer.addWidget(self.scroll, 1)
        self.heading = QLabel(f"<h2>{self.title}</h2>")
        self.heading.setWordWrap(True)
        self.heading.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.layout_.addWidget(self.heading)
        if self.explanation:
            text = QLabel(self.explanation)
            text.setWordWrap(True)
            text.setStyleSheet("color: #333;")
            text.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
            self.layout_.addWidget(text)
        # Buttons of the step shown in the window's bottom bar (always visible, never scrolled away).
        self.action_bar = QWidget()
        self.actions = QHBoxLayout(self.action_bar)
        self.actions.setContentsMargins(0, 0, 0, 0)
        self.primary = None  # the step's main button, pressed by Enter when nothing else has focus

    @property
    def document(self):
        return self.services.document

    def enter(self) -> None:
        """Called each time the step is shown: refresh from the document."""

    def document_replaced(self) -> None:
        """A new file was opened."""

    def document_changed(self, changes: OpChanges) -> None:
        """An operation was applied, undone or redone while this step is shown."""
        self.enter()
