"""Step 2 « Schéma »: which national format (SCDL) the file must follow."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QTextBrowser

from opendata_desktop.core.schemas import default_catalogue
from opendata_desktop.ui.pages.base import StepPage


class SchemaPage(StepPage):
    title = "2. Choisir le schéma"
    explanation = ("Le schéma est le modèle national que doit suivre votre fichier (Socle Commun des "
                   "Données Locales). Choisissez celui qui correspond à vos données.")

    def __init__(self, window):
        super().__init__(window)
        row = QHBoxLayout()
        self.list = QListWidget()
        self.list.setMaximumWidth(360)
        for entry in default_catalogue().entries():
            item = QListWidgetItem(f"{entry.title}\n{entry.name} — version {entry.version}")
            item.setData(Qt.ItemDataRole.UserRole, (entry.name, entry.version))
            self.list.addItem(item)
        self.list.currentItemChanged.connect(self._selected)
        self.details = QTextBrowser()
        row.addWidget(self.list)
        row.addWidget(self.details, 1)
        self.layout_.addLayout(row, 1)
        self.status = QLabel()
        self.layout_.addWidget(self.status)

    def _selected(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is None or self.document is None:
            return
        name, version = item.data(Qt.ItemDataRole.UserRole)
        schema = default_catalogue().get(name, version)
        if self.document.schema is None or (self.document.schema.name, self.document.schema.version) != (name, version):
            self.document.set_schema(schema)
        self._show(schema)

    def _show(self, schema) -> None:
        required = ", ".join(f.label for f in schema.required_fields)
        fields = "".join(f"<li><b>{f.label}</b> <small>({f.name})</small>{' — obligatoire' if f.required else ''}"
                         f"<br><small>{f.description}</small></li>" for f in schema.fields)
        self.details.setHtml(f"<h3>{schema.title}</h3><p>{schema.description}</p>"
                             f"<p><b>Champs obligatoires :</b> {required}</p><ul>{fields}</ul>")
        mapped = sum(1 for v in self.document.mapping.columns.values() if v)
        self.status.setText(f"Schéma choisi : <b>{schema.title}</b> (version {schema.version}). "
                            f"{mapped} colonne(s) de votre fichier ont été reconnues automatiquement.")

    def select(self, name: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole)[0] == name:
                self.list.setCurrentRow(i)
                return
        raise KeyError(name)

    def enter(self) -> None:
        if self.document is not None and self.document.schema is not None:
            self._show(self.document.schema)
            for i in range(self.list.count()):
                if self.list.item(i).data(Qt.ItemDataRole.UserRole)[0] == self.document.schema.name:
                    self.list.blockSignals(True)
                    self.list.setCurrentRow(i)
                    self.list.blockSignals(False)
        else:
            self.status.setText("Aucun schéma choisi : cliquez sur l'un d'eux dans la liste.")
            self.details.setHtml("")
