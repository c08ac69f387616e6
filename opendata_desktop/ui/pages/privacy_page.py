"""Step 5 « Données personnelles »: what identifies a person, why, and how it will be occulted."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QComboBox, QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem

from opendata_desktop.core.privacy.plan import TREATMENT_LABELS, apply_plan, build_plan
from opendata_desktop.ui import keyboard
from opendata_desktop.ui.a11y import button, describe
from opendata_desktop.ui.pages.base import StepPage
from opendata_desktop.ui.snapshot import Snapshot
from opendata_desktop.ui.widgets import ElidingCombo, centred


class PrivacyPage(StepPage):
    title = "5. Protéger les données personnelles"
    explanation = ("La loi (CRPA, article L312-1-2) interdit de publier ce qui identifie une personne : nom, "
                   "téléphone, e-mail personnel… Voici ce que l'application a trouvé et ce qu'elle propose. "
                   "Vérifiez, puis « Appliquer les traitements » : en une fois, annulable en une fois.")

    def __init__(self, services):
        super().__init__(services)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.layout_.addWidget(self.summary)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Colonne", "Donnée trouvée", "Traitement proposé"])
        describe(self.table, "Données personnelles trouvées",
                 "Une ligne par donnée trouvée, avec le traitement proposé pour elle")
        keyboard.tab_leaves(self.table)
        header = self.table.horizontalHeader()
        for section in (0, 2):
            header.setSectionResizeMode(section, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the finding and its reason, wrapped
        self.table.installEventFilter(self)  # widths follow the window and the font size
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
            found = item.entity_label + scope + (f" — ex. : {item.example}" if item.example else "")
            self.table.setItem(row, 1, QTableWidgetItem(f"{found}\n{item.reason}" if item.reason else found))
            combo = ElidingCombo()
            describe(combo, f"Traitement pour « {item.column} »",
                     f"{item.entity_label} : choisissez ce qui sera fait avant la publication")
            for key in item.choices + ([] if "keep" in item.choices else ["keep"]):
                label = TREATMENT_LABELS.get(key, key)
                combo.addItem(label[0].upper() + label[1:], key)
            combo.setCurrentIndex(max(0, combo.findData(item.treatment)))
            combo.update_tip()
            combo.currentIndexChanged.connect(lambda _i, c=item.column, box=combo: self._chosen(c, box))
            self.table.setCellWidget(row, 2, centred(combo))
            self.combos.append(combo)
        self._fit_columns()
        self._show_summary()
        self.apply_button.setEnabled(bool(plan.items))

    def eventFilter(self, watched, event) -> bool:
        if watched is self.table and event.type() in (QEvent.Type.Resize, QEvent.Type.FontChange):
            QTimer.singleShot(0, self._fit_columns)
        return super().eventFilter(watched, event)

    def _fit_columns(self) -> None:
        """Column names and findings whole (wrapped when long), the treatment list wide enough for its
        choice, the reason in the rest: nothing cut at 1280×760 nor at 200 %."""
        table = self.table
        if table.rowCount() == 0:
            return
        metrics = table.fontMetrics()
        width = table.viewport().width()
        pad = metrics.averageCharWidth() * 3

        def widest(texts, share: float) -> int:
            lines = [line for t in texts for line in t.splitlines()]
            return min(max(metrics.horizontalAdvance(t) for t in lines) + pad, int(width * share))

        column = lambda c: [table.horizontalHeaderItem(c).text()] + [table.item(r, c).text()
                                                                     for r in range(table.rowCount())]
        table.setColumnWidth(0, widest(column(0), 0.2))
        table.setColumnWidth(2, widest([c.itemText(i) for c in self.combos for i in range(c.count())]
                                       + [table.horizontalHeaderItem(2).text()], 0.34) + pad)
        table.resizeRowsToContents()
        least = max((c.sizeHint().height() for c in self.combos), default=0)
        for row in range(table.rowCount()):
            if table.rowHeight(row) < least:
                table.setRowHeight(row, least)

    def _chosen(self, column: str, combo: QComboBox) -> None:
        self.plan.choose(column, combo.currentData())
        self._show_summary()

    def _show_summary(self) -> None:
        if self.plan.items:
            # One line: the table below says each column's reason; the whole plan is in the tooltip.
            planned = " ; ".join(f"{e['label']} ({e['count']} {e['unit']})" for e in self.plan.summary())
            self.summary.setText(f"<b>{len(self.plan.items)} élément(s) à traiter</b> avant la publication. "
                                 f"Prévu : {planned}." if planned else
                                 f"<b>{len(self.plan.items)} élément(s) à traiter</b> avant la publication.")
            self.summary.setToolTip(self.plan.summary_text())
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
