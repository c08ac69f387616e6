"""Step 5 « Données personnelles »: what identifies a person, why, and how it will be occulted."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem

from opendata_desktop.core.operations import CompoundOperation
from opendata_desktop.core.privacy import detect_personal_data
from opendata_desktop.core.privacy.operators import occult_names
from opendata_desktop.core.privacy.treatments import treatments_for
from opendata_desktop.ui import keyboard
from opendata_desktop.ui.a11y import button, describe
from opendata_desktop.ui.pages.base import StepPage


class PrivacyPage(StepPage):
    title = "5. Protéger les données personnelles"
    explanation = ("La loi (article L312-1-2 du code des relations entre le public et l'administration) interdit "
                   "de publier ce qui permet d'identifier une personne : nom, téléphone, adresse e-mail "
                   "personnelle… L'application a cherché ces données dans votre fichier et propose un "
                   "traitement pour chacune. Vérifiez, puis cliquez sur « Appliquer les traitements ».")

    def __init__(self, services):
        super().__init__(services)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.layout_.addWidget(self.summary)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["Colonne", "Donnée trouvée", "Pourquoi", "Aperçu",
                                              "Traitement proposé"])
        describe(self.table, "Données personnelles trouvées",
                 "Une ligne par donnée trouvée, avec le traitement proposé pour elle")
        keyboard.tab_leaves(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.setMinimumHeight(self.fontMetrics().height() * 10)
        self.layout_.addWidget(self.table, 1)
        self.apply_button = button(QPushButton("Appliquer les traitements"),
                                   "Appliquer en une fois les traitements choisis (annulable en une fois)")
        self.apply_button.clicked.connect(self.apply_treatments)
        self.actions.addStretch(1)
        self.actions.addWidget(self.apply_button)
        self.primary = self.apply_button
        self.findings = []
        self.combos: list[QComboBox] = []
        self._revision = None

    def enter(self) -> None:
        doc = self.document
        if doc is None or doc.schema is None:
            return
        table, mapping = doc.table.copy(), dict(doc.mapping.columns)
        self.summary.setText("Recherche des données personnelles…")
        self.apply_button.setEnabled(False)

        def done(findings) -> None:
            if self.document is doc:
                self._show(findings)

        self.services.tasks.run("Recherche des données personnelles",
                                lambda report, cancelled: detect_personal_data(table, mapping),
                                on_success=done, on_failure=self.services.errors.show)

    def _show(self, findings) -> None:
        doc = self.document
        self.findings = findings
        self.table.setRowCount(len(self.findings))
        self.combos = []
        for row, finding in enumerate(self.findings):
            target = doc.mapping.columns.get(finding.column)
            required = bool(target) and doc.schema.field(target).required
            self.table.setItem(row, 0, QTableWidgetItem(finding.column))
            scope = f" ({len(finding.rows)} ligne(s))" if finding.rows is not None else ""
            self.table.setItem(row, 1, QTableWidgetItem(finding.entity_label + scope))
            self.table.setItem(row, 2, QTableWidgetItem(finding.reason))
            combo = QComboBox()
            describe(combo, f"Traitement pour « {finding.column} »",
                     f"{finding.entity_label} : choisissez ce qui sera fait avant la publication")
            for treatment in treatments_for(finding, target, required):
                combo.addItem(treatment.label, treatment)
            self.table.setCellWidget(row, 4, combo)
            self.combos.append(combo)
            combo.currentIndexChanged.connect(lambda _i, r=row: self._preview(r))
            self._preview(row)
        self.table.resizeRowsToContents()
        if self.findings:
            self.summary.setText(f"<b>{len(self.findings)} élément(s) à traiter</b> avant la publication.")
        else:
            self.summary.setText("<span style='color:#1d7a32'><b>Aucune donnée personnelle détectée</b> "
                                 "dans les colonnes du fichier.</span> Relisez tout de même les colonnes de "
                                 "texte libre (objet, observations) avant de publier.")
        self.apply_button.setEnabled(bool(self.findings))

    def _preview(self, row: int) -> None:
        finding = self.findings[row]
        treatment = self.combos[row].currentData()
        before = finding.examples[0] if finding.examples else ""
        if treatment.key == "occult" and finding.examples:
            self.table.setItem(row, 3, QTableWidgetItem(f"{before} → {occult_names(before)}"))
            return
        after = {"drop-rows": "(ligne non publiée)", "replace-rows": "Personne physique",
                 "replace-all": "Personne physique", "blank": "(vide)",
                 "drop": "(colonne retirée)"}.get(treatment.key, before)
        self.table.setItem(row, 3, QTableWidgetItem(f"{before} → {after}" if before else ""))

    def apply_treatments(self) -> None:
        """Every chosen treatment as one operation: one click, one undo step."""
        doc = self.document
        ops = [op for finding, combo in zip(list(self.findings), self.combos)
               if (op := combo.currentData().operation(finding, doc)) is not None]
        if not ops:
            return
        try:
            doc.apply(ops[0] if len(ops) == 1 else CompoundOperation(f"{len(ops)} traitement(s) des données "
                                                                     "personnelles", ops))
        except Exception as exc:
            self.services.errors.show(exc)
            return
        self.services.status(f"{len(ops)} traitement(s) appliqué(s). Annulable avec Ctrl+Z.", 5000)

    def document_changed(self, changes) -> None:
        QTimer.singleShot(0, self.enter)
