"""« Modifications »: every cell the person or the app changed, with before and after (nothing changed silently)."""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableWidget,
                               QTableWidgetItem, QVBoxLayout)

from opendata_desktop.ui import keyboard
from opendata_desktop.ui.a11y import describe

SHOWN = 5000  # rows listed (all are counted); the Excel report holds everything


def _rule_name(rule: str) -> str:
    try:
        from opendata_desktop.core.fixes.review import rule_label
    except ImportError:
        return rule
    return rule_label(rule)


class ChangesDialog(QDialog):
    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Modifications")
        self.resize(900, 520)
        changes = document.cell_changes()
        positions = {int(r): p for p, r in enumerate(getattr(document, "row_ids", []))}
        layout = QVBoxLayout(self)
        self.summary = QLabel(f"<b>{len(changes)} cellule(s) modifiée(s)</b> depuis l'ouverture du fichier "
                              "(le fichier d'origine n'est pas modifié). Ctrl+Z annule la dernière action.")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.filter = QComboBox()
        self.filter.addItem("Toutes les modifications", "")
        for rule in sorted({c.rule for c in changes}):
            self.filter.addItem(_rule_name(rule), rule)
        describe(self.filter, "Sorte de modification", "Ne montrer qu'une sorte de modification")
        self.filter.currentIndexChanged.connect(self._fill)
        layout.addWidget(self.filter)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["Ligne", "Colonne", "Avant", "Après", "Modification"])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        describe(self.table, "Modifications", "Une ligne par cellule modifiée : avant, après, et pourquoi")
        keyboard.tab_leaves(self.table)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._changes = changes
        self._row_numbers = document.row_numbers
        self._source_rows = getattr(document.source, "row_numbers", None)
        self._positions = positions
        self._fill()

    def _line(self, row_id: int) -> str:
        """The spreadsheet row of the change (rows left out since keep their original number)."""
        if self._source_rows is not None and 0 <= row_id < len(self._source_rows):
            return str(self._source_rows[row_id])
        position = self._positions.get(row_id)
        return str(self._row_numbers[position]) if position is not None else "—"

    def _fill(self) -> None:
        wanted = self.filter.currentData()
        rows = [c for c in self._changes if not wanted or c.rule == wanted][:SHOWN]
        self.table.setRowCount(len(rows))
        for i, change in enumerate(rows):
            for j, text in enumerate((self._line(change.row_id), change.column, change.before or "(vide)",
                                      change.after or "(vide)", change.label or _rule_name(change.rule))):
                self.table.setItem(i, j, QTableWidgetItem(text))
