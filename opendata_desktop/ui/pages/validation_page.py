"""Step 4 « Vérification »: what is wrong, where in the person's file, and fixing it in place.

Editing keeps the place: the table and the error tree keep their scroll and opened groups, and after
a correction the cursor moves to the next error of the same kind. Checks run in a worker on a snapshot.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QAbstractItemView, QFileDialog, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QListWidget,
                               QListWidgetItem, QPushButton, QSizePolicy, QSplitter, QTableView, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout, QWidget)

from opendata_desktop.core.errors import UsageError
from opendata_desktop.core.fixes.auto import propose_fixes
from opendata_desktop.core.operations import EditCell
from opendata_desktop.core.pipeline import apply_proposals
from opendata_desktop.core.validation import Validator
from opendata_desktop.core.validation.export import write_report_html, write_report_xlsx
from opendata_desktop.core.validation.report import BADGE_INVALID, BADGE_PARTIAL, BADGE_VALID
from opendata_desktop.ui import keyboard
from opendata_desktop.ui.a11y import button, describe
from opendata_desktop.ui.changes_view import ChangesDialog
from opendata_desktop.ui.pages.base import StepPage
from opendata_desktop.ui.settled import settled_by_privacy
from opendata_desktop.ui.snapshot import Snapshot, with_row_ids
from opendata_desktop.ui.table_model import FrameModel
from opendata_desktop.ui.tasks import dispose_later
from opendata_desktop.ui.widgets import FlowLayout, WrappingDelegate

_BADGE_STYLE = {
    BADGE_VALID: ("#1d7a32", "Fichier valide : il respecte le schéma."),
    BADGE_PARTIAL: ("#b06d00", "Fichier partiellement valide : aucune erreur, mais des remarques."),
    BADGE_INVALID: ("#b00020", "Fichier invalide : corrigez les erreurs avant de publier."),
}
ROLE_CELL = Qt.ItemDataRole.UserRole
ROLE_GROUP = Qt.ItemDataRole.UserRole + 1
ROLE_MORE = Qt.ItemDataRole.UserRole + 2  # the « N autres erreurs… » item of a group (its group's key)
INCREMENTAL_LIMIT = 500  # more changed cells than this: one full run is quicker
# Errors listed at a time under an opened group (all are counted, and all are red in the table); « N autres
# erreurs… » lists the next ones. Items are made only when a group is opened: 80,000 wrapped items froze the window.
SHOWN_PER_GROUP = 100


def digest(report, fields: list[str], settled_rows: set[int]):
    """What the page shows, computed off the GUI thread: errors grouped by (field, rule), largest group
    first; cell notes (position → messages); how many errors the privacy step settles."""
    column_of = {name: i for i, name in enumerate(fields)}
    notes: dict[tuple[int, int], list[str]] = defaultdict(list)
    groups: dict[tuple[str | None, str], list] = defaultdict(list)
    settled = 0
    for error in report.errors:
        row = error.row_index
        if row is not None and row in settled_rows:
            settled += 1
            continue
        groups[(error.field, error.code)].append(error)
        column = column_of.get(error.field)
        if row is not None and column is not None:
            notes[(row, column)].append(error.message)
    ordered = sorted(groups.items(), key=lambda kv: -len(kv[1]))
    return ordered, {k: "\n".join(v) for k, v in notes.items()}, settled


def column_proposals(snapshot, settings) -> list:
    """Whole-column actions (one click, one undo step): derive a field from another (ACTES matière from its
    code, SIREN from SIRET…), fill the empty cells of a required field. The best way to fill comes first;
    filling with merely « une valeur autorisée » is offered unchecked: the person chooses."""
    try:
        from opendata_desktop.core.fixes.columns import derive_proposals, fill_proposals
    except ImportError:
        return []
    found = list(derive_proposals(snapshot))
    derived = {p.field for p in found}
    for f in snapshot.schema.required_fields:
        if f.name in derived:
            continue
        options = fill_proposals(snapshot, f.name, settings)
        if options:
            found.append(options[0])
    for proposal in found:
        proposal.safe = proposal.rule.startswith("derive") or proposal.source not in ("valeur autorisée", "")
    from opendata_desktop.core.fixes.continuation import continuation_merge

    merge = continuation_merge(snapshot)  # a value typed alone under its record: offered unticked
    if merge is not None:
        found.append(merge)
    return found


def _prepared(proposal):
    """The proposal's operation, built in the worker (60 ms for 7 fixes on 100,000 rows); None when it can
    only be built later (an enum choice still to make)."""
    try:
        return proposal.operation()
    except Exception:
        return None


class _Ready:
    """A proposal whose operation was built in the worker, for `apply_proposals` (one path for all)."""

    def __init__(self, proposal, operation):
        self.proposal, self._operation = proposal, operation

    def operation(self):
        return self._operation if self._operation is not None else self.proposal.operation()


def _positions(doc, rows) -> list[int]:
    """Rows of an OpChanges are stable row ids; the views work with positions."""
    if hasattr(doc, "positions_of"):
        return [int(p) for p in doc.positions_of(np.asarray(list(rows)))]
    return [int(r) for r in rows]


class ValidationPage(StepPage):
    title = "4. Vérifier le fichier"
    explanation = ("Les cellules en rouge ne respectent pas le schéma. Appliquez d'abord les corrections proposées ; "
                   "pour le reste, Entrée sur une erreur ouvre sa cellule : tapez la bonne valeur.")

    def __init__(self, services):
        super().__init__(services)
        tools = QWidget()
        top = FlowLayout(tools)  # on two lines when the font is large: never wider than the window
        self.badge = QLabel()
        self.badge.setObjectName("badge")
        self.badge.setWordWrap(True)
        self.revalidate_button = button(QPushButton("Vérifier à nouveau"), "Refaire toute la vérification")
        self.revalidate_button.clicked.connect(self.validate)
        self.xlsx_button = button(QPushButton("Rapport Excel…"),
                                  "Le fichier avec les cellules en erreur en rouge, et la liste des erreurs")
        self.xlsx_button.clicked.connect(lambda: self.export_report("xlsx"))
        self.html_button = button(QPushButton("Rapport à imprimer…"),
                                  "Une page à imprimer ou à envoyer à l'élu qui valide la publication")
        self.html_button.clicked.connect(lambda: self.export_report("html"))
        self.layout_.addWidget(self.badge)
        self.changes_button = button(QPushButton("Modifications…"),
                                     "Voir chaque cellule modifiée, avant et après (rien n'est changé en silence)")
        self.changes_button.clicked.connect(self.show_changes)
        self.replace_button = button(QPushButton("Rechercher et remplacer…"),
                                     "Remplacer un texte par un autre dans toute une colonne (annulable)")
        self.replace_button.clicked.connect(lambda: self.find_replace())
        top.addWidget(self.replace_button)
        top.addWidget(self.changes_button)
        top.addWidget(self.revalidate_button)
        top.addWidget(self.xlsx_button)
        top.addWidget(self.html_button)
        self.layout_.addWidget(tools)
        self.settled_note = QLabel()
        self.settled_note.setWordWrap(True)
        self.settled_note.hide()
        self.layout_.addWidget(self.settled_note)

        self.same_bar = QWidget()
        bar = QHBoxLayout(self.same_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        self.same_text = QLabel()
        self.same_text.setWordWrap(True)
        self.same_button = button(QPushButton("Appliquer à toutes les cellules identiques"),
                                  "Faire la même correction sur les autres cellules qui ont la même valeur")
        self.same_button.clicked.connect(self.apply_to_same_cells)
        bar.addWidget(self.same_text, 1)
        bar.addWidget(self.same_button)
        self.same_bar.hide()
        self.layout_.addWidget(self.same_bar)
        self._same: tuple[str, str, str] | None = None  # (column, before, after) of the last correction

        splitter = QSplitter()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.fixes_box = QGroupBox("Corrections proposées")
        fixes_layout = QVBoxLayout(self.fixes_box)
        self.fixes_list = QListWidget()
        self.fixes_list.setWordWrap(True)
        describe(self.fixes_list, "Corrections proposées",
                 "Cochées : corrections sûres. Non cochées : à vérifier avant de les appliquer. "
                 "Espace coche ou décoche la correction choisie.")
        keyboard.tab_leaves(self.fixes_list)
        fixes_layout.addWidget(self.fixes_list)
        self.errors_tree = QTreeWidget()
        self.errors_tree.setHeaderLabels(["Erreurs, par sorte"])
        self.errors_tree.setWordWrap(True)  # whole messages: « … est obligatoire » is never cut
        self.errors_tree.setUniformRowHeights(False)
        self.errors_tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.errors_tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.errors_tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.errors_tree.setItemDelegate(WrappingDelegate(self.errors_tree))  # rows as tall as their message
        describe(self.errors_tree, "Erreurs, par sorte",
                 "Entrée ou double-clic sur une erreur : aller à la cellule pour la corriger")
        keyboard.tab_leaves(self.errors_tree)
        self.errors_tree.itemClicked.connect(self._jump)
        self.errors_tree.itemActivated.connect(self._open_cell)  # Enter or double-click
        self.errors_tree.itemExpanded.connect(self._fill_group)  # a group's errors are listed when it is opened
        self.errors_tree.currentItemChanged.connect(self._show_detail)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setText("Choisissez une erreur : son message complet s'affiche ici.")
        self.detail.setStyleSheet("QLabel { background: #f4f4f4; padding: 0.3em; }")
        left_layout.addWidget(self.fixes_box, 2)
        left_layout.addWidget(self.errors_tree, 3)
        left_layout.addWidget(self.detail)
        self.table = QTableView()
        describe(self.table, "Tableau à publier",
                 "Les cellules en rouge sont en erreur. Flèches pour se déplacer, F2 ou une lettre pour corriger, "
                 "Tab pour quitter le tableau.")
        keyboard.tab_leaves(self.table)
        self.model = FrameModel(on_edit=self._edit)
        self.table.setModel(self.model)
        self.table.setWordWrap(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        line = self.fontMetrics().height()
        self.table.verticalHeader().setDefaultSectionSize(int(line * 1.6))
        self.table.horizontalHeader().setDefaultSectionSize(line * 9)
        self.table.setAlternatingRowColors(True)
        self.table.setMinimumHeight(line * 8)
        splitter.addWidget(left)
        splitter.addWidget(self.table)
        char = self.fontMetrics().averageCharWidth()
        splitter.setSizes([char * 60, char * 100])  # in characters: the same share at 200 %
        splitter.setChildrenCollapsible(False)
        self.layout_.addWidget(splitter, 1)

        self.apply_fixes_button = button(QPushButton("Appliquer les corrections cochées"),
                                         "Appliquer en une fois les corrections cochées (annulable en une fois)")
        self.apply_fixes_button.clicked.connect(self.apply_fixes)
        self.actions.addStretch(1)
        self.actions.addWidget(self.apply_fixes_button)
        self.primary = self.apply_fixes_button

        self._pending = False
        self._verdicts: list = []  # tasks of the verdict under way (cancelled when a newer one starts)
        self._generation = 0  # which verdict is the newest
        self._fields: list[str] = []
        self.proposals = []
        self._operations: dict = {}  # id(proposal) -> its operation, built in the worker
        self._expanded: set[str] = set()  # groups the person opened, kept across refreshes
        self._shown: dict[str, int] = {}  # errors listed per group (« N autres… » pressed), kept likewise
        self._group_keys: dict[str, tuple] = {}  # tree key of a group -> its key in `groups`
        self._follow: tuple[str, str] | None = None  # (field, code) of the error just corrected
        self._settled_rows: set[int] = set()
        self.groups: dict = {}

    # -- validation ----------------------------------------------------------------------------
    def validate(self) -> None:
        doc = self.document
        if doc is None or doc.schema is None:
            return
        snapshot = Snapshot(doc)  # taken now (cheap): edits can't race the worker
        schema, blank_rows = doc.schema, list(doc.source.blank_rows)
        self.badge.setText("Vérification en cours…")
        dispose_later(doc.validator)  # a verdict on 100,000 rows took 280 ms to free on the GUI thread
        doc.validator = None
        settings = self.services.settings

        def work(report, cancelled):
            validator = Validator(schema)
            validator.run(frame, locator, cancelled, blank_rows)
            proposals = with_row_ids(propose_fixes(snapshot, include_guesses=True), snapshot)
            proposals += column_proposals(snapshot, settings)
            settled = settled_by_privacy(snapshot)
            verdict = validator.report()
            return (validator, verdict, proposals, [_prepared(p) for p in proposals], settled,
                    digest(verdict, list(frame.columns), settled))

        def finished(result) -> None:
            validator, verdict, proposals, operations, settled, digested = result
            if self.document is doc and doc.schema is schema and generation == self._generation:
                dispose_later(doc.validator, doc.report)
                doc.validator = validator
                doc.report = verdict
                self._settled_rows = settled
                self._show_report(digested)
                self._show_proposals(proposals, operations)

        def shown(prepared) -> None:  # the table first, while the checks run
            nonlocal frame, locator
            frame, locator = prepared
            if self.document is doc and doc.schema is schema and generation == self._generation:
                self._show_frame(frame, locator)
                self._verdicts.append(self.services.tasks.run("Vérification du fichier", work, on_success=finished,
                                                              on_failure=self.services.errors.show))

        for superseded in self._verdicts:  # a newer state is checked: the older verdicts are not waited for
            superseded.cancel()
        self._generation += 1  # and one that ended meanwhile is not shown
        generation = self._generation
        frame = locator = None
        # The table in schema form is built in the worker too (90 ms on 100,000 rows).
        self._verdicts = [self.services.tasks.run("Vérification du fichier",
                                                  lambda report, cancelled: snapshot.schema_frame(),
                                                  on_success=shown, on_failure=self.services.errors.show)]

    def _column_name(self, field_name: str) -> str:
        """The person's own column name for a field; the field's French label when it has no column."""
        column = self.document.source_column_of(field_name)
        if column:
            return column
        try:
            return self.document.schema.field(field_name).label
        except KeyError:
            return field_name

    def _show_frame(self, frame, locator) -> None:
        schema = self.document.schema
        same_shape = list(frame.columns) == self._fields and len(frame) == self.model.rowCount()
        scroll = (self.table.verticalScrollBar().value(), self.table.horizontalScrollBar().value())
        current = self.table.currentIndex()
        self._fields = list(frame.columns)
        tips = []
        for name in self._fields:
            f = schema.field(name)
            tips.append(f"{f.label} (code : {f.name})" + (" — obligatoire" if f.required else ""))
        self.model.set_frame(frame, headers=[self._column_name(n) for n in self._fields],
                             row_labels=locator.row_numbers, header_tips=tips)
        if same_shape:  # same table, new values: keep where the person was
            self.table.verticalScrollBar().setValue(scroll[0])
            self.table.horizontalScrollBar().setValue(scroll[1])
            if current.isValid():
                self.table.setCurrentIndex(self.model.index(current.row(), current.column()))
            return
        line = self.fontMetrics().averageCharWidth()
        head = frame.head(50)  # widths from the first rows: « Commune de Caussade » whole, no freeze
        metrics = self.table.fontMetrics()
        for i, name in enumerate(self._fields):
            texts = [self._column_name(name), "000000"] + [str(v) for v in head.iloc[:, i]]
            # Only the longest few are measured: each measure is a Qt call, and with the checks running in
            # the worker each Qt call waits for the interpreter lock (a thousand of them stopped the window
            # for a third of a second).
            longest = sorted(set(texts), key=len)[-3:]
            width = max(metrics.horizontalAdvance(t) for t in longest) + line * 3
            self.table.setColumnWidth(i, min(width, line * 32))

    def _group_label(self, field_name: str | None) -> str:
        if not field_name:
            return "Fichier"
        column = self.document.source_column_of(field_name)
        try:
            label = self.document.schema.field(field_name).label
        except KeyError:
            label = field_name
        return f"« {column} » ({label})" if column and column != label else f"« {label} »"

    def _show_report(self, digested=None) -> None:
        report = self.document.report
        if digested is None:
            digested = digest(report, self._fields, self._settled_rows)
        groups_list, notes, settled = digested
        colour, sentence = _BADGE_STYLE[report.badge]
        to_fix = len(report.errors) - settled
        word = report.badge.upper()
        if to_fix == 0 and settled:  # nothing left here: the privacy step settles the rest
            colour, word = _BADGE_STYLE[BADGE_PARTIAL][0], "PLUS RIEN À CORRIGER ICI"
            sentence = "Passez à l'étape 5 « Données personnelles »."
        self.badge.setText(f"<span style='font-size:120%; color:{colour}'><b>{word}</b></span>"
                           f" — {sentence} {to_fix} erreur(s) à corriger sur {report.rows} lignes.")
        if settled:
            self.settled_note.setText(
                f"<b>{settled} erreur(s) ne sont pas à corriger ici</b> : leurs lignes ne seront pas publiées "
                "(étape 5 « Données personnelles » : aides à des personnes, par exemple).")
        self.settled_note.setVisible(bool(settled))
        groups = dict(groups_list)
        self.model.set_cell_notes_quietly(notes)
        self._remember_expansion()
        scroll = self.errors_tree.verticalScrollBar().value()
        self.errors_tree.setUpdatesEnabled(False)
        self.errors_tree.clear()
        dispose_later(self.groups)
        self.groups = groups
        self._group_keys = {f"{field_name or ''}|{code}": (field_name, code) for field_name, code in groups}
        first = True
        for (field_name, code), errors in groups_list:
            key = f"{field_name or ''}|{code}"
            parent = QTreeWidgetItem([f"{self._group_label(field_name)} — {len(errors)} erreur(s) : "
                                      f"{errors[0].message}"])
            parent.setToolTip(0, f"code du champ : {field_name}" if field_name else errors[0].message)
            parent.setData(0, ROLE_GROUP, key)
            parent.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
            self.errors_tree.addTopLevelItem(parent)
            if key in self._expanded or (first and not self._expanded):
                self._fill_group(parent, self._shown.get(key, SHOWN_PER_GROUP))  # as many as the person had
                parent.setExpanded(True)
            first = False
        if not groups:
            self.errors_tree.addTopLevelItem(QTreeWidgetItem(["Aucune erreur à corriger."]))
        self.errors_tree.setUpdatesEnabled(True)
        QTimer.singleShot(0, self.errors_tree.doItemsLayout)  # row heights for the wrapped messages
        self.errors_tree.verticalScrollBar().setValue(scroll)
        if self._follow is not None:
            QTimer.singleShot(0, self._move_to_next_of_kind)  # once the cell editor has closed

    def _fill_group(self, parent: QTreeWidgetItem, count: int = SHOWN_PER_GROUP) -> None:
        """List a group's first errors when it is opened (once; « N autres erreurs… » lists more)."""
        key = parent.data(0, ROLE_GROUP)
        if parent.parent() is not None or not key or parent.childCount():
            return
        self._add_errors(parent, key, count)

    def show_more(self, more: QTreeWidgetItem) -> None:
        """The « N autres erreurs… » item: the next errors of its group take its place (it moves down)."""
        parent = more.parent()
        if parent is None or not more.data(0, ROLE_MORE):
            return
        parent.takeChild(parent.indexOfChild(more))
        self._add_errors(parent, more.data(0, ROLE_MORE), SHOWN_PER_GROUP)

    def _add_errors(self, parent: QTreeWidgetItem, key: str, count: int) -> None:
        errors = self.groups.get(self._group_keys.get(key), [])
        shown = parent.childCount()
        children = []
        for error in errors[shown:shown + max(count, 1)]:
            where = error.cell or (f"ligne {error.row_number}" if error.row_number else "")
            child = QTreeWidgetItem([f"{where} : {error.message}"])
            # Plain ints and strings only: PySide6 mis-counts references to None inside item data.
            child.setData(0, ROLE_CELL, f"{-1 if error.row_index is None else error.row_index}|{error.field or ''}")
            child.setData(0, ROLE_GROUP, key)
            children.append(child)
        self._shown[key] = shown + len(children)
        rest = len(errors) - self._shown[key]
        if rest > 0:
            more = QTreeWidgetItem([f"… et {rest} autre(s) erreur(s) de cette sorte, toutes en rouge dans le "
                                    f"tableau. Entrée ou clic : en afficher {min(rest, SHOWN_PER_GROUP)} de plus."])
            more.setData(0, ROLE_MORE, key)
            children.append(more)
        parent.addChildren(children)

    def _remember_expansion(self) -> None:
        for i in range(self.errors_tree.topLevelItemCount()):
            item = self.errors_tree.topLevelItem(i)
            key = item.data(0, ROLE_GROUP)
            if key:
                (self._expanded.add if item.isExpanded() else self._expanded.discard)(key)

    def _move_to_next_of_kind(self) -> None:
        """After a correction, go to the next error of the same kind (same field, same rule)."""
        if self._follow is None:
            return
        field_name, code = self._follow
        errors = [e for e in self.groups.get((field_name, code), []) if e.row_index is not None]
        if not errors:
            self._follow = None
            return
        here = self.table.currentIndex().row()
        after = [e for e in errors if e.row_index > here]
        target = (after or errors)[0]
        if target.field in self._fields:
            index = self.model.index(target.row_index, self._fields.index(target.field))
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)

    def _show_proposals(self, proposals, operations=None) -> None:
        dispose_later(self.proposals, getattr(self, "_operations", None))
        self.proposals = proposals
        # By identity: a proposal replaced in the list (a choice made) gets its operation built when applied.
        self._operations = {id(p): op for p, op in zip(proposals, operations or [])}
        self.fixes_list.clear()
        for proposal in proposals:
            if hasattr(proposal, "examples"):  # a conversion, cell by cell
                before, after = proposal.examples[0] if proposal.examples else ("", "")
                label = proposal.label
                text = (f"{label[0].upper()}{label[1:]} — {len(proposal.rows)} cellule(s) de "
                        f"« {proposal.column} »\n   par exemple : « {before} » → « {after or '(vide)'} »")
            else:  # a whole-column action: fill or derive
                text = proposal.label + (f"\n   ({proposal.source})" if proposal.source else "")
            item = QListWidgetItem(text)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if proposal.safe else Qt.CheckState.Unchecked)
            self.fixes_list.addItem(item)
        self.fixes_box.setTitle(f"Corrections proposées ({len(proposals)})" if proposals
                                else "Corrections proposées : aucune")
        self.apply_fixes_button.setEnabled(bool(proposals))
        self.fixes_list.setVisible(bool(proposals))  # no empty box: the room goes to the errors
        self.fixes_box.setSizePolicy(QSizePolicy.Policy.Preferred,
                                     QSizePolicy.Policy.Preferred if proposals else QSizePolicy.Policy.Maximum)

    def apply_fixes(self) -> None:
        """The checked proposals as one operation: one click, one undo step."""
        chosen = [_Ready(p, self._operations.get(id(p))) for i, p in enumerate(self.proposals)
                  if self.fixes_list.item(i).checkState() == Qt.CheckState.Checked]
        if not chosen:
            return
        cells = sum(len(getattr(p.proposal, "row_ids", None) or []) for p in chosen)
        self.proposals, self._operations = [], {}  # each prepared operation is applied once at most
        self.apply_fixes_button.setEnabled(False)
        doc, label = self.document, f"{len(chosen)} correction(s) sur {cells} cellule(s)"

        # Applied in the document worker: seven fixes over 100,000 rows took ~150 ms on the window's thread.
        def applied(_changes) -> None:
            self.services.status(f"{cells} cellule(s) corrigée(s). Annulable avec Ctrl+Z.", 6000)
            if self.document is doc and not self._pending:  # else the change already asked for a verdict
                QTimer.singleShot(0, self.validate)  # its own event: the window breathes between the two

        def refused(exc: BaseException) -> None:  # a stale proposal (the cells changed since): in French
            self.services.errors.show(exc)
            QTimer.singleShot(0, self.validate)

        self.services.tasks.edit("Application des corrections", doc,
                                 lambda: apply_proposals(doc, chosen, label, emit=False),
                                 on_done=applied, on_failure=refused)

    def show_changes(self) -> ChangesDialog | None:
        if self.document is None:
            return None
        dialog = ChangesDialog(self.document, self)
        if self.services.errors.interactive:
            dialog.exec()
        return dialog

    def export_report(self, kind: str, path: str | None = None) -> None:
        doc = self.document
        if doc is None or doc.validator is None:
            return
        stem = f"rapport-verification-{doc.source.path.stem}"
        if path is None:
            folder = self.services.settings.last_folder or str(doc.source.path.parent)
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

        self.services.tasks.run("Enregistrement du rapport", work,
                                on_success=lambda p: self.services.status(f"Rapport enregistré : {p}", 6000),
                                on_failure=self.services.errors.show)

    def _show_detail(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        """The whole message of the chosen error (the list shows one line per error)."""
        self.detail.setText(item.text(0) if item is not None else
                            "Choisissez une erreur : son message complet s'affiche ici.")

    def _jump(self, item: QTreeWidgetItem) -> bool:
        if item.data(0, ROLE_MORE):
            self.show_more(item)
            return False
        target = item.data(0, ROLE_CELL)
        if not target:
            return False
        row_text, _, field_name = target.partition("|")
        row = int(row_text)
        if row < 0 or field_name not in self._fields:
            return False
        index = self.model.index(row, self._fields.index(field_name))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def _open_cell(self, item: QTreeWidgetItem) -> None:
        """Enter on an error: the cell gets the focus, ready to type the right value."""
        if item.data(0, ROLE_MORE):
            if item.parent() is not None:  # a double-click's first click already listed them
                self.show_more(item)
            return
        if item.childCount():
            item.setExpanded(not item.isExpanded())
            return
        if self._jump(item):
            self.table.setFocus()

    # -- editing -------------------------------------------------------------------------------
    def _edit(self, row: int, field_name: str, value: str) -> None:
        column = self.document.source_column_of(field_name)
        if column is None:
            label = self.document.schema.field(field_name).label
            self.services.errors.show(UsageError(
                f"Le champ « {label} » n'a pas de colonne dans votre fichier.",
                "Associez-lui d'abord une colonne à l'étape « Correspondances »."))
            return
        report = self.document.report
        kinds = [e.code for e in (report.errors if report else []) if e.row_index == row and e.field == field_name]
        self._follow = (field_name, kinds[0]) if kinds else None
        before = str(self.document.table.iat[row, self.document.table.columns.get_loc(column)])
        others = int((self.document.table[column].astype(str) == before).sum()) - 1
        try:
            self.document.apply(EditCell.at(self.document, row, column, value))
        except Exception as exc:  # a stale row…: said in French, view kept
            self.services.errors.show(exc)
            return
        self._same = (column, before, value) if others > 0 else None
        if self._same:
            self.same_text.setText(f"« {before or '(vide)'} » corrigé en « {value} ». {others} autre(s) cellule(s) "
                                   f"de « {column} » ont la même valeur.")
        self.same_bar.setVisible(self._same is not None)

    def apply_to_same_cells(self) -> None:
        """The last correction, on every other cell of the column that still holds the old value (one step)."""
        if self._same is None:
            return
        from opendata_desktop.core.fixes.columns import same_cells_operation

        column, before, after = self._same
        self._same = None
        self.same_bar.hide()
        op = same_cells_operation(self.document, column, before, after)
        if op is not None:
            self.document.apply(op)
            self.services.status(f"« {before} » remplacé par « {after} » partout. Annulable avec Ctrl+Z.", 6000)

    def find_replace(self, column: str | None = None, find: str | None = None, replace: str | None = None) -> None:
        """Replace a text by another in one column, as one undoable step."""
        from PySide6.QtWidgets import QInputDialog

        from opendata_desktop.core.fixes.columns import find_replace_operation

        doc = self.document
        if doc is None:
            return
        columns = [c for c, f in doc.mapping.columns.items() if f and c in doc.table.columns]
        if column is None:
            column, ok = QInputDialog.getItem(self, "Rechercher et remplacer", "Dans la colonne :", columns, 0, False)
            if not ok:
                return
        if find is None:
            find, ok = QInputDialog.getText(self, "Rechercher et remplacer", "Rechercher le texte :")
            if not ok or not find:
                return
        if replace is None:
            replace, ok = QInputDialog.getText(self, "Rechercher et remplacer", f"Remplacer « {find} » par :")
            if not ok:
                return
        op = find_replace_operation(doc, column, find, replace)
        if op is None:
            self.services.status(f"« {find} » n'apparaît pas dans « {column} ».", 6000)
            return
        doc.apply(op)
        self.services.status(f"« {find} » remplacé par « {replace} » dans « {column} ». Annulable avec Ctrl+Z.", 6000)

    def document_changed(self, changes) -> None:
        doc = self.document
        fields = [doc.mapping.columns.get(c) for c in changes.columns]
        if (doc.validator is not None and not changes.structure and changes.rows
                and len(changes.rows) <= INCREMENTAL_LIMIT and all(fields)):
            positions = _positions(doc, changes.rows)
            for column, field_name in zip(changes.columns, fields):
                for row in positions:  # only that cell, its row's checks, its column's uniqueness
                    value = str(doc.table.at[row, column])
                    doc.report = doc.validator.update_cell(row, field_name, value)
                    self.model.set_value(row, self._fields.index(field_name), value)
            report, fields, settled = doc.report, list(self._fields), set(self._settled_rows)

            def shown(digested) -> None:
                if self.document is doc and doc.report is report:
                    self._show_report(digested)

            self.services.tasks.run("Mise à jour des erreurs", lambda r, c: digest(report, fields, settled),
                                    on_success=shown, on_failure=self.services.errors.show)
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
