"""Step 3 « Correspondances »: which column of the file goes into which field of the schema."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QLineEdit, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from opendata_desktop.core.operations import AddConstantColumn, CompoundOperation, MergeColumns, SetMapping, SplitColumn
from opendata_desktop.core.mapping import confirm_all
from opendata_desktop.core.textnorm import fold
from opendata_desktop.ui import keyboard
from opendata_desktop.ui.a11y import button, describe
from opendata_desktop.ui.pages.base import StepPage
from opendata_desktop.ui.widgets import ElidingCombo, FlowLayout, OneLineDelegate, centred

NOT_PUBLISHED = "— Ne pas publier —"
EXAMPLES_TIP = "Exemples de valeurs : "


class MappingPage(StepPage):
    title = "3. Associer les colonnes"
    explanation = ("Pour chaque colonne de votre fichier, choisissez le champ du schéma qui la reçoit ; "
                   "« Ne pas publier » la garde hors ligne. Les champs marqués * sont obligatoires.")

    def __init__(self, services):
        super().__init__(services)
        self.table = QTableWidget(0, 4)
        describe(self.table, "Correspondances des colonnes",
                 "Une ligne par colonne de votre fichier, avec le champ du schéma choisi pour elle")
        keyboard.tab_leaves(self.table)
        self.table.setMinimumHeight(200)
        self.table.setHorizontalHeaderLabels(["Votre colonne", "Exemples de valeurs",
                                              "Champ du schéma", "État"])
        header = self.table.horizontalHeader()
        for section in (0, 1, 3):
            header.setSectionResizeMode(section, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # the field's label gets the rest
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)  # the person's column names are shown whole, on two lines if needed
        self.table.installEventFilter(self)  # widths follow the window and the font size
        self.table.setItemDelegateForColumn(1, OneLineDelegate(self.table))  # examples: one line each
        self.layout_.addWidget(self.table, 1)
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        self.layout_.addWidget(self.missing)
        self.constant_row = QWidget()
        column = QVBoxLayout(self.constant_row)
        column.setContentsMargins(0, 0, 0, 0)
        intro = QLabel("Remplir un champ obligatoire qui n'a pas de colonne, avec la même valeur sur toutes les lignes :")
        intro.setWordWrap(True)
        column.addWidget(intro)
        fields = QWidget()
        row = FlowLayout(fields)  # on two lines when the font is large: never wider than the window
        column.addWidget(fields)
        self.constant_field = ElidingCombo()
        describe(self.constant_field, "Champ à remplir", "Champ obligatoire qui n'a pas de colonne dans votre fichier")
        self.constant_field.setMinimumContentsLength(20)
        self.constant_field.currentIndexChanged.connect(self._prefill_constant)
        row.addWidget(self.constant_field)
        self.constant_value = QLineEdit()
        describe(self.constant_value, "Valeur pour toutes les lignes",
                 "Par exemple le nom ou le SIRET de la commune")
        self.constant_value.setPlaceholderText("valeur pour toutes les lignes")
        self.constant_value.setMinimumWidth(self.fontMetrics().averageCharWidth() * 28)
        self.constant_value.returnPressed.connect(lambda: self.add_constant())
        row.addWidget(self.constant_value)
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
            values = doc.table[column].head(2000).astype(str)  # examples: the first rows are enough
            examples = " | ".join(v for v in values[values.str.strip() != ""].unique()[:3])
            name = QTableWidgetItem(column)
            name.setToolTip(f"{column}\n{EXAMPLES_TIP}{examples}" if examples else column)
            self.table.setItem(row, 0, name)
            shown = QTableWidgetItem(examples)
            shown.setToolTip(examples)
            self.table.setItem(row, 1, shown)
            combo = ElidingCombo()
            combo.addItem(NOT_PUBLISHED, None)
            combo.setItemData(0, "Cette colonne ne sera pas mise en ligne", Qt.ItemDataRole.ToolTipRole)
            for f in schema.fields:
                star = " *" if f.required else ""
                combo.addItem(f"{f.label}{star}", f.name)
                combo.setItemData(combo.count() - 1, f"{f.description}\n(code : {f.name})".strip(),
                                  Qt.ItemDataRole.ToolTipRole)
            target = doc.mapping.columns.get(column)
            combo.setCurrentIndex(combo.findData(target) if target else 0)
            combo.update_tip()
            describe(combo, f"Champ du schéma pour la colonne « {column} »",
                     "Choisissez le champ qui reçoit cette colonne, ou « Ne pas publier »")
            combo.currentIndexChanged.connect(lambda _i, c=column, box=combo: self._changed(c, box))
            self.table.setCellWidget(row, 2, centred(combo))
            self.combos[column] = combo
            short, sentence = self._status(column, target, confirmed)
            status = QTableWidgetItem(short)
            explanation = self._explanation(column)
            status.setToolTip(f"{sentence}\n{explanation}" if explanation else sentence)
            self.table.setItem(row, 3, status)
        self._fit_columns()
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

    def _status(self, column: str, target: str | None, confirmed: set[str]) -> tuple[str, str]:
        """A short state for the table, and the whole sentence for its tooltip."""
        if not target:
            return "—", "Colonne non publiée"
        if column in confirmed:
            return "confirmée", "Correspondance confirmée par vous"
        confidence = self.document.mapping.confidence.get(column, 0.0)
        if confidence >= 0.95:
            return "automatique", "Reconnue automatiquement"
        percent = f"{confidence:.0%}".replace("%", "\u00a0%")
        return f"à vérifier ({percent})", f"Proposée ({percent}), à vérifier : « Tout confirmer » la garde"

    def eventFilter(self, watched, event) -> bool:
        if watched is self.table and event.type() in (QEvent.Type.Resize, QEvent.Type.FontChange):
            QTimer.singleShot(0, self._fit_columns)
        return super().eventFilter(watched, event)

    def _fit_columns(self) -> None:
        """Share the width: the person's column names whole (wrapped if long), the state, then the field's
        label; the examples (also in the tooltip of each column name) only when there is room left."""
        table = self.table
        if table.rowCount() == 0:
            return
        metrics = table.fontMetrics()
        char = metrics.averageCharWidth()
        width = table.viewport().width()
        pad = char * 3

        def widest(section: int, cap: int) -> int:
            texts = [table.horizontalHeaderItem(section).text()] + [
                table.item(r, section).text() for r in range(table.rowCount()) if table.item(r, section)]
            return min(max(metrics.horizontalAdvance(t) for t in texts) + pad, cap)

        state = widest(3, char * 24)
        name = widest(0, max(int(width * 0.3), char * 12))
        labels = [c.itemText(i) for c in self.combos.values() for i in range(c.count())][:200]
        field = max((metrics.horizontalAdvance(t) for t in labels), default=char * 20) + char * 6
        rest = width - state - name
        examples = min(rest - field, char * 36)
        show_examples = examples >= char * 12
        table.setColumnHidden(1, not show_examples)
        table.setColumnWidth(0, name)
        table.setColumnWidth(3, state)
        if show_examples:
            table.setColumnWidth(1, examples)
        table.resizeRowsToContents()
        least = max((c.sizeHint().height() for c in self.combos.values()), default=0)
        for row in range(table.rowCount()):
            if table.rowHeight(row) < least:
                table.setRowHeight(row, least)

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
