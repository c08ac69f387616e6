"""Step 6 « Publication »: write the SCDL file, check it, and send it to the open-data platform."""

from __future__ import annotations

from pathlib import Path

import platformdirs
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QGroupBox,
                               QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QScrollArea,
                               QVBoxLayout, QWidget)

from opendata_desktop.core.credentials import get_api_key, store_api_key
from opendata_desktop.core.errors import UsageError
from opendata_desktop.core.export import write_scdl_csv
from opendata_desktop.core.metadata import suggest_metadata
from opendata_desktop.core.privacy.gate import LEGAL_BASES, GateResult, record_override
from opendata_desktop.core.publication import check_file, suggested_file_name
from opendata_desktop.core.publishing import PublicationRequest, UdataPublisher
from opendata_desktop.ui.pages.base import StepPage

PLATFORMS = [("data.gouv.fr", "https://www.data.gouv.fr"),
             ("demo.data.gouv.fr (essais)", "https://demo.data.gouv.fr"),
             ("Autre plateforme udata (adresse ci-dessous)", "")]


class PublishPage(StepPage):
    title = "6. Publier"
    explanation = ("Enregistrez le fichier au format SCDL, puis envoyez-le sur la plateforme de données ouvertes. "
                   "Avant l'envoi, le fichier est vérifié une dernière fois : s'il contient des erreurs ou des "
                   "données personnelles, il n'est pas publié.")

    def __init__(self, window):
        super().__init__(window)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        inner = QWidget()
        column = QVBoxLayout(inner)
        scroll.setWidget(inner)
        self.layout_.addWidget(scroll, 1)

        file_box = QGroupBox("Fichier à publier")
        form = QFormLayout(file_box)
        self.file_name = QLineEdit()
        self.folder = QLineEdit(platformdirs.user_documents_dir())
        browse = QPushButton("Parcourir…")
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        self.save_button = QPushButton("Enregistrer le fichier CSV")
        self.save_button.clicked.connect(self.save_file)
        self.file_status = QLabel()
        self.file_status.setWordWrap(True)
        form.addRow("Nom du fichier :", self.file_name)
        form.addRow("Dossier :", folder_row)
        form.addRow("", self.save_button)
        form.addRow("", self.file_status)
        column.addWidget(file_box)

        platform_box = QGroupBox("Plateforme de données ouvertes")
        form = QFormLayout(platform_box)
        self.platform_combo = QComboBox()
        for label, url in PLATFORMS:
            self.platform_combo.addItem(label, url)
        self.platform_combo.currentIndexChanged.connect(self._platform_changed)
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://data.mon-departement.fr")
        self.api_key = QLineEdit()
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.api_key.setPlaceholderText("clé d'API créée dans votre profil sur la plateforme")
        self.remember_key = QCheckBox("Mémoriser la clé dans le coffre-fort de Windows")
        self.remember_key.setChecked(True)
        self.test_button = QPushButton("Tester la connexion")
        self.test_button.clicked.connect(self.test_connection)
        self.account = QLabel()
        self.account.setWordWrap(True)
        self.organization = QComboBox()
        form.addRow("Plateforme :", self.platform_combo)
        form.addRow("Adresse :", self.url)
        form.addRow("Clé d'API :", self.api_key)
        form.addRow("", self.remember_key)
        form.addRow("", self.test_button)
        form.addRow("", self.account)
        form.addRow("Publier au nom de :", self.organization)
        column.addWidget(platform_box)

        meta_box = QGroupBox("Présentation du jeu de données")
        form = QFormLayout(meta_box)
        self.dataset_title = QLineEdit()
        self.description = QPlainTextEdit()
        self.description.setFixedHeight(70)
        self.private = QCheckBox("Publier en brouillon (visible seulement par votre organisation)")
        form.addRow("Titre :", self.dataset_title)
        form.addRow("Description :", self.description)
        form.addRow("", self.private)
        column.addWidget(meta_box)

        self.publish_button = QPushButton("Publier sur la plateforme")
        self.publish_button.setMinimumHeight(36)
        self.publish_button.clicked.connect(self.publish)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setOpenExternalLinks(True)
        column.addWidget(self.publish_button)
        column.addWidget(self.result)
        column.addStretch(1)
        self._init_platform()
        self.overrides: dict[str, str] = {}
        self.ask_override = self._ask_override_dialog  # replaced in tests

    # -- platform ------------------------------------------------------------------------------
    def _init_platform(self) -> None:
        url = self.window_.settings.platform_url
        index = next((i for i, (_, u) in enumerate(PLATFORMS) if u == url), len(PLATFORMS) - 1)
        self.platform_combo.setCurrentIndex(index)
        self.url.setText(url)
        self._platform_changed()

    def _platform_changed(self) -> None:
        url = self.platform_combo.currentData()
        if url:
            self.url.setText(url)
        self.url.setReadOnly(bool(url))
        stored = get_api_key(self.url.text()) if self.url.text() else None
        if stored and not self.api_key.text():
            self.api_key.setText(stored)

    def _publisher(self) -> UdataPublisher:
        url = self.url.text().strip()
        key = self.api_key.text().strip()
        if not url.startswith(("https://", "http://")):
            raise UsageError("L'adresse de la plateforme doit commencer par https://.",
                             "Exemple : https://www.data.gouv.fr")
        if not key:
            raise UsageError("La clé d'API est vide.",
                             "Créez une clé dans votre profil sur la plateforme (rubrique « Clés d'API ») "
                             "et collez-la ici.")
        return UdataPublisher(url, key)

    def test_connection(self) -> None:
        try:
            publisher = self._publisher()
        except UsageError as exc:
            self.window_.errors.show(exc)
            return
        self.account.setText("Connexion en cours…")

        def done(account) -> None:
            self.account.setText(f"<span style='color:#1d7a32'>Connexion réussie : compte de "
                                 f"<b>{account.name}</b>.</span>")
            self.organization.clear()
            for org_id, name in account.organizations:
                self.organization.addItem(name, org_id)
            if not account.organizations:
                self.account.setText(self.account.text() + "<br>Ce compte n'appartient à aucune organisation : "
                                     "le jeu de données sera publié à votre nom.")
            saved = self.organization.findData(self.window_.settings.organization_id)
            if saved >= 0:
                self.organization.setCurrentIndex(saved)
            self._remember(publisher)

        def failed(exc) -> None:
            self.account.setText("<span style='color:#b00020'>Connexion impossible.</span>")
            self.window_.errors.show(exc)

        self.window_.tasks.run("Test de la connexion", lambda r, c: publisher.check_connection(),
                               on_success=done, on_failure=failed, network=True)

    def _remember(self, publisher: UdataPublisher) -> None:
        settings = self.window_.settings
        settings.platform_url = self.url.text().strip()
        if self.organization.currentData():
            settings.organization_id = self.organization.currentData()
        if self.remember_key.isChecked():
            try:
                store_api_key(settings.platform_url, self.api_key.text().strip())
            except Exception as exc:  # the key still works for this session
                self.window_.errors.show(exc)

    # -- file ----------------------------------------------------------------------------------
    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Dossier où enregistrer le fichier", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def output_path(self) -> Path:
        name = self.file_name.text().strip() or suggested_file_name(self.document)
        if not name.lower().endswith(".csv"):
            name += ".csv"
        return Path(self.folder.text().strip() or platformdirs.user_documents_dir()) / name

    def save_file(self) -> None:
        frame, _ = self.document.schema_frame()
        path = self.output_path()

        def done(written: Path) -> None:
            self.file_status.setText(f"Fichier enregistré : {written}")

        self.window_.tasks.run("Enregistrement du fichier", lambda r, c: write_scdl_csv(frame, path),
                               on_success=done, on_failure=self.window_.errors.show)

    # -- publication ---------------------------------------------------------------------------
    def _dataset_key(self) -> str:
        return f"{self.document.source.path.name}|{self.document.schema.name}|{self.url.text().strip()}"

    def publish(self) -> None:
        doc = self.document
        try:
            publisher = self._publisher()
        except UsageError as exc:
            self.window_.errors.show(exc)
            return
        frame, _ = doc.schema_frame()
        schema = doc.schema
        path = self.output_path()
        request = PublicationRequest(
            file=path, title=self.dataset_title.text().strip() or schema.title,
            description=self.description.toPlainText().strip() or schema.title,
            schema_name=schema.name, schema_version=schema.version,
            organization=self.organization.currentData() or None,
            dataset_id=self.window_.settings.published.get(self._dataset_key()),
            tags=suggest_metadata(frame, schema).tags, private=self.private.isChecked(),
        )
        meta = suggest_metadata(frame, schema)
        request.temporal_start, request.temporal_end = meta.temporal_start, meta.temporal_end
        self.result.setText("Publication en cours…")
        key = self._dataset_key()

        overrides = dict(self.overrides)

        def work(report, cancelled):
            report(2, "Enregistrement du fichier…")
            write_scdl_csv(frame, path)
            report(4, "Dernière vérification du fichier (erreurs, données personnelles)…")
            check = check_file(path, schema, overrides)
            if not check.report.valid:
                raise check.refusal()
            if not check.privacy.passed:
                return check.privacy  # blocked: the GUI thread asks for a legal basis, or stops
            return publisher.publish(request, report)

        def done(result) -> None:
            if isinstance(result, GateResult):
                self._blocked(result)
                return
            self.window_.settings.published[key] = result.dataset_id
            self._remember(publisher)
            self.window_.settings.save()
            verb = "mis à jour" if result.replaced else "publié"
            self.result.setText(f"<span style='color:#1d7a32; font-size:14px'><b>Fichier {verb}.</b></span> "
                                f"<a href='{result.url}'>Voir le jeu de données en ligne</a>")

        def failed(exc) -> None:
            self.result.setText("<span style='color:#b00020'><b>Rien n'a été publié.</b></span>")
            self.window_.errors.show(exc)

        self.window_.tasks.run("Publication", work, on_success=done, on_failure=failed, network=True)

    def _blocked(self, gate: GateResult) -> None:
        self.result.setText("<span style='color:#b00020'><b>Rien n'a été publié :</b></span> des données "
                            "personnelles restent dans le fichier.<br>" + gate.explain().replace("\n", "<br>"))
        answer = self.ask_override(gate)
        if answer is None:
            return
        basis, comment = answer
        record_override(self.document.journal, gate.findings, basis, comment)
        self.overrides.update({f.key: basis for f in gate.findings})
        self.publish()

    def _ask_override_dialog(self, gate: GateResult):
        """Publishing personal data needs a legal basis; returns (basis, comment) or None."""
        dialog = QDialog(self)
        dialog.setWindowTitle("Publier malgré des données personnelles ?")
        layout = QVBoxLayout(dialog)
        text = QLabel("Le fichier contient encore :<br>" + gate.explain().replace("\n", "<br>") +
                      "<br><br>Ne publiez que si la loi l'autorise. Indiquez laquelle : elle sera gardée dans "
                      "le journal du projet.")
        text.setWordWrap(True)
        basis = QComboBox()
        basis.addItems(LEGAL_BASES)
        comment = QLineEdit()
        comment.setPlaceholderText("Précision (texte, délibération, accord écrit…)")
        buttons = QDialogButtonBox()
        buttons.addButton("Publier quand même", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        for widget in (text, basis, comment, buttons):
            layout.addWidget(widget)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return basis.currentText(), comment.text()

    def enter(self) -> None:
        doc = self.document
        if doc is None or doc.schema is None:
            return
        frame, _ = doc.schema_frame()
        meta = suggest_metadata(frame, doc.schema, self.window_.settings.commune_name)
        self.file_name.setText(suggested_file_name(doc))
        if not self.dataset_title.text() or self.dataset_title.property("auto"):
            self.dataset_title.setText(meta.title)
            self.dataset_title.setProperty("auto", True)
        if not self.description.toPlainText() or self.description.property("auto"):
            self.description.setPlainText(meta.description)
            self.description.setProperty("auto", True)

    def document_replaced(self) -> None:
        self.overrides = {}
        self.result.setText("")
        self.file_status.setText("")
        self.dataset_title.setProperty("auto", True)
        self.description.setProperty("auto", True)
