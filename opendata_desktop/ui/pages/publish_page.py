"""Step 6 « Publication »: write the SCDL file, check it, and send it to the open-data platform."""

from __future__ import annotations

from pathlib import Path

import platformdirs
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QGroupBox,
                               QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QPushButton,
                               QVBoxLayout, QWidget)

from opendata_desktop.core.credentials import get_api_key, store_api_key
from opendata_desktop.core.errors import PlatformError, UsageError
from opendata_desktop.core.export import write_scdl_csv
from opendata_desktop.core.privacy.gate import LEGAL_BASES, GateResult, PrivacyBlocked, record_override
from opendata_desktop.core.publication import suggested_file_name, suggested_publication
from opendata_desktop.core.publishing import outbox
from opendata_desktop.core.publishing.base import PublicationPlan
from opendata_desktop.core.publishing.profiles import add_profile, all_profiles, load_profile_file, profile_for
from opendata_desktop.core.publishing.request import build_request
from opendata_desktop.core.publishing.service import make_publisher, publish_checked
from opendata_desktop.ui import keyboard
from opendata_desktop.ui.a11y import button, describe, form_row
from opendata_desktop.ui.pages.base import StepPage
from opendata_desktop.ui.snapshot import Snapshot

API_KEY_HELP = (
    "Où trouver la clé d'API ? Connectez-vous à la plateforme avec votre compte, puis : "
    "<b>udata / data.gouv.fr</b> : votre profil → « Paramètres » → « Clé d'API » (bouton « Générer ») ; "
    "<b>OpenDataSoft</b> : « Paramètres du compte » → « Clés d'API » ; "
    "<b>CKAN</b> : votre profil → « Jetons d'API ». Copiez la clé et collez-la ici (Ctrl+V). Aide : "
    "<a href='https://guides.data.gouv.fr/guide-data.gouv.fr/api-1/prise-en-main-de-lapi'>data.gouv.fr</a>, "
    "<a href='https://help.opendatasoft.com/'>OpenDataSoft</a>, "
    "<a href='https://docs.ckan.org/en/latest/api/'>CKAN</a>.")
SOFTWARE = [("udata (data.gouv.fr et portails udata)", "udata"), ("OpenDataSoft", "ods"), ("CKAN", "ckan")]


def _row_widget(layout) -> QWidget:
    widget = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    widget.setLayout(layout)
    return widget


class PublishPage(StepPage):
    title = "6. Publier"
    explanation = ("Enregistrez le fichier au format du schéma choisi, puis envoyez-le sur la plateforme de "
                   "données ouvertes. Avant l'envoi, le fichier est vérifié une dernière fois : s'il contient "
                   "des erreurs ou des données personnelles, il n'est pas publié.")

    def __init__(self, services):
        super().__init__(services)
        column = self.layout_  # the page scrolls as a whole; « Publier » stays in the bottom bar

        file_box = QGroupBox("Fichier à publier")
        form = QFormLayout(file_box)
        self.file_name = QLineEdit()
        self.folder = QLineEdit(platformdirs.user_documents_dir())
        browse = button(QPushButton("Parcourir…"), "Choisir le dossier où enregistrer le fichier à publier")
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        self.save_button = button(QPushButton("Enregistrer le fichier CSV"),
                                  "Enregistrer le fichier au format du schéma, sans le publier")
        self.save_button.clicked.connect(self.save_file)
        self.file_status = QLabel()
        self.file_status.setWordWrap(True)
        form_row(form, "Nom du fichier :", self.file_name, "Nom du fichier CSV qui sera publié")
        form_row(form, "Dossier :", _row_widget(folder_row), "Dossier où le fichier CSV est enregistré",
                 field=self.folder)
        form.addRow("", self.save_button)
        form.addRow(self.file_status)
        column.addWidget(file_box)

        platform_box = QGroupBox("Plateforme de données ouvertes")
        form = QFormLayout(platform_box)
        self.platform_combo = QComboBox()
        self.platform_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.platform_combo.setMinimumContentsLength(12)  # long platform names never widen the window
        self.platform_combo.currentIndexChanged.connect(self._platform_changed)
        import_profile = button(QPushButton("Importer un profil…"),
                                "Fichier fourni par votre coordinateur : adresse et logiciel de la plateforme")
        import_profile.clicked.connect(self.import_profile)
        platform_row = QVBoxLayout()  # the import button under the list: nothing wider than the window at 200 %
        platform_row.addWidget(self.platform_combo, 1)
        platform_row.addWidget(import_profile)
        self.software = QComboBox()
        for label, key in SOFTWARE:
            self.software.addItem(label, key)
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://data.mon-departement.fr")
        self.url.textEdited.connect(self._address_typed)
        self.api_key = QLineEdit()
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.api_key.setPlaceholderText("clé créée sur la plateforme")
        self.remember_key = button(QCheckBox("Mémoriser la clé (coffre-fort de Windows)"),
                                   "La clé est gardée par Windows : inutile de la retaper la prochaine fois")
        self.remember_key.setChecked(True)
        self.key_help = QLabel(API_KEY_HELP)
        self.key_help.setWordWrap(True)
        self.key_help.setOpenExternalLinks(True)
        self.key_help.setStyleSheet("color: #444;")
        self.test_button = button(QPushButton("Tester la connexion"),
                                  "Vérifier l'adresse et la clé, et lister vos organisations")
        self.test_button.clicked.connect(self.test_connection)
        self.account = QLabel()
        self.account.setWordWrap(True)
        self.organization = QComboBox()
        self.organization.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.organization.setMinimumContentsLength(12)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form_row(form, "Plateforme :", _row_widget(platform_row),
                 "La plateforme de données ouvertes où publier", field=self.platform_combo)
        describe(self.software, "Logiciel de la plateforme", "Reconnu d'après l'adresse : rien à choisir")
        self.software.hide()  # never a question: the profile says it, or the address is probed
        form_row(form, "Adresse :", self.url, "Adresse de la plateforme, par exemple https://www.data.gouv.fr")
        form_row(form, "Clé d'API :", self.api_key, "La clé qui permet à l'application de publier à votre nom")
        form.addRow(self.key_help)  # a spanning row: its height follows its wrapped text
        form.addRow("", self.remember_key)
        form.addRow("", self.test_button)
        form.addRow(self.account)
        form_row(form, "Publier au nom de :", self.organization, "L'organisation (la commune) qui publie")
        column.addWidget(platform_box)

        meta_box = QGroupBox("Présentation du jeu de données")
        form = QFormLayout(meta_box)
        self.dataset_title = QLineEdit()
        self.description = QPlainTextEdit()
        self.description.setMinimumHeight(self.fontMetrics().height() * 4)
        keyboard.tab_leaves(self.description)
        self.dataset_title.textEdited.connect(lambda _t: self.dataset_title.setProperty("auto", False))
        self.description.textChanged.connect(self._description_typed)
        self._filling = False
        self.private = button(QCheckBox("Publier en brouillon"),
                              "Le jeu de données ne sera visible que par les membres de votre organisation")
        self.insee = QLineEdit(self.services.settings.commune_insee)
        self.insee.setPlaceholderText("code INSEE de la commune, par exemple 82037 (couverture géographique)")
        self.insee.setMaxLength(5)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form_row(form, "Titre :", self.dataset_title, "Titre du jeu de données sur la plateforme")
        form_row(form, "Description :", self.description,
                 "Présentation du jeu de données ; Tab passe au champ suivant")
        form_row(form, "Commune (INSEE) :", self.insee, "Code INSEE de la commune : couverture géographique")
        form.addRow("", self.private)
        column.addWidget(meta_box)

        self.publish_button = button(QPushButton("Publier"),
                                     "Enregistrer le fichier, le vérifier une dernière fois et l'envoyer sur la plateforme")
        self.publish_button.clicked.connect(lambda: self.publish())
        self.preview_button = button(QPushButton("Aperçu (rien n'est envoyé)"),
                                     "Montrer ce qui serait envoyé, sans rien envoyer")
        self.preview_button.clicked.connect(lambda: self.publish(dry_run=True))
        self.outbox_button = QPushButton()
        describe(self.outbox_button, "Envoyer les publications en attente",
                 "Envoyer les publications mises en attente quand la plateforme était injoignable")
        self.outbox_button.clicked.connect(self.send_outbox)
        buttons = QVBoxLayout()  # one under the other: never wider than the window at 200 %
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.outbox_button)
        column.addLayout(buttons)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setOpenExternalLinks(True)
        column.addWidget(self.result)
        column.addStretch(1)
        self.actions.addStretch(1)
        self.actions.addWidget(self.publish_button)
        self.primary = self.publish_button
        self.api_key.returnPressed.connect(lambda: self.publish())
        self._init_platform()
        self.overrides: dict[str, str] = {}
        self.ask_override = self._ask_override_dialog  # replaced in tests
        self.offer_queue = self._offer_queue_dialog

    def _description_typed(self) -> None:
        if not self._filling:
            self.description.setProperty("auto", False)

    # -- platform ------------------------------------------------------------------------------
    def _init_platform(self) -> None:
        self._fill_profiles()
        url = self.services.settings.platform_url
        index = next((i for i in range(self.platform_combo.count() - 1)
                      if self.platform_combo.itemData(i).url == url), None)
        if index is None:
            index = self.platform_combo.count() - 1
            self.url.setText(url)
        self.platform_combo.setCurrentIndex(index)
        self._platform_changed()
        self._update_outbox()

    def _fill_profiles(self) -> None:
        self.platform_combo.blockSignals(True)
        self.platform_combo.clear()
        for profile in all_profiles():
            self.platform_combo.addItem(profile.label(), profile)
        self.platform_combo.addItem("Autre plateforme (tapez son adresse ci-dessous)", None)
        self.platform_combo.blockSignals(False)

    def _platform_changed(self) -> None:
        """A known platform fills the address; one « à confirmer » (or « Autre ») lets the person type it.
        The software is never asked: it comes from the profile, or is detected from the address."""
        profile = self.platform_combo.currentData()
        if profile is not None and profile.url:
            self.url.setText(profile.url)
        elif profile is not None:
            self.url.clear()
            self.url.setPlaceholderText("adresse de la plateforme, par exemple https://data.mon-departement.fr")
        if profile is not None and profile.software:
            self.software.setCurrentIndex(self.software.findData(profile.software))
        stored = get_api_key(self.url.text()) if self.url.text() else None
        if stored and not self.api_key.text():
            self.api_key.setText(stored)

    def _address_typed(self, text: str) -> None:
        """Typing an address is choosing a platform: a known one is selected, any other is « Autre »."""
        known = profile_for(text.strip())
        target = next((i for i in range(self.platform_combo.count() - 1)
                       if known is not None and self.platform_combo.itemData(i) == known), None)
        current = self.platform_combo.currentData()
        if target is None and current is not None and current.url:
            target = self.platform_combo.count() - 1
        if target is not None and target != self.platform_combo.currentIndex():
            self.platform_combo.blockSignals(True)
            self.platform_combo.setCurrentIndex(target)
            self.platform_combo.blockSignals(False)

    def _software(self) -> str | None:
        """The software when known (a profile, an address already detected), else None: detected."""
        profile = self.platform_combo.currentData()
        if profile is not None and profile.software:
            return profile.software
        known = profile_for(self.url.text().strip())
        return known.software if known is not None and known.software else None

    def import_profile(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "Profil du département", str(Path.home()), "Profils (*.json)")
            if not path:
                return
        try:
            profile = load_profile_file(path)
            add_profile(profile)
        except Exception as exc:  # shown in French by the common presenter
            self.services.errors.show(exc)
            return
        self._fill_profiles()
        self.platform_combo.setCurrentIndex(next(i for i in range(self.platform_combo.count() - 1)
                                                 if self.platform_combo.itemData(i) == profile))

    def _publisher(self):
        """A function that makes the adapter in the worker (detecting the software may need the network)."""
        url = self.url.text().strip()
        key = self.api_key.text().strip()
        if url and not url.startswith(("https://", "http://")):
            url = "https://" + url
        if not url.startswith(("https://", "http://")) or len(url) < 12:
            raise UsageError("L'adresse de la plateforme est vide ou incomplète.",
                             "Exemple : https://www.data.gouv.fr")
        if not key:
            raise UsageError("La clé d'API est vide.",
                             "Créez une clé dans votre profil sur la plateforme (rubrique « Clés d'API ») "
                             "et collez-la ici.")
        software = self._software()
        return lambda: make_publisher(software, url, key)

    def test_connection(self) -> None:
        try:
            factory = self._publisher()
        except UsageError as exc:
            self.services.errors.show(exc)
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
            saved = self.organization.findData(self.services.settings.organization_id)
            if saved >= 0:
                self.organization.setCurrentIndex(saved)
            self._remember(made.get("publisher"))

        def failed(exc) -> None:
            self.account.setText("<span style='color:#b00020'>Connexion impossible.</span>")
            self.services.errors.show(exc)

        made = {}

        def check(report, cancelled):
            made["publisher"] = publisher = factory()
            return publisher.check_connection()

        self.services.tasks.run("Test de la connexion", check, on_success=done, on_failure=failed, network=True)

    def _remember(self, publisher) -> None:
        settings = self.services.settings
        settings.platform_url = getattr(publisher, "base_url", None) or self.url.text().strip()
        settings.platform_kind = getattr(publisher, "platform", None) or self.software.currentData()
        if settings.platform_kind in (k for _l, k in SOFTWARE):
            self.software.setCurrentIndex(self.software.findData(settings.platform_kind))
        if self.organization.currentData():
            settings.organization_id = self.organization.currentData()
        if self.remember_key.isChecked():
            try:
                store_api_key(settings.platform_url, self.api_key.text().strip())
            except Exception as exc:  # the key still works for this session
                self.services.errors.show(exc)

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

        self.services.tasks.run("Enregistrement du fichier", lambda r, c: write_scdl_csv(frame, path),
                               on_success=done, on_failure=self.services.errors.show)

    # -- publication ---------------------------------------------------------------------------
    def publish(self, dry_run: bool = False) -> None:
        doc = self.document
        try:
            factory = self._publisher()
        except UsageError as exc:
            self.services.errors.show(exc)
            return
        frame, _ = doc.schema_frame()
        schema = doc.schema
        path = self.output_path()
        insee = self.insee.text().strip().upper()
        request = build_request(
            path, schema, frame=frame, title=self.dataset_title.text(), description=self.description.toPlainText(),
            organization=self.organization.currentData() or None, private=self.private.isChecked(),
            insee=insee or None, commune=self.services.settings.commune_name)
        if request.spatial_zones and insee:
            self.services.settings.commune_insee = insee
        url = self.url.text().strip()
        overrides = dict(self.overrides)
        self.result.setText("Aperçu en cours…" if dry_run else "Publication en cours…")

        made = {}

        def work(report, cancelled):
            report(2, "Enregistrement du fichier…")
            write_scdl_csv(frame, path)
            made["publisher"] = publisher = factory()  # the software is detected here when unknown
            report(4, "Dernière vérification du fichier (erreurs, données personnelles)…")
            try:
                return publish_checked(publisher, request, publisher.base_url, schema, dry_run=dry_run,
                                       progress=report, overrides=overrides)
            except PrivacyBlocked as exc:
                return exc.gate  # blocked: the GUI thread asks for a legal basis, or stops

        def done(result) -> None:
            if isinstance(result, GateResult):
                self._blocked(result, dry_run)
                return
            if isinstance(result, PublicationPlan):
                self.result.setText("<b>Aperçu (rien n'a été envoyé) :</b><br>" + "<br>".join(
                    f"• {a}" for a in result.actions))
                return
            self._remember(made.get("publisher"))
            self.services.settings.save()
            verb = "mis à jour" if result.replaced else "publié"
            self.result.setText(f"<span style='color:#1d7a32; font-size:120%'><b>Fichier {verb}.</b></span> "
                                f"<a href='{result.url}'>Voir le jeu de données en ligne</a>")

        def failed(exc) -> None:
            self.result.setText("<span style='color:#b00020'><b>Rien n'a été publié.</b></span>")
            if isinstance(exc, PlatformError) and exc.status is None and not dry_run and self.offer_queue(exc):
                publisher = made.get("publisher")
                software = getattr(publisher, "platform", None) or self._software() or self.software.currentData()
                folder = outbox.enqueue(request, software, url, f"{schema.name}@{schema.version}", overrides)
                self.result.setText(f"<b>Publication mise en attente</b> ({folder.name}) : elle partira quand la "
                                    "plateforme sera joignable (bouton « Envoyer les publications en attente »).")
                self._update_outbox()
                return
            self.services.errors.show(exc)

        self.services.tasks.run("Aperçu de la publication" if dry_run else "Publication", work,
                               on_success=done, on_failure=failed, network=True)

    def _offer_queue_dialog(self, exc: PlatformError) -> bool:
        answer = QMessageBox.question(self, "Plateforme injoignable",
                                      f"{exc.message}\n\nMettre la publication en attente ? Elle partira dès que "
                                      "la plateforme sera joignable.")
        return answer == QMessageBox.StandardButton.Yes

    def _update_outbox(self) -> None:
        count = len(outbox.pending())
        self.outbox_button.setText(f"Envoyer les publications en attente ({count})")
        self.outbox_button.setEnabled(count > 0)

    def send_outbox(self) -> None:
        def done(result) -> None:
            sent, waiting = result
            self._update_outbox()
            self.result.setText(f"{len(sent)} publication(s) envoyée(s), {len(waiting)} toujours en attente.")

        self.services.tasks.run("Envoi des publications en attente", lambda r, c: outbox.send_all(r),
                               on_success=done, on_failure=self.services.errors.show, network=True)

    def _blocked(self, gate: GateResult, dry_run: bool = False) -> None:
        self.result.setText("<span style='color:#b00020'><b>Rien n'a été publié :</b></span> des données "
                            "personnelles restent dans le fichier.<br>" + gate.explain().replace("\n", "<br>"))
        answer = self.ask_override(gate)
        if answer is None:
            return
        basis, comment = answer
        record_override(self.document.journal, gate.findings, basis, comment)
        self.overrides.update({f.key: basis for f in gate.findings})
        self.publish(dry_run)

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
        """Suggestions computed in a worker on a snapshot (the schema-form table of 100,000 rows stopped
        the window ~150 ms); what the person typed meanwhile wins."""
        doc = self.document
        if doc is None or doc.schema is None:
            return
        snapshot, commune = Snapshot(doc), self.services.settings.commune_name
        self._suggestion_token = token = getattr(self, "_suggestion_token", 0) + 1

        def done(result) -> None:
            if token == self._suggestion_token and self.document is doc:
                self._fill_suggestions(*result)

        self.services.tasks.run("Préparation de la publication",
                                lambda report, cancelled: suggested_publication(snapshot, commune), on_success=done)

    def _fill_suggestions(self, file_name: str, meta) -> None:
        self.file_name.setText(file_name)
        if not self.dataset_title.text() or self.dataset_title.property("auto"):
            self.dataset_title.setText(meta.title)
            self.dataset_title.setProperty("auto", True)
        if not self.description.toPlainText() or self.description.property("auto"):
            self._filling = True
            self.description.setPlainText(meta.description)
            self._filling = False
            self.description.setProperty("auto", True)

    def document_replaced(self) -> None:
        self.overrides = {}
        self.result.setText("")
        self.file_status.setText("")
        self.dataset_title.setProperty("auto", True)
        self.description.setProperty("auto", True)
