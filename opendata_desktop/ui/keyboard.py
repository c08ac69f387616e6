"""Keyboard habits of Windows that Qt widgets lack outside dialogs.

Enter presses the focused button (Qt only does it with Space, or in dialogs); tables give Tab back to
the window (arrow keys still move between cells); multi-line fields let Tab move to the next field.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QApplication, QDialog, QPlainTextEdit, QTextEdit

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class EnterPressesButtons(QObject):
    """Installed once on the application."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() in ENTER_KEYS and not event.modifiers() & ~(
                Qt.KeyboardModifier.KeypadModifier):
            if isinstance(watched, QAbstractButton) and watched.isEnabled() and watched.isVisible() \
                    and not isinstance(watched.window(), QDialog):
                watched.animateClick()
                return True
        return False


_FILTER: list[EnterPressesButtons] = []


def install(app: QApplication) -> None:
    if not _FILTER:
        _FILTER.append(EnterPressesButtons(app))
        app.installEventFilter(_FILTER[0])


def tab_leaves(*widgets) -> None:
    """Tab moves focus to the next widget instead of moving inside a table or typing a tab character."""
    for widget in widgets:
        if isinstance(widget, QAbstractItemView):
            widget.setTabKeyNavigation(False)
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
            widget.setTabChangesFocus(True)


def uses_enter(widget) -> bool:
    """Widgets for which Enter already means something (a field's validation, opening a cell, a list's
    choice, a button's press): the window's default button is left alone."""
    from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit

    return isinstance(widget, (QLineEdit, QAbstractItemView, QComboBox, QAbstractSpinBox, QPlainTextEdit, QTextEdit,
                               QAbstractButton))
