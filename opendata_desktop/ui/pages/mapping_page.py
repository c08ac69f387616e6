"""Step 3 « Correspondances »: which column of the file goes into which field of the schema."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QLineEdit, QPushButton,
                               QTableWidget, QTableWidgetItem, QWidget)

from opendata_desktop.core.operations import AddConstantColumn, CompoundOperation, MergeColumns, SetMapping, SplitColumn
from opendata_desktop.core.mapping import confirm_all
from opendata_desktop.core.textnorm import fold
from opendata_desktop.ui import keyboard
from opendata_desktop.ui.a11y import button, describe
from opendata_desktop.ui.pages.base import StepPage

NOT_PUBLISHED = "— Ne pas publier —"


class MappingPage(StepPage):
    title = "3. Associer les colonnes"
    explanation = ("Pour chaque colonne de votre fichier, choisissez le champ du schéma qui lui "
                   "correspond. Les colonnes laissées sur « Ne pas publier » ne seront pas mises en ligne. "
                   "Les champs marqués d'un astérisque (*) sont obligatoires.")

    def __init__(self, services):
        super().__init__(services)
        self.table = QTableWidget(0, 4)
        describe(self.table, "Correspondances des colonnes",
                 "Une ligne par colonne de votre fichier, avec le champ du schéma choisi pour elle")
        keyboard.tab_leaves(self.table)
        self.table.setMinimumHeight(200)
        self.table.setHorizontalHeaderLabels(["Colonne de votre fichier", "Exemples de valeurs",
                                              "Champ du schéma", "Reconnaissance"])
        header = self.table.horizontalHeader()
        char = self.fontMetrics().averageCharWidth()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, char * 22)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, char * 18)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # field labels shown whole
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(3, char * 22)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.layout_.addWidget(self.table, 1)
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        self.layout_.addWidget(self.missing)
        self.constant_row = QWidget()
        row = QHBoxLayout(self.constant_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Remplir le champ"))
        self.constant_field = QComboBox()
        describe(self.constant_field, "Champ à remplir", "Champ obligatoire qui n'a pas de colonne dans votre fichier")
        self.constant_field.currentIndexChanged.connect(self._prefill_constant)
        row.addWidget(self.constant_field)
        row.addWidget(QLabel("avec la même valeur sur toutes les lignes :"))
        self.constant_value = QLineEdit()
        describe(self.constant_value, "Valeur pour toutes les lignes",
                 "Par exemple le nom ou le SIRET de la commune")
        self.constant_value.returnPressed.connect(lambda: self.add_constant())
        row.addWidget(self.constant_value, 1)
        self.constant_button = button(QPushButton("Ajouter"), "Ajouter ce champ avec cette valeur sur toutes les lignes")
        self.constant_button.clicked.connect(self.add_constant)
        row.addWidget(self.constant_button)
        self.layout_.addWidget(self.constant_row)
        tools = QHBoxLayout()
        split = QPushButton("Découper une colonne en deux…")
        split.setToolTip("Par exemple « 12 rue de la Paix » en numéro et nom de voie")
        split.clicked.connect(self.split_column)
        button(split)
        merge = QPushButton("Réunir deux colonnes…")
        merge.setToolTip("Par exemple le numéro et le nom de la voie en une seule adresse")
        merge.clicked.connect(self.merge_columns)
        button(merge)
        tools.addWidget(split)
        tools.addWidget(merge)
        tools.addStretch(1)
        self.layout_.addLayout(tools)
        self.combos: dict[str, QComboBox] = {}
        self.confirm_button = button(QPushButton("Tout confirmer"),
                                     "Confirmer en une fois toutes les correspondances proposées (annulable en une fois)")
        self.confirm_button.clicked.connect(self.confirm_all)
        self.actions.addStretch(1)
        self.actions.addWidget(self.confirm_button)
        self.primary = self.confirm_button

    def enter(self) -> None:
        doc = self.document
        if doc is None or doc.schema is None:
            return
        schema = doc.schema
        columns = list(doc.table.columns)
        confirmed = self._confirmed()
        self.table.setRowCount(len(columns))
        self.combos = {}
        for row, column in enumerate(columns):
            self.table.setItem(row, 0, QTableWidgetItem(column))
            values = doc.table[column].head(2000).astype(str)  # examples: the first rows are enough
            examples = [v for v in values[values.str.strip() != ""].unique()[:3]]
            self.table.setItem(row, 1, QTableWidgetItem(" | ".join(examples)))
            combo = QComboBox()
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(16)
            combo.addItem(NOT_PUBLISHED, None)
            for f in schema.fields:
                star = " *" if f.required else ""
                combo.addItem(f"{f.label}{star}", f.name)
                combo.setItemData(combo.count() - 1, f"{f.description}\n(code : {f.name})".strip(),
                                  Qt.ItemDataRole.ToolTipRole)
            target = doc.mapping.columns.get(column)
            combo.setCurrentIndex(combo.findData(target) if target else 0)
            combo.setToolTip(f"code du champ : {target}" if target else "colonne non publiée")
            describe(combo, f"Champ du schéma pour la colonne « {column} »",
                     "Choisissez le champ qui reçoit cette colonne, ou « Ne pas publier »")
            combo.currentIndexChanged.connect(lambda _i, c=column, box=combo: self._changed(c, box))
            self.table.setCellWidget(row, 2, combo)
            self.combos[column] = combo
            status = QTableWidgetItem(self._status(column, target, confirmed))
            explanation = self._explanation(column)
            if explanation:
                status.setToolTip(explanation)
            self.table.setItem(row, 3, status)
        self.confirm_button.setEnabled(bool(confirm_all(doc.mapping)))
        missing = doc.mapping.missing_required(schema)
        self.constant_row.setVisible(bool(missing))
        self.constant_field.blockSignals(True)
        self.constant_field.clear()
        for name in missing:
            self.constant_field.addItem(schema.field(name).label, name)
        self.constant_field.blockSignals(False)
        self._prefill_constant()
        if missing:
            names = ", ".join(f"« {schema.field(m).label} »" for m in missing)
            self.missing.setText(f"<span style='color:#a00000'><b>Champs obligatoires sans colonne :</b> "
                                 f"{names}. Associez-leur une colonne, sinon le fichier sera invalide.</span>")
        else:
            self.missing.setText("<span style='color:#106010'>Tous les champs obligatoires ont une colonne.</span>")

    def _confirmed(self) -> set[str]:
        """Columns whose field the person chose or confirmed (nested in « Tout confirmer » too)."""
        found: set[str] = set()

        def walk(entries):
            for entry in entries:
                if entry.get("op") == "set-mapping":
                    found.add(entry.get("column"))
                walk(entry.get("ops", []))

        walk(self.document.journal)
        return found

    def _explanation(self, column: str) -> str:
        """Why this field was proposed, when core/mapping says it."""
        explain = getattr(self.document.mapping, "explanations", None) or {}
        text = explain.get(column) if isinstance(explain, dict) else None
        return str(text) if text else ""

    def _status(self, column: str, target: str | None, confirmed: set[str]) -> str:
        if not target:
            return "—"
        if column in confirmed:
            return "confirmée"
        confidence = self.document.mapping.confidence.get(column, 0.0)
        return "reconnue automatiquement" if confidence >= 0.95 else f"proposée ({confidence:.0%}), à vérifier"

    def _changed(self, column: str, combo: QComboBox) -> None:
        target = combo.currentData()
        if self.document.mapping.columns.get(column) == target:
            return
        self.document.apply(SetMapping(column, target))

    def confirm_all(self) -> None:
        """« Tout confirmer »: every proposed correspondence becomes the person's choice, in one undo step."""
        doc = self.document
        if doc is None or doc.schema is None:
            return
        ops = [SetMapping(column, target) for column, target in confirm_all(doc.mapping).items()]
        if ops:
            doc.apply(CompoundOperation(f"{len(ops)} correspondance(s) confirmée(s)", ops))
            self.services.status(f"{len(ops)} correspondance(s) confirmée(s). Annulable avec Ctrl+Z.", 5000)

    def set_field(self, column: str, field_name: str | None) -> None:
        """Pick a field for a column, as a person would with the list."""
        combo = self.combos[column]
        combo.setCurrentIndex(combo.findData(field_name) if field_name else 0)

    def _commune_setting(self, field_name: str) -> str | None:
        """Which commune setting fills this field: its name or its SIRET (None: neither)."""
        f = self.document.schema.field(field_name)
        words = fold(f"{f.name} {f.title} {f.description}")
        if "collectivite" not in words and "attribuant" not in words:
            return None
        if "siret" in words:
            return "commune_siret"
        return "commune_name" if "nom" in words.split() else None

    def _prefill_constant(self) -> None:
        name = self.constant_field.currentData()
        setting = self._commune_setting(name) if name else None
        self.constant_value.setText(getattr(self.services.settings, setting) if setting else "")

    def add_constant(self) -> None:
        name, value = self.constant_field.currentData(), self.constant_value.text().strip()
        if not name or not value:
            return
        setting = self._commune_setting(name)
        if setting:
            setattr(self.services.settings, setting, value)  # next file, next year: already filled
        self.document.apply(AddConstantColumn(name, value))

    def split_column(self) -> None:
        columns = list(self.document.table.columns)
        column, ok = QInputDialog.getItem(self, "Découper une colonne", "Colonne à découper :", columns, 0, False)
        if not ok:
            return
        separator, ok = QInputDialog.getText(self, "Découper une colonne",
                                             "Découper au premier :", text=" ")
        if ok and separator:
            self.document.apply(SplitColumn(column, separator, (f"{column} (1)", f"{column} (2)")))

    def merge_columns(self) -> None:
        columns = list(self.document.table.columns)
        first, ok = QInputDialog.getItem(self, "Réunir deux colonnes", "Première colonne :", columns, 0, False)
        if not ok:
            return
        second, ok = QInputDialog.getItem(self, "Réunir deux colonnes", "Seconde colonne :",
                                          [c for c in columns if c != first], 0, False)
        if ok:
            self.document.apply(MergeColumns((first, second), " ", f"{first} + {second}"))

    def document_changed(self, changes) -> None:
        QTimer.singleShot(0, self.enter)  # rebuild after the combo that triggered it returns
