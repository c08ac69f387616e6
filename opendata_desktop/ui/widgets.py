"""Small widgets that keep text readable at any font size (200 % zoom, a narrow window).

`ElidingCombo` shows « Identification de l'attrib… » instead of cutting letters off, with the whole text in
its tooltip and a drop-down list wide enough for every choice; `WrappingDelegate` gives tree rows the
height of their wrapped text (Qt's tree views ignore word wrap when sizing rows); `FlowLayout` puts
buttons on a second line when they do not fit on one.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtWidgets import (QComboBox, QLayout, QStyle, QStyledItemDelegate, QStyleOptionComboBox,
                               QStyleOptionViewItem, QStylePainter, QTreeView, QVBoxLayout, QWidget, QWidgetItem)


class ElidingCombo(QComboBox):
    """A choice list whose current text is shortened with « … » when the box is narrow."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(8)
        self.currentIndexChanged.connect(self.update_tip)

    def update_tip(self) -> None:
        tip = self.itemData(self.currentIndex(), Qt.ItemDataRole.ToolTipRole)
        text = self.currentText()
        self.setToolTip(f"{text}\n{tip}" if tip and tip != text else text)

    def is_elided(self) -> bool:
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        return self.fontMetrics().horizontalAdvance(self.currentText()) > field.width()

    def paintEvent(self, _event) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        option.currentText = self.fontMetrics().elidedText(option.currentText, Qt.TextElideMode.ElideRight,
                                                           field.width())
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def showPopup(self) -> None:
        """The list opens as wide as its longest choice (within the screen), whatever the box's width."""
        view = self.view()
        wanted = view.sizeHintForColumn(0) + view.verticalScrollBar().sizeHint().width() + 8
        screen = self.screen().availableGeometry().width() if self.screen() else wanted
        view.setMinimumWidth(min(wanted, screen - 20))
        super().showPopup()


class WrappingDelegate(QStyledItemDelegate):
    """Row heights of a tree follow the wrapped text of its column: long messages are shown whole."""

    def __init__(self, view: QTreeView):
        super().__init__(view)
        self.view = view
        self._relayout = QTimer(view, singleShot=True, interval=0)
        self._relayout.timeout.connect(view.doItemsLayout)
        view.header().sectionResized.connect(lambda *_: self._relayout.start())

    def sizeHint(self, option, index):
        opt = QStyleOptionViewItem(option)
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        indent = self.view.indentation() * (depth + (1 if self.view.rootIsDecorated() else 0))
        width = self.view.columnWidth(index.column()) - indent
        opt.rect = QRect(0, 0, max(width, 40), 10_000)
        opt.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        hint = super().sizeHint(opt, index)
        return QSize(min(hint.width(), max(width, 40)), hint.height())

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        option.textElideMode = Qt.TextElideMode.ElideNone


class FlowLayout(QLayout):
    """Widgets left to right, wrapping to the next line when the width runs out (Qt's flow layout example)."""

    def __init__(self, parent=None, spacing: int = 6):
        super().__init__(parent)
        self._items: list = []
        self.setContentsMargins(0, 0, 0, 0)
        self.setSpacing(spacing)

    def addItem(self, item) -> None:
        self._items.append(item)

    def addWidget(self, widget) -> None:  # noqa: N802 (Qt's name)
        self.addChildWidget(widget)
        self.addItem(QWidgetItem(widget))

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index):
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index):
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self):
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self):
        return self.minimumSize()

    def minimumSize(self):
        size = QSize()
        for item in self._items:
            if not item.isEmpty():
                size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line = area.x(), area.y(), 0
        gap = self.spacing()
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and line > 0:
                x, y, line = area.x(), y + line + gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + gap
            line = max(line, hint.height())
        return y + line - rect.y() + margins.bottom()


class OneLineDelegate(QStyledItemDelegate):
    """Cells of this column stay on one line, shortened with « … » (the whole text in their tooltip),
    in a table that wraps its other columns."""

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        option.features &= ~QStyleOptionViewItem.ViewItemFeature.WrapText
        option.textElideMode = Qt.TextElideMode.ElideRight

    def sizeHint(self, option, index):
        opt = QStyleOptionViewItem(option)
        opt.features &= ~QStyleOptionViewItem.ViewItemFeature.WrapText
        return super().sizeHint(opt, index)


def centred(widget: QWidget) -> QWidget:
    """A table cell's list at its own height, in the middle of a tall row (not stretched over wrapped text)."""
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(2, 0, 2, 0)
    layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignVCenter)
    return holder
