"""Step 4 « Vérification »: what is wrong, where in the person's file, and fixing it in place."""

from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QFileDialog, QGroupBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QPushButton, QSplitter, QTableView, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
                               QWidget)

from opendata_desktop.core.errors import UsageError
from opendata_desktop.core.fixes.auto import propose_fixes
from opendata_desktop.core.operations import EditCell
from opendata_desktop.core.validation import Validator
from opendata_desktop.core.validation.export import write_report_html, write_report_xlsx
from opendata_desktop.core.validation.report import BADGE_INVALID, BADGE_PARTIAL, BADGE_VALID
from opendata_desktop.ui.pages.base import StepPage
from opendata_desktop.ui.table_model import FrameModel

_BADGE_STYLE = {
    BADGE_VALID: ("#1d7a32", "Fichier valide : il respecte le schéma."),
    BADGE_PARTIAL: ("#b06d00", "Fichier partiellement valide : aucune erreur, mais des remarques."),
    BADGE_INVALID: ("#b00020", "Fichier invalide : corrigez les erreurs avant de publier."),
}
ROLE_CELL = Qt.ItemDataRole.UserRole
INCREMENTAL_LIMIT = 500  # more changed cells than this: one full run is quicker


class ValidationPage(StepPage):
    title = "4. Vérifier le fichier"
    explanation = ("Les cellules en rouge ne respectent pas le schéma. Cliquez sur une erreur pour aller à la "
                   "cellule, puis double-cliquez sur la cellule pour la corriger. La vérification est refaite "
                   "après chaque correction.")

    def __init__(self, window):
        super().__init__(window)
        top = QHBoxLayout()
        self.badge = QLabel()
        self.badge.setObjectName("badge")
        self.revalidate_button = QPushButton("Vérifier à nouveau")
        self.revalidate_button.clicked.connect(self.validate)
        self.xlsx_button = QPushButton("Rapport Excel…")
        self.xlsx_button.setToolTip("Le fichier avec les cellules en erreur en rouge, et la liste des erreurs")
        self.xlsx_button.clicked.connect(lambda: self.export_report("xlsx"))
        self.html_button = QPushButton("Rapport à imprimer…")
        self.html_button.setToolTip("Une page à imprimer ou à envoyer à l'élu qui valide la publication")
        self.html_button.clicked.connect(lambda: self.export_report("html"))
        top.addWidget(self.badge, 1)
        top.addWidget(self.revalidate_button)
        top.addWidget(self.xlsx_button)
        top.addWidget(self.html_button)
        self.layout_.addLayout(top)

        splitter = QSplitter()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.fixes_box = QGroupBox("Corrections proposées")
        fixes_layout = QVBoxLayout(self.fixes_box)
        self.fixes_list = QListWidget()
        self.fixes_list.setWordWrap(True)
        self.fixes_list.setToolTip("Cochées : corrections sûres. Non cochées : à vérifier avant de les appliquer.")
        self.apply_fixes_button = QPushButton("Appliquer les corrections cochées")
        self.apply_fixes_button.clicked.connect(self.apply_fixes)
        fixes_layout.addWidget(self.fixes_list)
        fixes_layout.addWidget(self.apply_fixes_button)
        self.errors_tree = QTreeWidget()
        self.errors_tree.setHeaderLabels(["Erreurs, par sorte"])
        self.errors_tree.itemClicked.connect(self._jump)
        left_layout.addWidget(self.fixes_box, 2)
        left_layout.addWidget(self.errors_tree, 3)
        self.table = QTableView()
        self.model = FrameModel(on_edit=self._edit)
        self.table.setModel(self.model)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setDefaultSectionSize(150)
        self.table.setAlternatingRowColors(True)
        splitter.addWidget(left)
        splitter.addWidget(self.table)
        splitter.setSizes([380, 700])
        self.layout_.addWidget(splitter, 1)
        self._pending = False
        self._fields: list[str] = []
        self.proposals = []

    # -- validation ----------------------------------------------------------------------------
    def validate(self) -> None:
        doc = self.document
        if doc is None or doc.schema is None:
            return
        frame, locator = doc.schema_frame()  # snapshot on the GUI thread: edits can't race the worker
        schema, blank_rows = doc.schema, list(doc.source.blank_rows)
        self._show_frame(frame, locator)
        self.badge.setText("Vérification en cours…")
        doc.validator = None

        snapshot = SimpleNamespace(schema=schema, table=doc.table.copy(),
                                   mapping=SimpleNamespace(columns=dict(doc.mapping.columns)))

        def work(report, cancelled):
            validator = Validator(schema)
            validator.run(frame, locator, cancelled, blank_rows)
            return validator, propose_fixes(snapshot, include_guesses=True)

        def finished(result) -> None:
            validator, proposals = result
            if self.document is doc and doc.schema is schema:
                doc.validator = validator
                doc.report = validator.report()
                self._show_report()
                self._show_proposals(proposals)

        self.window_.tasks.run("Vérification du fichier", work, on_success=finished,
                               on_failure=self.window_.errors.show)

    def _show_frame(self, frame, locator) -> None:
        schema = self.document.schema
        self._fields = list(frame.columns)
        self.model.set_frame(frame, row_labels=[str(n) for n in locator.row_numbers],
                             header_tips=[schema.field(n).label for n in self._fields])
        self.table.resizeColumnsToContents()
        for i in range(len(self._fields)):
            self.table.setColumnWidth(i, min(max(self.table.columnWidth(i), 90), 260))

    def _show_report(self) -> None:
        report = self.document.report
        colour, sentence = _BADGE_STYLE[report.badge]
        self.badge.setText(f"<span style='font-size:15px; color:{colour}'><b>{report.badge.upper()}</b></span>"
                           f" — {sentence} {len(report.errors)} erreur(s) sur {report.rows} lignes.")
        notes: dict[tuple[int, int], list[str]] = defaultdict(list)
        groups: dict[tuple[str | None, str], list] = defaultdict(list)
        for error in report.errors:
            groups[(error.field, error.code)].append(error)
            if error.row_index is not None and error.field in self._fields:
                notes[(error.row_index, self._fields.index(error.field))].append(error.message)
        self.model.set_cell_notes({k: "\n".join(v) for k, v in notes.items()})
        self.errors_tree.clear()
        schema = self.document.schema
        for (field_name, code), errors in sorted(groups.items(), key=lambda kv: -len(kv[1])):
            try:
                label = schema.field(field_name).label if field_name else "Fichier"
            except KeyError:
                label = field_name
            parent = QTreeWidgetItem([f"{label} — {len(errors)} erreur(s)"])
            parent.setToolTip(0, errors[0].message)
            for error in errors[:500]:
                where = error.cell or (f"ligne {error.row_number}" if error.row_number else "")
                child = QTreeWidgetItem([f"{where} : {error.message}"])
                child.setToolTip(0, error.message)
                # Plain ints and strings only: PySide6 mis-counts references to None inside item data.
                child.setData(0, ROLE_CELL, f"{-1 if error.row_index is None else error.row_index}|{error.field or ''}")
                parent.addChild(child)
            self.errors_tree.addTopLevelItem(parent)
        if self.errors_tree.topLevelItemCount():
            self.errors_tree.topLevelItem(0).setExpanded(True)
        if not report.errors:
            self.errors_tree.addTopLevelItem(QTreeWidgetItem(["Aucune erreur."]))

    def _show_proposals(self, proposals) -> None:
        self.proposals = proposals
        self.fixes_list.clear()
        for proposal in proposals:
            before, after = proposal.examples[0] if proposal.examples else ("", "")
            text = (f"{proposal.label[0].upper()}{proposal.label[1:]} — {len(proposal.rows)} cellule(s) de "
                    f"« {proposal.column} »\n   par exemple : « {before} » → « {after or '(vide)'} »")
            item = QListWidgetItem(text)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if proposal.safe else Qt.CheckState.Unchecked)
            self.fixes_list.addItem(item)
        self.fixes_box.setTitle(f"Corrections proposées ({len(proposals)})" if proposals
                                else "Corrections proposées : aucune")
        self.apply_fixes_button.setEnabled(bool(proposals))

    def apply_fixes(self) -> None:
        chosen = [p for i, p in enumerate(self.proposals)
                  if self.fixes_list.item(i).checkState() == Qt.CheckState.Checked]
        for proposal in chosen:
            self.document.apply(proposal.operation())
        if chosen:
            cells = sum(len(p.rows) for p in chosen)
            self.window_.statusBar().showMessage(f"{cells} cellule(s) corrigée(s). Annulable avec Ctrl+Z.", 6000)
            self.validate()

    def export_report(self, kind: str, path: str | None = None) -> None:
        doc = self.document
        if doc is None or doc.validator is None:
            return
        stem = f"rapport-verification-{doc.source.path.stem}"
        if path is None:
            folder = self.window_.settings.last_folder or str(doc.source.path.parent)
            wanted = "Classeur Excel (*.xlsx)" if kind == "xlsx" else "Page web (*.html)"
            path, _ = QFileDialog.getSaveFileName(self, "Enregistrer le rapport", f"{folder}/{stem}.{kind}", wanted)
            if not path:
                return
        validator, report, schema = doc.validator, doc.report, doc.schema
        frame, rows = validator.frame.copy(), list(validator.locator.row_numbers)
        name = doc.source.path.name

        def work(progress, cancelled):
            if kind == "xlsx":
                return write_report_xlsx(path, report, frame, schema, rows)
            return write_report_html(path, report, schema, name)

        self.window_.tasks.run("Enregistrement du rapport", work,
                               on_success=lambda p: self.window_.statusBar().showMessage(f"Rapport enregistré : {p}", 6000),
                               on_failure=self.window_.errors.show)

    def _jump(self, item: QTreeWidgetItem) -> None:
        target = item.data(0, ROLE_CELL)
        if not target:
            return
        row_text, _, field_name = target.partition("|")
        row = int(row_text)
        if row < 0 or field_name not in self._fields:
            return
        index = self.model.index(row, self._fields.index(field_name))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)

    # -- editing -------------------------------------------------------------------------------
    def _edit(self, row: int, field_name: str, value: str) -> None:
        column = self.document.source_column_of(field_name)
        if column is None:
            label = self.document.schema.field(field_name).label
            self.window_.errors.show(UsageError(
                f"Le champ « {label} » n'a pas de colonne dans votre fichier.",
                "Associez-lui d'abord une colonne à l'étape « Correspondances »."))
            return
        self.document.apply(EditCell(row, column, value))

    def document_changed(self, changes) -> None:
        doc = self.document
        fields = [doc.mapping.columns.get(c) for c in changes.columns]
        if (doc.validator is not None and not changes.structure and changes.rows
                and len(changes.rows) <= INCREMENTAL_LIMIT and all(fields)):
            for column, field_name in zip(changes.columns, fields):
                for row in changes.rows:  # only that cell, its row's checks, its column's uniqueness
                    doc.report = doc.validator.update_cell(row, field_name, str(doc.table.at[row, column]))
            self._show_report()
            return
        if not self._pending:  # coalesce several quick edits into one full re-validation
            self._pending = True
            QTimer.singleShot(150, self._revalidate_now)

    def _revalidate_now(self) -> None:
        self._pending = False
        if self.isVisible():
            self.validate()

    def enter(self) -> None:
        self.validate()

