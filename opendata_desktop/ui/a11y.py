"""Names and descriptions for screen readers (NVDA, Narrator), given where widgets are made.

`describe` sets both; `form_row` adds a labelled row whose label becomes the field's name and buddy
(so Alt+letter and screen readers find it). `unnamed` lists interactive widgets left without a name or
a description: the accessibility test walks every page with it.
"""

from __future__ import annotations

from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QAbstractSlider, QAbstractSpinBox, QComboBox,
                               QFormLayout, QHeaderView, QLabel, QLineEdit, QPlainTextEdit, QTextEdit, QWidget)

INTERACTIVE = (QAbstractButton, QAbstractItemView, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit,
               QAbstractSpinBox, QAbstractSlider)


def plain(text: str) -> str:
    """Text without the mnemonic ampersand and rich-text tags, for a name read aloud."""
    out, inside = [], False
    for char in text.replace("&&", "\0").replace("&", "").replace("\0", "&"):
        if char == "<":
            inside = True
        elif char == ">":
            inside = False
        elif not inside:
            out.append(char)
    return " ".join("".join(out).split()).rstrip(" :")


def describe(widget: QWidget, name: str, description: str = "") -> QWidget:
    widget.setAccessibleName(plain(name))
    widget.setAccessibleDescription(description or plain(name))
    if description and not widget.toolTip():
        widget.setToolTip(description)
    return widget


def button(widget: QAbstractButton, description: str = "") -> QAbstractButton:
    """A button is named by its text; its description says what happens."""
    return describe(widget, widget.text(), description or widget.toolTip() or plain(widget.text()))


def form_row(form: QFormLayout, label: str, widget: QWidget, description: str = "",
             field: QWidget | None = None) -> QLabel:
    """One labelled row; `field` is the widget that gets the name when `widget` is a container."""
    text = QLabel(label)
    text.setWordWrap(True)
    target = field or widget
    text.setBuddy(target)
    describe(target, label, description)
    form.addRow(text, widget)
    return text


def unnamed(root: QWidget) -> list[str]:
    """Interactive widgets under `root` without an accessible name or description (for the test)."""
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or isinstance(widget, (QAbstractSlider, QHeaderView)):
            continue
        if widget.objectName().startswith("qt_") or _inner_part(widget, root):
            continue
        if not widget.accessibleName().strip() or not widget.accessibleDescription().strip():
            text = widget.text() if hasattr(widget, "text") and callable(widget.text) else ""
            missing.append(f"{type(widget).__name__} « {text or widget.objectName()} »")
    return missing


def _inner_part(widget: QWidget, root: QWidget) -> bool:
    """Qt's own parts of a composite widget: a combo's list, a spin box's editor, a line edit's clear button."""
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, (QComboBox, QAbstractSpinBox, QLineEdit)):
            return True
        if isinstance(parent, QAbstractItemView) and type(widget) in (QAbstractButton, QLineEdit):
            return True  # a table's corner button, a cell being edited
        parent = parent.parentWidget()
    return False
