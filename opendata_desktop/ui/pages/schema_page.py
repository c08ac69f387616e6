"""Step 2 « Schéma »: which national format (SCDL) the file must follow, and which version."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QPushButton, QTextBrowser, QVBoxLayout)

from opendata_desktop.core.mapping import MappingMemory
from opendata_desktop.core.schemas import default_catalogue
from opendata_desktop.core.schemas.refresh import refresh
from opendata_desktop.core.textnorm import fold
from opendata_desktop.ui import keyboard
from opendata_desktop.ui.a11y import button, describe
from opendata_desktop.ui.pages.base import StepPage
from opendata_desktop.ui.widgets import ElidingCombo


class SchemaPage(StepPage):
    title = "2. Choisir le schéma"
    explanation = ("Le schéma est le modèle national que doit suivre votre fichier (Socle Commun des "
                   "Données Locales en tête de liste, puis les autres schémas nationaux). Choisissez celui "
                   "qui correspond à vos données.")

    def __init__(self, services):
        super().__init__(services)
        row = QHBoxLayout()
        left = QVBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Rechercher un schéma (ex. : budget)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.list = QListWidget()
        char = self.fontMetrics().averageCharWidth()
        self.list.setMaximumWidth(char * 56)  # in characters: the same share of the page at 200 %
        self.list.setSpacing(3)  # one schema = title + name on two lines: keep them apart
        self.list.setWordWrap(True)  # long titles (« Composition des plats des menus… ») wrap, not cut
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentItemChanged.connect(self._selected)
        describe(self.search, "Rechercher un schéma", "Tapez un mot du titre : la liste ne garde que les schémas qui le contiennent")
        describe(self.list, "Schémas", "Les modèles nationaux ; choisir l'un d'eux l'applique à votre fichier")
        keyboard.tab_leaves(self.list)
        version_row = QHBoxLayout()
        version_label = QLabel("Version :")
        version_row.addWidget(version_label)
        self.version_combo = ElidingCombo()  # « 0.1.5 (la plus réc… » at 200 %, never letters cut off
        version_label.setBuddy(self.version_combo)
        describe(self.version_combo, "Version du schéma",
                 "Gardez la version de l'an dernier si votre fichier a été préparé pour elle.")
        self.version_combo.setToolTip("Gardez la version de l'an dernier si votre fichier a été préparé pour elle.")
        self.version_combo.currentIndexChanged.connect(self._version_changed)
        version_row.addWidget(self.version_combo, 1)
        self.refresh_button = QPushButton("Mettre à jour la liste (Internet)")
        self.refresh_button.clicked.connect(self.refresh_catalogue)
        self.local_button = button(QPushButton("Utiliser un schéma local…"),
                                   "Choisir un fichier de schéma (JSON) fourni par votre coordinateur")
        self.local_button.clicked.connect(lambda: self.use_local_schema())
        self.suggestion = QLabel()
        self.suggestion.setWordWrap(True)
        self.suggestion.hide()
        button(self.refresh_button, "Télécharger depuis schema.data.gouv.fr les schémas nouveaux ou mis à jour")
        self.no_match = QLabel("Aucun schéma ne correspond. S'il vient d'être publié sur schema.data.gouv.fr, "
                               "cliquez sur «\u00a0Mettre à jour la liste\u00a0».")
        self.no_match.setWordWrap(True)
        self.no_match.setMaximumWidth(char * 56)
        self.no_match.hide()
        left.addWidget(self.search)
        left.addWidget(self.no_match)
        left.addWidget(self.list, 1)
        left.addLayout(version_row)
        left.addWidget(self.refresh_button)
        left.addWidget(self.local_button)
        self.details = QTextBrowser()
        describe(self.details, "Description du schéma", "Les champs du schéma choisi, les obligatoires en premier")
        self.details.setMinimumHeight(120)
        row.addLayout(left, 2)
        row.addWidget(self.details, 3)
        self.layout_.addWidget(self.suggestion)
        self.layout_.addLayout(row, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.layout_.addWidget(self.status)
        self._fill()

    def _fill(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for entry in default_catalogue().entries():
            item = QListWidgetItem(f"{entry.title}\n{entry.name}")
            item.setData(Qt.ItemDataRole.UserRole, entry.name)
            item.setToolTip(f"{entry.title} ({entry.name}, version {entry.version})")
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._filter(self.search.text())

    def _filter(self, text: str) -> None:
        """Hide the schemas whose title and name do not contain every word typed (accents ignored)."""
        words = fold(text).split()
        for index in range(self.list.count()):
            item = self.list.item(index)
            haystack = fold(item.text())
            item.setHidden(not all(word in haystack for word in words))
        self.no_match.setVisible(all(self.list.item(i).isHidden() for i in range(self.list.count())))

    def _selected(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is None:
            return
        name = item.data(Qt.ItemDataRole.UserRole)
        versions = default_catalogue().versions(name)
        self.version_combo.blockSignals(True)
        self.version_combo.clear()
        for version in reversed(versions):
            self.version_combo.addItem(version + (" (la plus récente)" if version == versions[-1] else ""), version)
        self.version_combo.blockSignals(False)
        self._apply(name, versions[-1])

    def _version_changed(self) -> None:
        item = self.list.currentItem()
        if item is not None and self.version_combo.currentData():
            self._apply(item.data(Qt.ItemDataRole.UserRole), self.version_combo.currentData())

    def _apply(self, name: str, version: str) -> None:
        if self.document is None:
            return
        schema = default_catalogue().get(name, version)
        current = self.document.schema
        if current is None or (current.name, current.version) != (name, version):
            self.document.set_schema(schema, MappingMemory())
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

    def use_local_schema(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "Schéma local", self.services.settings.last_folder or "",
                                                  "Schémas (*.json);;Tous les fichiers (*)")
            if not path:
                return
        try:
            from opendata_desktop.core.schemas import load_local_schema

            schema = load_local_schema(path)
        except Exception as exc:  # an unreadable or invalid schema: said in French
            self.services.errors.show(exc)
            return
        if self.document is not None:
            self.document.set_schema(schema, MappingMemory())
            self._show(schema)

    def suggest(self) -> bool:
        """No dataset chosen on the welcome page: the schema that fits the file best is chosen, with why."""
        doc = self.document
        candidates = getattr(doc, "schema_candidates", None) if doc is not None else None
        if doc is None or doc.schema is not None or not candidates:
            return False
        best = candidates[0]
        try:
            self.select(best.schema)
        except KeyError:
            return False
        self.suggestion.setText(f"<b>Schéma proposé pour votre fichier : {best.title or best.schema}</b> — "
                                f"{best.why}. Choisissez-en un autre dans la liste s'il ne convient pas.")
        self.suggestion.show()
        return doc.schema is not None

    def apply_wanted_schema(self) -> bool:
        """The dataset chosen on the welcome page becomes the schema of the file just opened."""
        wanted = dict(self.services.wanted_schema)
        self.services.wanted_schema.clear()  # once: the next file opened starts afresh
        name = wanted.get("name")
        if not name:
            return bool(wanted.get("welcome")) and self.suggest()
        if self.document is None or self.document.schema is not None:
            return False
        try:
            self.select(name)
        except KeyError:
            return False
        return self.document.schema is not None

    def refresh_catalogue(self) -> None:
        def done(result) -> None:
            self._fill()
            self.enter()
            self.services.status(
                f"Liste des schémas à jour : {len(result.added)} nouvelle(s) version(s).", 6000)

        self.services.tasks.run("Mise à jour des schémas", lambda report, cancelled: refresh(progress=report),
                               on_success=done, on_failure=self.services.errors.show, network=True)

    def select(self, name: str, version: str | None = None) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == name:
                self.list.setCurrentRow(i)
                if version is not None:
                    self.version_combo.setCurrentIndex(self.version_combo.findData(version))
                return
        raise KeyError(name)

    def enter(self) -> None:
        if self.document is not None and self.document.schema is None:
            self.suggest()
        if self.document is not None and self.document.schema is not None:
            schema = self.document.schema
            self._show(schema)
            for i in range(self.list.count()):
                if self.list.item(i).data(Qt.ItemDataRole.UserRole) == schema.name:
                    self.list.blockSignals(True)
                    self.list.setCurrentRow(i)
                    self.list.blockSignals(False)
        else:
            self.status.setText("Aucun schéma choisi : cliquez sur l'un d'eux dans la liste.")
            self.details.setHtml("")
