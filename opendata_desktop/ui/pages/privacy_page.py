"""Step 5 « Données personnelles »: what identifies a person, why, and how it will be occulted."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem

from opendata_desktop.core.privacy.plan import TREATMENT_LABELS, apply_plan, build_plan
from opendata_desktop.ui import keyboard
from opendata_desktop.ui.a11y import button, describe
from opendata_desktop.ui.pages.base import StepPage
from opendata_desktop.ui.snapshot import Snapshot


class PrivacyPage(StepPage):
    title = "5. Protéger les données personnelles"
    explanation = ("La loi (article L312-1-2 du code des relations entre le public et l'administration) interdit "
                   "de publier ce qui permet d'identifier une personne : nom, téléphone, adresse e-mail "
                   "personnelle… L'application a cherché ces données dans votre fichier et propose un "
                   "traitement pour chacune. Vérifiez, puis cliquez sur « Appliquer les traitements » : tout est "
                   "appliqué en une fois, et annulable en une fois.")

    def __init__(self, services):
        super().__init__(services)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.layout_.addWidget(self.summary)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["Colonne", "Donnée trouvée", "Pourquoi", "Exemple",
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
        self.plan = None
        self.combos: list[QComboBox] = []

    def enter(self) -> None:
        doc = self.document
        if doc is None or doc.schema is None:
            return
        snapshot = Snapshot(doc)  # detection runs on a copy: the window never freezes
        self.summary.setText("Recherche des données personnelles…")
        self.apply_button.setEnabled(False)

        def done(plan) -> None:
            if self.document is doc:
                self._show(plan)

        self.services.tasks.run("Recherche des données personnelles",
                                lambda report, cancelled: build_plan(
                                    snapshot, cancelled=cancelled,
                                    progress=lambda done, total: report(int(100 * done / max(total, 1)), "")),
                                on_success=done, on_failure=self.services.errors.show)

    def _show(self, plan) -> None:
        self.plan = plan
        self.findings = plan.items
        self.table.setRowCount(len(plan.items))
        self.combos = []
        for row, item in enumerate(plan.items):
            self.table.setItem(row, 0, QTableWidgetItem(item.column))
            scope = f" ({len(item.row_ids)} ligne(s))" if item.row_ids is not None else ""
            self.table.setItem(row, 1, QTableWidgetItem(item.entity_label + scope))
            self.table.setItem(row, 2, QTableWidgetItem(item.reason))
            self.table.setItem(row, 3, QTableWidgetItem(item.example))
            combo = QComboBox()
            describe(combo, f"Traitement pour « {item.column} »",
                     f"{item.entity_label} : choisissez ce qui sera fait avant la publication")
            for key in item.choices + ([] if "keep" in item.choices else ["keep"]):
                label = TREATMENT_LABELS.get(key, key)
                combo.addItem(label[0].upper() + label[1:], key)
            combo.setCurrentIndex(max(0, combo.findData(item.treatment)))
            combo.currentIndexChanged.connect(lambda _i, c=item.column, box=combo: self._chosen(c, box))
            self.table.setCellWidget(row, 4, combo)
            self.combos.append(combo)
        self.table.resizeRowsToContents()
        self._show_summary()
        self.apply_button.setEnabled(bool(plan.items))

    def _chosen(self, column: str, combo: QComboBox) -> None:
        self.plan.choose(column, combo.currentData())
        self._show_summary()

    def _show_summary(self) -> None:
        if self.plan.items:
            text = self.plan.summary_text().replace("\n", "<br>")
            self.summary.setText(f"<b>{len(self.plan.items)} élément(s) à traiter</b> avant la publication. {text}")
        else:
            self.summary.setText("<span style='color:#1d7a32'><b>Aucune donnée personnelle détectée</b> "
                                 "dans les colonnes du fichier.</span> Relisez tout de même les colonnes de "
                                 "texte libre (objet, observations) avant de publier.")

    def apply_treatments(self) -> None:
        """The whole plan as one operation: one click, one undo step."""
        doc = self.document
        if self.plan is None:
            return
        if self.plan.revision != getattr(doc, "revision", self.plan.revision):
            self.enter()  # computed on an older state of the file: look again before changing anything
            return
        try:
            changes = apply_plan(doc, self.plan)
        except Exception as exc:
            self.services.errors.show(exc)
            return
        if changes is not None:
            self.services.status(f"Données personnelles traitées ({changes.label}). Annulable avec Ctrl+Z.", 5000)

    def document_changed(self, changes) -> None:
        QTimer.singleShot(0, self.enter)
