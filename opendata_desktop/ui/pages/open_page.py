"""Step 1 « Ouvrir »: choose the spreadsheet, see what was detected, correct it if needed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QComboBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QPushButton, QSpinBox, QTableView)

from opendata_desktop.core.reading import ReadOptions
from opendata_desktop.core.samples import sample_path
from opendata_desktop.ui.pages.base import StepPage
from opendata_desktop.ui.table_model import FrameModel

PREVIEW_ROWS = 500
FILE_FILTER = "Tableurs (*.xlsx *.xlsm *.xls *.ods *.csv *.txt);;Tous les fichiers (*)"
ENCODINGS = [("Détection automatique", None), ("UTF-8", "utf-8"), ("Windows (cp1252)", "cp1252"),
             ("Latin-1 (ISO-8859-1)", "latin-1"), ("UTF-16", "utf-16")]
DELIMITERS = [("Détection automatique", None), ("Point-virgule ( ; )", ";"), ("Virgule ( , )", ","),
              ("Tabulation", "\t"), ("Barre verticale ( | )", "|")]
_DELIMITER_WORDS = {";": "point-virgule", ",": "virgule", "\t": "tabulation", "|": "barre verticale"}
_FORMAT_WORDS = {"csv": "fichier texte CSV", "xlsx": "classeur Excel", "xls": "classeur Excel 97-2003",
                 "ods": "classeur LibreOffice"}


class OpenPage(StepPage):
    title = "1. Ouvrir le fichier"
    explanation = ("Choisissez le tableau à publier : Excel (.xlsx, .xls), LibreOffice (.ods) ou CSV. "
                   "Le fichier d'origine n'est jamais modifié : l'application travaille sur une copie.")

    def __init__(self, window):
        super().__init__(window)
        buttons = QHBoxLayout()
        self.choose_button = QPushButton("Choisir un fichier…")
        self.choose_button.setMinimumHeight(36)
        self.sample_button = QPushButton("Essayer avec le fichier d'exemple")
        self.choose_button.clicked.connect(self.choose_file)
        self.sample_button.clicked.connect(lambda: self.window_.open_file(sample_path()))
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.sample_button)
        buttons.addStretch(1)
        self.layout_.addLayout(buttons)

        self.summary = QLabel("Aucun fichier ouvert.")
        self.summary.setWordWrap(True)
        self.layout_.addWidget(self.summary)

        self.options_box = QGroupBox("Si la lecture n'est pas correcte, corrigez ici")
        form = QFormLayout(self.options_box)
        self.sheet_combo = QComboBox()
        self.header_spin = QSpinBox()
        self.header_spin.setRange(1, 1000)
        self.encoding_combo = QComboBox()
        for label, value in ENCODINGS:
            self.encoding_combo.addItem(label, value)
        self.delimiter_combo = QComboBox()
        for label, value in DELIMITERS:
            self.delimiter_combo.addItem(label, value)
        self.reread_button = QPushButton("Relire le fichier avec ces réglages")
        self.reread_button.clicked.connect(self.reread)
        form.addRow("Feuille du classeur :", self.sheet_combo)
        form.addRow("Ligne des intitulés de colonnes :", self.header_spin)
        form.addRow("Encodage des caractères :", self.encoding_combo)
        form.addRow("Séparateur de colonnes :", self.delimiter_combo)
        form.addRow("", self.reread_button)
        self.options_box.setVisible(False)
        self.layout_.addWidget(self.options_box)

        self.preview = QTableView()
        self.preview_model = FrameModel()
        self.preview.setModel(self.preview_model)
        self.layout_.addWidget(self.preview, 1)

    def choose_file(self) -> None:
        folder = self.window_.settings.last_folder or str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "Choisir le tableau à publier", folder, FILE_FILTER)
        if path:
            self.window_.open_file(Path(path))

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
        self.window_.open_file(doc.source.path, options)

    def enter(self) -> None:
        doc = self.document
        if doc is None:
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
        self.summary.setText("<br>".join(lines))
        self.options_box.setVisible(True)
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
