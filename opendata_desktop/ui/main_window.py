"""The main window: six steps on the left, the current step in the middle, the step's buttons and
progress at the bottom (always visible). Pages reach the window only through `Services`."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QApplication, QFileDialog, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QMainWindow, QMessageBox, QProgressBar, QPushButton, QStackedWidget, QVBoxLayout,
                               QWidget)

from opendata_desktop import APP_TITLE, __version__
from opendata_desktop.core.autosave import Autosaver, recoverable_work
from opendata_desktop.core.document import Document
from opendata_desktop.core.project import SUFFIX, open_project, save_project
from opendata_desktop.core.operations import OpChanges
from opendata_desktop.core.errors import UsageError, describe_exception
from opendata_desktop.core.events import set_listener_error_handler
from opendata_desktop.core.mapping import MappingMemory, suggest_schemas_for_table
from opendata_desktop.core.reading import ReadOptions, open_table
from opendata_desktop.core.reading.choices import ReadChoices
from opendata_desktop.core.samples import sample_path
from opendata_desktop.core.settings import Settings
from opendata_desktop.ui import keyboard, recent
from opendata_desktop.ui.a11y import button, describe
from opendata_desktop.ui.errors import ErrorPresenter
from opendata_desktop.ui.pages.mapping_page import MappingPage
from opendata_desktop.ui.pages.open_page import OpenPage
from opendata_desktop.ui.pages.privacy_page import PrivacyPage
from opendata_desktop.ui.pages.publish_page import PublishPage
from opendata_desktop.ui.pages.schema_page import SchemaPage
from opendata_desktop.ui.pages.validation_page import ValidationPage
from opendata_desktop.ui.services import Services
from opendata_desktop.ui.tasks import Task, TaskRunner, release_frozen

MAPPING_STEP = 2
STEP_TITLES = ["Ouvrir", "Schéma", "Correspondances", "Vérification", "Données personnelles", "Publication"]
OPENABLE = {".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt"}

LARGE_OPERATION_BYTES = 4 * 1024 * 1024  # ~30,000 cells: undone/redone in the worker (~10 ms of work per 10,000)


class MainWindow(QMainWindow):
    def __init__(self):
        super().__init__()
        self.setWindowTitle(APP_TITLE)
        self.resize(1280, 760)
        self.settings = Settings.load()
        self.read_choices = ReadChoices()
        self.project_path: Path | None = None
        self.autosaver: Autosaver | None = None
        self.dirty = False
        self.document: Document | None = None
        self.tasks = TaskRunner(self)
        self.errors = ErrorPresenter(self)
        self.services = Services(
            errors=self.errors, settings=self.settings, tasks=self.tasks, document_of=lambda: self.document,
            status=lambda text, msecs=5000: self.statusBar().showMessage(text, msecs), inform=self.inform,
            open_file=self.open_file, open_project=self.open_project, go_to=self.go_to,
            next_step=lambda: self.go_to(self.steps.currentRow() + 1))
        set_listener_error_handler(self.errors.show)  # a failing view or listener is said, never silent
        self.setAcceptDrops(True)  # drop a spreadsheet or a project anywhere on the window to open it
        app = QApplication.instance()
        if app is not None:
            keyboard.install(app)

        self.steps = QListWidget()
        self.steps.setObjectName("steps")
        widest = max(self.steps.fontMetrics().horizontalAdvance(f"{i}. {t}") for i, t in enumerate(STEP_TITLES, 1))
        self.steps.setFixedWidth(max(200, widest + self.steps.fontMetrics().averageCharWidth() * 6))
        self.steps.setWordWrap(True)
        self.steps.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        describe(self.steps, "Étapes", "Les six étapes, de l'ouverture du fichier à la publication. "
                 "Les étapes grisées s'ouvrent quand la précédente est faite.")
        keyboard.tab_leaves(self.steps)
        for i, title in enumerate(STEP_TITLES, start=1):
            self.steps.addItem(QListWidgetItem(f"{i}. {title}"))
        self.stack = QStackedWidget()
        self.action_bars = QStackedWidget()  # the current step's own buttons, in the bottom bar
        self.pages = [OpenPage(self.services), SchemaPage(self.services), MappingPage(self.services),
                      ValidationPage(self.services), PrivacyPage(self.services), PublishPage(self.services)]
        for page in self.pages:
            self.stack.addWidget(page)
            self.action_bars.addWidget(page.action_bar)
        self.steps.currentRowChanged.connect(self._show_step)

        self.previous_button = button(QPushButton("← Retour"), "Revenir à l'étape précédente")
        self.next_button = button(QPushButton("Étape suivante →"), "Passer à l'étape suivante")
        self.next_button.setDefault(True)
        self.previous_button.clicked.connect(lambda: self.go_to(self.steps.currentRow() - 1))
        self.next_button.clicked.connect(lambda: self.go_to(self.steps.currentRow() + 1))
        nav = QHBoxLayout()
        nav.addWidget(self.previous_button)
        nav.addWidget(self.action_bars, 1)
        nav.addWidget(self.next_button)
        bottom = QWidget()
        bottom.setObjectName("bottombar")
        bottom.setLayout(nav)

        centre = QVBoxLayout()
        centre.addWidget(self.stack, 1)
        centre.addWidget(bottom)
        body = QHBoxLayout()
        body.addWidget(self.steps)
        body.addLayout(centre, 1)
        root = QWidget()
        root.setLayout(body)
        self.setCentralWidget(root)
        # Sizes in em, never in pixels: the window follows the system font size and 200 % zoom.
        self.setStyleSheet(
            "QListWidget#steps { padding: 0.4em; }"
            "QListWidget#steps::item { padding: 0.6em 0.4em; }"
            "QListWidget#steps::item:selected { background: #1f4e9c; color: white; border-radius: 4px; }"
            "QWidget#bottombar { border-top: 1px solid #c8c8c8; }")

        self._build_progress()
        self._build_menus()
        self.tasks.started.connect(self._task_started)
        self.tasks.ended.connect(self._task_ended)
        self.steps.setCurrentRow(0)
        self._update_steps()

    # -- Enter: the step's default button ------------------------------------------------------
    def default_button(self) -> QPushButton | None:
        """What Enter presses when the focus is on nothing that uses Enter itself: the step's main button,
        else « Étape suivante »."""
        page = self.pages[self.stack.currentIndex()]
        for candidate in (page.primary, self.next_button):
            if candidate is not None and candidate.isVisible() and candidate.isEnabled():
                return candidate
        return None

    def keyPressEvent(self, event) -> None:
        focus = QApplication.focusWidget()
        if event.key() in keyboard.ENTER_KEYS and not keyboard.uses_enter(focus):
            target = self.default_button()
            if target is not None:
                target.animateClick()
                return
        super().keyPressEvent(event)

    # -- drop a file anywhere -----------------------------------------------------------------
    @staticmethod
    def _dropped_path(event) -> Path | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        paths = [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]
        usable = [p for p in paths if p.suffix.lower() in OPENABLE or p.suffix == SUFFIX]
        return usable[0] if usable else None

    def dragEnterEvent(self, event) -> None:
        if self._dropped_path(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        path = self._dropped_path(event)
        if path is None:
            return
        event.acceptProposedAction()
        if path.suffix == SUFFIX:
            self.open_project(path)
        else:
            self.open_file(path)

    # -- menus and progress --------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&Fichier")
        open_action = QAction("&Ouvrir un fichier…", self, shortcut=QKeySequence.StandardKey.Open)
        open_action.triggered.connect(lambda: self.pages[0].choose_file())
        sample_action = QAction("Ouvrir le fichier d'&exemple", self)
        sample_action.triggered.connect(lambda: self.open_file(sample_path()))
        quit_action = QAction("&Quitter", self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        open_project = QAction("Ouvrir un &projet…", self)
        open_project.triggered.connect(self.choose_project)
        replay_project = QAction("Reprendre un projet sur un &nouveau fichier (l'an prochain)…", self)
        replay_project.triggered.connect(lambda: self.choose_project(new_source=True))
        self.save_action = QAction("&Enregistrer le projet", self, shortcut=QKeySequence.StandardKey.Save)
        self.save_action.triggered.connect(self.save_project)
        save_as = QAction("Enregistrer le projet &sous…", self, shortcut=QKeySequence.StandardKey.SaveAs)
        save_as.triggered.connect(lambda: self.save_project(ask=True))
        file_menu.addActions([open_action, sample_action])
        file_menu.addSeparator()
        file_menu.addActions([open_project, replay_project, self.save_action, save_as])
        file_menu.addSeparator()
        file_menu.addAction(quit_action)

        edit_menu = self.menuBar().addMenu("É&dition")
        self.undo_action = QAction("Annuler", self, shortcut=QKeySequence.StandardKey.Undo)
        self.redo_action = QAction("Rétablir", self, shortcut=QKeySequence.StandardKey.Redo)
        self.undo_action.triggered.connect(self.undo)
        self.redo_action.triggered.connect(self.redo)
        edit_menu.addActions([self.undo_action, self.redo_action])

        help_menu = self.menuBar().addMenu("&Aide")
        about = QAction("À &propos", self)
        about.triggered.connect(lambda: QMessageBox.about(
            self, "À propos",
            f"<b>{APP_TITLE}</b><br>Version {__version__}<br><br>Préparer et publier les données "
            "ouvertes de la commune au format SCDL (Socle Commun des Données Locales)."))
        help_menu.addAction(about)
        self._update_undo_actions()

    def _build_progress(self) -> None:
        self.progress_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setMaximumWidth(240)
        self.cancel_button = button(QPushButton("Annuler la tâche"), "Arrêter le travail en cours")
        describe(self.progress_bar, "Avancement", "Avancement du travail en cours")
        self.cancel_button.clicked.connect(self._cancel_tasks)
        for widget in (self.progress_label, self.progress_bar, self.cancel_button):
            self.statusBar().addPermanentWidget(widget)
            widget.hide()
        self._current_tasks: list[Task] = []
        self.autosave_warning = QLabel()
        self.autosave_warning.setWordWrap(True)
        self.statusBar().addWidget(self.autosave_warning, 1)
        self.autosave_warning.hide()

    def _task_started(self, task: Task) -> None:
        self._current_tasks.append(task)
        task.progress.connect(self._task_progress)
        self.progress_label.setText(task.label + "…")
        self.progress_bar.setRange(0, 0)
        for widget in (self.progress_label, self.progress_bar, self.cancel_button):
            widget.show()

    def _task_progress(self, percent: int, message: str) -> None:
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setValue(percent)
        if message:
            self.progress_label.setText(message)

    def _task_ended(self, task: Task) -> None:
        if task in self._current_tasks:
            self._current_tasks.remove(task)
        if not self._current_tasks:
            for widget in (self.progress_label, self.progress_bar, self.cancel_button):
                widget.hide()

    def _cancel_tasks(self) -> None:
        for task in list(self._current_tasks):
            task.cancel()
        self.statusBar().showMessage("Annulation demandée…", 3000)

    # -- steps ---------------------------------------------------------------------------------
    def go_to(self, step: int) -> None:
        if 0 <= step < len(self.pages) and self._step_enabled(step):
            self.steps.setCurrentRow(step)

    def _step_enabled(self, step: int) -> bool:
        if step == 0:
            return True
        if self.document is None:
            return False
        return step == 1 or self.document.schema is not None

    def _show_step(self, step: int) -> None:
        if step < 0:
            return
        if not self._step_enabled(step):
            self.steps.setCurrentRow(self.stack.currentIndex())
            return
        if self.stack.currentIndex() == MAPPING_STEP and step != MAPPING_STEP:
            self._remember_mapping()
        self.stack.setCurrentIndex(step)
        self.action_bars.setCurrentIndex(step)
        self.pages[step].enter()
        self._update_nav()

    def _remember_mapping(self) -> None:
        """Leaving « Correspondances » confirms the mapping: next month's file with these headers maps itself."""
        doc = self.document
        if doc is not None and doc.schema is not None and any(doc.mapping.columns.values()):
            try:
                MappingMemory().remember(list(doc.source.columns), doc.schema, doc.mapping)
            except OSError as exc:
                self.errors.show(exc)

    def _update_steps(self) -> None:
        for i in range(self.steps.count()):
            item = self.steps.item(i)
            flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
            item.setFlags(flags if self._step_enabled(i) else Qt.ItemFlag.NoItemFlags)
        self._update_nav()

    def _update_nav(self) -> None:
        step = self.steps.currentRow()
        self.previous_button.setEnabled(step > 0)
        self.next_button.setEnabled(step + 1 < len(self.pages) and self._step_enabled(step + 1))
        self.next_button.setVisible(step + 1 < len(self.pages))  # last step: « Publier » is the way on

    # -- document ------------------------------------------------------------------------------
    def open_file(self, path: Path | str, options: ReadOptions | None = None) -> Task:
        """Open a file; `options` are a person's corrections, remembered for this file."""
        path = Path(path)
        previous_schema = self.document.schema if self.document else None
        self.settings.last_folder = str(path.parent)
        chosen = options or self.read_choices.get(path)

        keep_schema = previous_schema if options else None

        def read(report, cancelled):
            try:
                table = open_table(path, chosen)
            except UsageError:  # remembered choices no longer fit (a sheet was renamed…)
                if options is not None or chosen is None:
                    raise
                self.read_choices.forget(path)
                table = open_table(path)
            document = Document(table, keep_schema)  # built here: its checksum and copy never freeze the window
            try:
                document.schema_candidates = suggest_schemas_for_table(table, limit=3)
            except Exception:  # a hint only
                document.schema_candidates = []
            return document

        def done(document) -> None:
            table = document.source
            if options is not None:  # a correction that worked: use it next time too
                self.read_choices.remember(path, options)
            recent.remember("files", path)
            self.set_document(document)
            self.statusBar().showMessage(f"« {path.name} » ouvert : {table.n_rows} lignes.", 5000)
            if options is None and self.pages[1].apply_wanted_schema():  # chosen on the welcome page
                self.go_to(2)

        return self.tasks.run(f"Lecture de « {path.name} »", read, on_success=done, on_failure=self.errors.show)

    def set_document(self, document: Document, project_path: Path | None = None) -> None:
        if self.document is not None:
            self.document.changed.disconnect(self._document_changed)
            self.document.changed.disconnect(self._autosaved)
        if self.autosaver is not None:
            if self.dirty:
                self.autosaver.detach()  # unsaved work on the previous file stays recoverable
            else:
                self.autosaver.discard()
        replaced = self.document is not None
        self.document = document
        if replaced:
            release_frozen()  # the previous document's objects may be garbage now
        self.project_path = project_path
        self.dirty = False
        document.changed.connect(self._document_changed)
        self.autosaver = Autosaver(document)
        self.autosaver.failed.connect(self.autosave_failed)
        document.changed.connect(self._autosaved)  # after the autosave: hide the warning once it works again
        self._update_title()
        self._update_steps()
        self._update_undo_actions()
        for page in self.pages:
            page.document_replaced()
        self.pages[self.stack.currentIndex()].enter()

    def _document_changed(self, changes: OpChanges) -> None:
        self.dirty = True
        self._update_title()
        self._update_steps()
        self._update_undo_actions()
        current = self.pages[self.stack.currentIndex()]
        current.document_changed(changes)

    def autosave_failed(self, message) -> None:
        """A failed autosave (« Disque plein », « Fichier verrouillé ») is said in the status bar until the next
        save works; the edit stays applied and the views stay up to date."""
        if isinstance(message, BaseException):
            message = describe_exception(message)
        self.autosave_warning.setText(f"<span style='color:#b00020'><b>Sauvegarde automatique impossible — "
                                      f"{message.title}</b></span> : {message.message}")
        self.autosave_warning.setToolTip(message.text())
        self.autosave_warning.show()

    def _autosaved(self, _changes=None) -> None:
        if self.autosaver is not None and self.autosaver.last_error is None:
            self.autosave_warning.hide()

    def _update_title(self) -> None:
        name = self.project_path.name if self.project_path else (
            self.document.source.path.name if self.document else "")
        mark = " *" if self.dirty else ""
        self.setWindowTitle(f"{name}{mark} — {APP_TITLE}" if name else APP_TITLE)

    # -- projects ------------------------------------------------------------------------------
    def choose_project(self, new_source: bool = False) -> None:
        folder = self.settings.last_folder or str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "Ouvrir un projet", folder, "Projets (*.odproj)")
        if not path:
            return
        source = None
        if new_source:
            source, _ = QFileDialog.getOpenFileName(self, "Choisir le nouveau fichier (l'année suivante)", folder,
                                                    "Tableurs (*.xlsx *.xlsm *.xls *.ods *.csv *.txt)")
            if not source:
                return
        self.open_project(Path(path), Path(source) if source else None)

    def open_project(self, path: Path, source: Path | None = None, recovered: bool = False) -> Task:
        """Reopen a project; `recovered` work (autosave after a crash) keeps no project path: the title
        shows the spreadsheet's name, and « Enregistrer » asks where to save it."""
        def done(result) -> None:
            document, summary = result
            self.set_document(document, None if recovered else path)
            if not recovered:
                recent.remember("projects", path)
            self.go_to(3 if document.schema is not None else 0)
            self.last_replay = summary
            if summary.skipped or not summary.same_source:
                self.inform("Projet rouvert", summary.text())
            else:
                self.statusBar().showMessage(f"Projet rouvert : {len(summary.applied)} opération(s) reprise(s).", 6000)

        return self.tasks.run(f"Ouverture du projet « {path.name} »",
                              lambda report, cancelled: open_project(path, source),
                              on_success=done, on_failure=self.errors.show)

    def save_project(self, ask: bool = False) -> bool:
        if self.document is None or self.document.schema is None:
            return False
        path = self.project_path if self.project_path and self.project_path.suffix == SUFFIX else None
        if ask or path is None:
            suggested = Path(self.settings.last_folder or Path.home()) / (self.document.source.path.stem + SUFFIX)
            chosen, _ = QFileDialog.getSaveFileName(self, "Enregistrer le projet", str(suggested),
                                                    "Projets (*.odproj)")
            if not chosen:
                return False
            path = Path(chosen)
        try:
            self.project_path = save_project(self.document, path)
        except OSError as exc:
            self.errors.show(exc)
            return False
        recent.remember("projects", self.project_path)
        self.autosaver.clear()
        self.dirty = False
        self._update_title()
        self.statusBar().showMessage(f"Projet enregistré : {self.project_path}", 5000)
        return True

    def offer_recovery(self, ask=None) -> None:
        """At start: unsaved work found in the autosave folder (after a crash) is offered back."""
        found = recoverable_work()
        if not found:
            return
        latest = found[0]
        question = (f"Un travail non enregistré sur « {latest.source_name} » a été retrouvé "
                    f"({latest.operations} opération(s), le {latest.saved_at.replace('T', ' à ')}). "
                    "Voulez-vous le reprendre ?")
        ask = ask or (lambda text: QMessageBox.question(self, "Travail retrouvé", text)
                      == QMessageBox.StandardButton.Yes)
        if ask(question):
            self.open_project(latest.path, recovered=True)
        else:
            for item in found:
                item.path.unlink(missing_ok=True)

    def inform(self, title: str, text: str) -> None:
        if self.errors.interactive:
            QMessageBox.information(self, title, text)
        else:
            self.statusBar().showMessage(text.splitlines()[0], 6000)

    def _update_undo_actions(self) -> None:
        stack = self.document.undo_stack if self.document else None
        self.undo_action.setEnabled(bool(stack and stack.can_undo))
        self.redo_action.setEnabled(bool(stack and stack.can_redo))
        self.undo_action.setText(stack.undo_label if stack else "Annuler")
        self.redo_action.setText(stack.redo_label if stack else "Rétablir")

    def undo(self) -> None:
        self._step_history("undo", "Annulation", "Annulé")

    def redo(self) -> None:
        self._step_history("redo", "Rétablissement", "Rétabli")

    def _step_history(self, direction: str, task_label: str, done_label: str) -> None:
        """Undo or redo; a large operation (fixes over a whole column of a big file) is reverted in the
        document worker, like it was applied, so that the window does not stop; a small one at once."""
        doc = self.document
        if doc is None:
            return
        stack = doc.undo_stack.done if direction == "undo" else doc.undo_stack.undone
        step = getattr(doc, direction)

        def shown(changes) -> None:
            if changes is not None:
                self.statusBar().showMessage(f"{done_label} : {changes.label}", 4000)

        if stack and stack[-1].memory_bytes() > LARGE_OPERATION_BYTES:
            self.tasks.edit(task_label, doc, lambda: step(emit=False), on_done=shown, on_failure=self.errors.show)
        else:
            shown(step())

    def close_dialog(self) -> QMessageBox:
        """The words of Windows applications: « Enregistrer », « Ne pas enregistrer », « Annuler »."""
        box = QMessageBox(QMessageBox.Icon.Question, "Enregistrer le projet ?",
                          "Le travail sur ce fichier n'est pas enregistré dans un projet. "
                          "L'enregistrer avant de quitter ?", parent=self)
        box.addButton("Enregistrer", QMessageBox.ButtonRole.AcceptRole).setObjectName("save")
        box.addButton("Ne pas enregistrer", QMessageBox.ButtonRole.DestructiveRole).setObjectName("discard")
        cancel = box.addButton("Annuler", QMessageBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancel")
        box.setDefaultButton(box.buttons()[0])
        box.setEscapeButton(cancel)
        return box

    def ask_save_before_closing(self) -> str:
        box = self.close_dialog()
        box.exec()
        clicked = box.clickedButton()
        return clicked.objectName() if clicked is not None else "cancel"

    def closeEvent(self, event) -> None:
        if self.dirty and self.document is not None and self.document.schema is not None and self.errors.interactive:
            answer = self.ask_save_before_closing()
            if answer == "cancel" or (answer == "save" and not self.save_project()):
                event.ignore()
                return
            if answer == "discard" and self.autosaver:
                self.autosaver.discard()
        for task in list(self._current_tasks):
            task.cancel()
        self.tasks.wait_all(5000)
        try:
            self.settings.save()
        except OSError:
            pass
        super().closeEvent(event)
