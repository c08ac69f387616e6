"""Step 1 « Ouvrir »: the welcome (« Que voulez-vous publier ? », recent work), then what was detected in
the chosen spreadsheet, with a way to correct it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QFileDialog, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QLabel,
                               QPushButton, QSizePolicy, QSpinBox, QTableView, QVBoxLayout, QWidget)

from opendata_desktop.core.reading import ReadOptions
from opendata_desktop.core.samples import sample_path
from opendata_desktop.core.schemas import default_catalogue
from opendata_desktop.ui import keyboard, recent
from opendata_desktop.ui.a11y import button, describe, form_row
from opendata_desktop.ui.pages.base import StepPage
from opendata_desktop.ui.table_model import FrameModel
from opendata_desktop.ui.widgets import FlowLayout

PREVIEW_ROWS = 500
FILE_FILTER = "Tableurs (*.xlsx *.xlsm *.xls *.ods *.csv *.txt);;Tous les fichiers (*)"
ENCODINGS = [("Détection automatique", None), ("UTF-8", "utf-8"), ("Windows (cp1252)", "cp1252"),
             ("Latin-1 (ISO-8859-1)", "latin-1"), ("UTF-16", "utf-16")]
DELIMITERS = [("Détection automatique", None), ("Point-virgule ( ; )", ";"), ("Virgule ( , )", ","),
              ("Tabulation", "\t"), ("Barre verticale ( | )", "|")]
_DELIMITER_WORDS = {";": "point-virgule", ",": "virgule", "\t": "tabulation", "|": "barre verticale"}
# The datasets a commune publishes most often (SCDL), offered as large choices on the welcome page;
# any other schema is chosen at step 2.
COMMON_DATASETS = [
    ("scdl/subventions", "Les subventions versées", "aux associations et organismes"),
    ("scdl/deliberations", "Les délibérations", "du conseil municipal"),
    ("scdl/budget", "Le budget", "primitif ou compte administratif"),
    ("scdl/equipements", "Les équipements", "salles, écoles, stades, mairie…"),
    ("scdl/prenoms", "Les prénoms", "des nouveaux-nés de la commune"),
    ("scdl/catalogue", "Le catalogue", "des données de la commune"),
]
_FORMAT_WORDS = {"csv": "fichier texte CSV", "xlsx": "classeur Excel", "xls": "classeur Excel 97-2003",
                 "ods": "classeur LibreOffice"}


class OpenPage(StepPage):
    title = "1. Ouvrir le fichier"
    explanation = ("Choisissez le tableau à publier : Excel (.xlsx, .xls), LibreOffice (.ods) ou CSV. "
                   "Le fichier d'origine n'est jamais modifié : l'application travaille sur une copie.")

    def __init__(self, services):
        super().__init__(services)
        self.welcome = self._build_welcome()
        self.layout_.addWidget(self.welcome)

        self.file_row = QWidget()
        buttons = FlowLayout(self.file_row)  # on two lines at 200 %: never wider than the window
        self.choose_button = button(QPushButton("Choisir un autre fichier…"),
                                    "Ouvrir un autre tableur (Excel, LibreOffice ou CSV)")
        self.choose_button.clicked.connect(lambda: self.choose_file())
        self.sample_button = button(QPushButton("Essayer avec le fichier d'exemple"),
                                    "Ouvrir un petit fichier de subventions pour découvrir l'application")
        self.sample_button.clicked.connect(lambda: self.services.open_file(sample_path()))
        self.correct_button = button(QPushButton("Lecture incorrecte ? Corriger…"),
                                     "Montrer les réglages de lecture : feuille, ligne des intitulés, encodage")
        self.correct_button.setCheckable(True)
        self.correct_button.toggled.connect(lambda shown: self.options_box.setVisible(shown))
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.correct_button)
        buttons.addWidget(self.sample_button)
        self.layout_.addWidget(self.file_row)

        self.summary = QLabel("Aucun fichier ouvert.")
        self.summary.setWordWrap(True)
        self.layout_.addWidget(self.summary)

        self.options_box = QGroupBox("Si la lecture n'est pas correcte, corrigez ici")
        form = QFormLayout(self.options_box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.sheet_combo = QComboBox()
        self.header_spin = QSpinBox()
        self.header_spin.setRange(1, 1000)
        self.encoding_combo = QComboBox()
        for label, value in ENCODINGS:
            self.encoding_combo.addItem(label, value)
        self.delimiter_combo = QComboBox()
        for label, value in DELIMITERS:
            self.delimiter_combo.addItem(label, value)
        self.reread_button = button(QPushButton("Relire le fichier avec ces réglages"),
                                    "Lire le fichier à nouveau avec la feuille, la ligne et l'encodage choisis")
        self.reread_button.clicked.connect(self.reread)
        form_row(form, "Feuille du classeur :", self.sheet_combo, "Feuille du classeur Excel ou LibreOffice à lire")
        form_row(form, "Ligne des intitulés de colonnes :", self.header_spin,
                 "Numéro de la ligne du tableur qui contient les noms des colonnes")
        form_row(form, "Encodage des caractères :", self.encoding_combo,
                 "À changer si les accents s'affichent mal (fichiers CSV seulement)")
        form_row(form, "Séparateur de colonnes :", self.delimiter_combo,
                 "Caractère entre deux colonnes (fichiers CSV seulement)")
        form.addRow("", self.reread_button)
        self.options_box.setVisible(False)
        self.layout_.addWidget(self.options_box)

        self.preview = QTableView()
        describe(self.preview, "Aperçu du fichier", "Les premières lignes du fichier telles qu'elles ont été lues")
        keyboard.tab_leaves(self.preview)
        self.preview.setMinimumHeight(160)
        self.preview_model = FrameModel()
        self.preview.setModel(self.preview_model)
        self.preview.horizontalHeader().setResizeContentsPrecision(40)  # widths from 40 rows: no freeze
        self.preview.setVisible(False)
        self.layout_.addWidget(self.preview, 1)
        self.layout_.addStretch(0)

        self.primary = button(QPushButton("Choisir un fichier…"), "Ouvrir le tableau à publier")
        self.primary.clicked.connect(lambda: self.choose_file())
        self.actions.addStretch(1)
        self.actions.addWidget(self.primary)
        self.ask_file = self._ask_file_dialog  # replaced in tests: returns a path or None
        self.file_row.setVisible(False)
        self.summary.setVisible(False)

    def _build_welcome(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        # Work to resume comes first: at 200 % it is still on screen without scrolling.
        self.recent_box = QGroupBox("Reprendre un travail")
        self.recent_layout = QVBoxLayout(self.recent_box)
        column.addWidget(self.recent_box)
        question = QLabel("<h3>Que voulez-vous publier ?</h3>")
        question.setWordWrap(True)
        column.addWidget(question)
        grid = QGridLayout()
        self.dataset_buttons: dict[str, QPushButton] = {}
        catalogue = default_catalogue()
        known = {e.name for e in catalogue.entries()}
        choices = [c for c in COMMON_DATASETS if c[0] in known]
        for i, (name, title, detail) in enumerate(choices + [(None, "Autre chose", "choisir le modèle ensuite")]):
            choice = QPushButton()
            inside = QVBoxLayout(choice)
            text = QLabel(f"<b>{title}</b><br>{detail}")
            text.setWordWrap(True)  # at 200 % the words wrap inside the button instead of being cut
            text.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            inside.addWidget(text)
            choice.setMinimumHeight(choice.fontMetrics().height() * 4)
            choice.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            choice.setStyleSheet("QPushButton { padding: 0.4em 0.6em; }")
            describe(choice, f"{title} {detail}",
                     "Choisir ce type de données puis le fichier : le modèle national est choisi pour vous"
                     if name else "Choisir le fichier, puis le modèle national à l'étape 2")
            choice.clicked.connect(lambda _checked=False, n=name: self.choose_dataset(n))
            grid.addWidget(choice, i // 3, i % 3)
            self.dataset_buttons[name or ""] = choice
        column.addLayout(grid)
        hint = QLabel("Vous pouvez aussi faire glisser un fichier n'importe où dans cette fenêtre pour l'ouvrir.")
        hint.setWordWrap(True)
        column.addWidget(hint)
        sample = button(QPushButton("Essayer avec le fichier d'exemple"),
                        "Ouvrir un petit fichier de subventions pour découvrir l'application")
        sample.clicked.connect(lambda: self.services.open_file(sample_path()))
        row = QHBoxLayout()
        row.addWidget(sample)
        row.addStretch(1)
        column.addLayout(row)
        self._fill_recent()
        return box

    def _fill_recent(self) -> None:
        while self.recent_layout.count():
            item = self.recent_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        projects, files = recent.recent("projects")[:3], recent.recent("files")[:1]
        for path in projects:
            choice = button(QPushButton(f"Reprendre le projet « {path.stem} »"),
                            f"Rouvrir le projet enregistré dans {path.parent}")
            choice.clicked.connect(lambda _c=False, p=path: self.services.open_project(p))
            self.recent_layout.addWidget(choice)
        for path in files:
            choice = button(QPushButton(f"Rouvrir le dernier fichier « {path.name} »"),
                            f"Ouvrir à nouveau {path}")
            choice.clicked.connect(lambda _c=False, p=path: self.services.open_file(p))
            self.recent_layout.addWidget(choice)
        self.recent_box.setVisible(bool(projects or files))

    def choose_dataset(self, schema_name: str | None) -> None:
        """A large choice of the welcome page: remember the schema, then ask for the file."""
        self.services.wanted_schema.clear()
        self.services.wanted_schema["welcome"] = True
        if schema_name:
            self.services.wanted_schema["name"] = schema_name
        self.choose_file()

    def _ask_file_dialog(self) -> str | None:
        folder = self.services.settings.last_folder or str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "Choisir le tableau à publier", folder, FILE_FILTER)
        return path or None

    def choose_file(self) -> None:
        path = self.ask_file()
        if path:
            self.services.open_file(Path(path))

    def reread(self) -> None:
        doc = self.document
        if doc is None:
            return
        options = ReadOptions(
            sheet=self.sheet_combo.currentText() or None if doc.source.sheets else None,
            header_row=self.header_spin.value(),
            encoding=self.encoding_combo.currentData() if doc.source.format == "csv" else None,
            delimiter=self.delimiter_combo.currentData() if doc.source.format == "csv" else None,
        )
        if options.sheet != doc.source.sheet:
            options = ReadOptions(sheet=options.sheet)  # another sheet: detect its header again
        self.services.open_file(doc.source.path, options)

    def enter(self) -> None:
        doc = self.document
        self.welcome.setVisible(doc is None)
        self.file_row.setVisible(doc is not None)
        self.summary.setVisible(doc is not None)
        self.preview.setVisible(doc is not None)
        self.primary.setVisible(doc is None)
        if doc is None:
            self._fill_recent()
            return
        source = doc.source
        lines = [f"<b>{source.path.name}</b> — {_FORMAT_WORDS.get(source.format, source.format)}"]
        if source.sheet:
            others = len(source.sheets) - 1
            extra = f" (le classeur contient {others} autre(s) feuille(s))" if others else ""
            lines.append(f"Feuille lue : « {source.sheet} »{extra}")
        if source.encoding:
            lines.append(f"Encodage : {source.encoding} — séparateur : "
                         f"{_DELIMITER_WORDS.get(source.delimiter or '', source.delimiter)}")
        lines.append(f"Intitulés des colonnes trouvés en ligne {source.header_row} ; "
                     f"<b>{source.n_rows} lignes de données</b>, {len(source.columns)} colonnes.")
        if source.hidden_sheets:
            lines.append("Feuilles masquées (non lues) : " + ", ".join(source.hidden_sheets))
        if source.hidden_columns:
            lines.append("Colonnes masquées dans le classeur (lues quand même, vérifiez-les) : "
                         + ", ".join(source.hidden_columns))
        for note in getattr(source, "warnings", None) or []:
            lines.append(f"<span style='color:#b06d00'>{note}</span>")
        self.summary.setText("<br>".join(lines))
        if getattr(source, "warnings", None):  # a doubtful reading: the settings are shown at once
            self.correct_button.setChecked(True)
        self.options_box.setVisible(self.correct_button.isChecked())
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        self.sheet_combo.addItems(source.sheets)
        if source.sheet:
            self.sheet_combo.setCurrentText(source.sheet)
        self.sheet_combo.setEnabled(bool(source.sheets))
        self.sheet_combo.blockSignals(False)
        self.header_spin.setValue(source.header_row)
        is_csv = source.format == "csv"
        self.encoding_combo.setEnabled(is_csv)
        self.delimiter_combo.setEnabled(is_csv)
        preview = doc.table.head(PREVIEW_ROWS)
        self.preview_model.set_frame(preview, row_labels=[str(n) for n in source.row_numbers[:len(preview)]])
        self.preview.resizeColumnsToContents()
