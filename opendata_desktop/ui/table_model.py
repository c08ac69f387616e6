"""A Qt table model over a pandas DataFrame of texts, showing validation errors as red cells."""

from __future__ import annotations

from typing import Callable

import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from opendata_desktop.ui.tasks import dispose_later

ERROR_BACKGROUND = QColor("#f8d0d0")
PERSONAL_BACKGROUND = QColor("#fde7b0")


class FrameModel(QAbstractTableModel):
    def __init__(self, frame: pd.DataFrame | None = None, *, headers: list[str] | None = None,
                 row_labels: list[str] | None = None, header_tips: list[str] | None = None,
                 on_edit: Callable[[int, str, str], None] | None = None):
        super().__init__()
        self._frame = frame if frame is not None else pd.DataFrame()
        self._headers = headers
        self._row_labels = row_labels
        self._header_tips = header_tips
        self._on_edit = on_edit
        self._cell_notes: dict[tuple[int, int], str] = {}
        self._highlight = ERROR_BACKGROUND

    def set_frame(self, frame: pd.DataFrame, headers: list[str] | None = None,
                  row_labels=None, header_tips: list[str] | None = None) -> None:
        self.beginResetModel()
        dispose_later(self._frame, self._cell_notes)  # freed off the GUI thread (100,000 rows)
        self._frame = frame
        self._headers = headers
        self._row_labels = row_labels
        self._header_tips = header_tips
        self._cell_notes = {}
        self.endResetModel()

    def set_cell_notes(self, notes: dict[tuple[int, int], str], personal: bool = False) -> None:
        """Cells to highlight (row, column index) with their tooltip text."""
        self.beginResetModel()
        dispose_later(self._cell_notes)
        self._cell_notes = notes
        self._highlight = PERSONAL_BACKGROUND if personal else ERROR_BACKGROUND
        self.endResetModel()

    def set_value(self, row: int, column: int, value: str) -> None:
        """One cell changed in the document: show it without resetting the view."""
        self._frame.iat[row, column] = value
        index = self.index(row, column)
        self.dataChanged.emit(index, index)

    def set_cell_notes_quietly(self, notes: dict[tuple[int, int], str]) -> None:
        """New highlights without a model reset: the selection, editor and scroll stay."""
        dispose_later(self._cell_notes)  # half a million notes on a large file: freed off the GUI thread
        self._cell_notes = notes
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1),
                                  [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole])

    @property
    def frame(self) -> pd.DataFrame:
        return self._frame

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._frame)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._frame.columns)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            value = self._frame.iat[index.row(), index.column()]
            return "" if value is None else str(value)
        note = self._cell_notes.get((index.row(), index.column()))
        if note is not None:
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(self._highlight)
            if role == Qt.ItemDataRole.ToolTipRole:
                return note
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.ToolTipRole and horizontal and self._header_tips is not None:
            return self._header_tips[section]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if horizontal:
            if self._headers is not None:
                return self._headers[section]
            return str(self._frame.columns[section])
        if self._row_labels is not None:
            return str(self._row_labels[section])  # row numbers stay an array: no 100,000 strings made up front
        return str(section + 1)

    def flags(self, index: QModelIndex):
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._on_edit is not None:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: QModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or self._on_edit is None or not index.isValid():
            return False
        column = str(self._frame.columns[index.column()])
        if str(value) == str(self._frame.iat[index.row(), index.column()]):
            return False
        self._on_edit(index.row(), column, str(value))
        return True
