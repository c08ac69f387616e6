"""The whole path a secretary follows, in the real window, ending on a real udata server."""

import json

import pandas as pd
import pytest
import requests
from PySide6.QtCore import Qt

from tests.ui.conftest import apply_proposed_fixes, open_with_schema, point_at, show_verdict, wait_idle

pytestmark = pytest.mark.udata


def test_open_map_fix_protect_publish(qtbot, window, messy, udata_server, tmp_path):
    truth = json.loads((messy / "subventions_2024.truth.json").read_text(encoding="utf-8"))
    expected = pd.read_csv(messy / "subventions_2024.expected.csv", dtype=str, keep_default_na=False)

    # 1. Ouvrir
    window.open_file(messy / "subventions_2024.xlsx")
    wait_idle(qtbot, window)
    assert window.document is not None and window.document.source.n_rows == 120
    assert "ligne 4" in window.pages[0].summary.text()
    assert not window.steps.item(2).flags() & Qt.ItemFlag.ItemIsEnabled  # no schema yet

    # 2. Schéma
    window.go_to(1)
    window.pages[1].select("scdl/subventions")
    assert window.document.schema.name == "scdl/subventions"

    # 3. Correspondances: what a person picks in the lists
    window.go_to(2)
    wait_idle(qtbot, window)
    for column, field in truth["mapping"].items():
        window.pages[2].set_field(column, field)
        qtbot.wait(5)
    qtbot.waitUntil(lambda: window.pages[2].missing.text().count("Tous les champs obligatoires") == 1)
    assert window.document.mapping.to_dict() == truth["mapping"]

    # 4. Vérification: errors shown in red, fixed by typing in the cells
    page = show_verdict(qtbot, window)
    report = window.document.report
    assert report.badge == "invalide" and report.errors
    assert page.errors_tree.topLevelItemCount() > 0
    first_group = page.errors_tree.topLevelItem(0)
    page._jump(first_group.child(0))
    assert page.table.currentIndex().isValid()
    red = page.model.data(page.table.currentIndex(), Qt.ItemDataRole.BackgroundRole)
    assert red is not None
    frame = page.model.frame
    edits = 0
    for j, field in enumerate(frame.columns):
        for i in range(len(frame)):
            if frame.iat[i, j] != expected.iat[i, j]:
                assert page.model.setData(page.model.index(i, j), expected.iat[i, j])
                edits += 1
    assert edits > 100
    assert window.undo_action.text().startswith("Annuler : modification d'une cellule")
    # What typing cannot fix: aids to natural persons have neither SIRET nor RNA (one-of-required).
    left = lambda: {e.code for e in window.document.report.errors}  # noqa: E731
    qtbot.waitUntil(lambda: window.document.report is not None and left() == {"one-of-required"}, timeout=60000)
    wait_idle(qtbot, window)
    frame, _ = window.document.schema_frame()
    assert frame.equals(expected.astype(object))
    unfixable = {e.row_index for e in window.document.report.errors}

    # 5. Données personnelles
    window.go_to(4)
    privacy = window.pages[4]
    wait_idle(qtbot, window)  # detection runs in a worker
    found = {f.column: f for f in privacy.findings}
    assert found["Bénéficiaire"].row_ids and "Téléphone" in found
    persons = list(found["Bénéficiaire"].row_ids)  # row ids: the same as positions before any row is left out
    assert unfixable <= set(persons)
    privacy.apply_button.click()  # recommended treatments: leave natural persons' aids out, drop the phones
    qtbot.waitUntil(lambda: "Bénéficiaire" not in {f.column for f in privacy.findings})
    frame, locator = window.document.schema_frame()
    assert len(frame) == 120 - len(persons)
    assert not frame["nomBeneficiaire"].str.match(r"(M|Mme)\.? ").any()
    assert "Téléphone" not in window.document.table.columns
    window.undo()  # the phones come back…
    assert "Téléphone" in window.document.table.columns
    window.redo()  # …and go again
    assert "Téléphone" not in window.document.table.columns
    window.go_to(3)
    qtbot.waitUntil(lambda: window.document.report is not None and window.document.report.valid, timeout=30000)
    assert "VALIDE" in page.badge.text()

    # 6. Publication, on the real udata server
    window.go_to(5)
    wait_idle(qtbot, window)
    publish = window.pages[5]
    publish.folder.setText(str(tmp_path))
    publish.platform_combo.setCurrentIndex(publish.platform_combo.count() - 1)
    publish.url.setText(udata_server.url)
    publish.api_key.setText(udata_server.token)
    publish.insee.setText("82037")
    publish.test_button.click()
    qtbot.waitUntil(lambda: "Connexion réussie" in publish.account.text(), timeout=30000)
    assert publish.file_name.text().endswith("_218206829_subventions.csv")
    assert "Caussade" in publish.dataset_title.text()
    publish.publish_button.click()
    qtbot.waitUntil(lambda: "publié" in publish.result.text() or "Rien" in publish.result.text(), timeout=60000)
    assert "Fichier publié" in publish.result.text(), window.errors.last_shown

    from opendata_desktop.core.publishing import journal

    dataset_id = [e for e in journal.entries() if e["event"] == "published"][-1]["dataset_id"]
    dataset = udata_server.api("GET", f"/datasets/{dataset_id}/").json()
    (resource,) = dataset["resources"]
    assert resource["schema"]["name"] == "scdl/subventions" and resource["schema"]["version"] == "2.1.1"
    assert "scdl" in dataset["tags"] and dataset["spatial"]["zones"] == ["fr:commune:82037"]
    assert dataset["temporal_coverage"]["start"].startswith("2024-")
    online = requests.get(resource["url"], timeout=30).content.decode("utf-8")
    written = (tmp_path / publish.file_name.text()).read_bytes().decode("utf-8")
    assert online == written
    assert ",M. " not in online and ",Mme " not in online and len(online.splitlines()) == 121 - len(persons)
    assert online.endswith("\r\n")

    # Publishing again after an edit updates the same dataset and resource.
    page_frame_row = 0
    window.go_to(3)
    wait_idle(qtbot, window)
    page.model.setData(page.model.index(page_frame_row, frame.columns.get_loc("objet")), "Objet corrigé")
    wait_idle(qtbot, window)
    window.go_to(5)
    wait_idle(qtbot, window)
    publish.result.setText("")
    publish.publish_button.click()
    qtbot.waitUntil(lambda: "mis à jour" in publish.result.text() or "Rien" in publish.result.text(), timeout=60000)
    dataset = udata_server.api("GET", f"/datasets/{dataset_id}/").json()
    (resource,) = dataset["resources"]
    assert "Objet corrigé" in requests.get(resource["url"], timeout=30).text


def test_publication_is_refused_while_errors_remain(qtbot, window, messy, udata_server, tmp_path):
    open_with_schema(qtbot, window, messy / "deliberations_2024.csv", "scdl/deliberations")
    window.go_to(5)
    wait_idle(qtbot, window)
    publish = window.pages[5]
    point_at(publish, udata_server, tmp_path)
    before = len(udata_server.api("GET", "/me/datasets/").json())
    publish.publish_button.click()
    qtbot.waitUntil(lambda: "Rien n'a été publié" in publish.result.text(), timeout=30000)
    title, text = window.errors.last_shown
    assert "Publication refusée" in text and "erreur(s) de validation" in text
    assert len(udata_server.api("GET", "/me/datasets/").json()) == before


def test_wrong_key_says_so_and_nothing_is_published(qtbot, window, udata_server):
    open_with_schema(qtbot, window, window_sample(), "scdl/subventions")
    window.go_to(5)
    wait_idle(qtbot, window)
    publish = window.pages[5]
    point_at(publish, udata_server, ".", token="udata_mauvaise-cle")
    publish.test_button.click()
    qtbot.waitUntil(lambda: "impossible" in publish.account.text(), timeout=30000)
    title, text = window.errors.last_shown
    assert "clé d'API" in text and "publié" not in text


def window_sample():
    from opendata_desktop.core.samples import sample_path

    return sample_path()


def test_fix_proposals_apply_in_one_click_and_undo(qtbot, window, messy):
    truth = json.loads((messy / "deliberations_2024.truth.json").read_text(encoding="utf-8"))
    open_with_schema(qtbot, window, messy / "deliberations_2024.csv", "scdl/deliberations")
    assert window.document.mapping.to_dict() == truth["mapping"]  # suggested, nothing to pick
    window.go_to(3)
    page = window.pages[3]
    qtbot.waitUntil(lambda: bool(page.proposals), timeout=30000)
    labels = [page.fixes_list.item(i).text() for i in range(page.fixes_list.count())]
    assert any("dates au format AAAA-MM-JJ — 80 cellule(s) de « Date de séance »" in t for t in labels)
    assert any("« 15/01/2024 » → « 2024-01-15 »" in t for t in labels)
    types_before = {e.code for e in window.document.report.errors}
    assert "type-error" in types_before
    page.apply_fixes_button.click()
    qtbot.waitUntil(lambda: window.document.report is not None and not page.proposals and
                    "type-error" not in {e.code for e in window.document.report.errors}, timeout=30000)
    assert window.document.table.at[0, "Date de séance"] == "2024-01-15"
    assert {e.code for e in window.document.report.errors} <= {"nomenclature-actes-value"}  # matière derived too
    while window.document.undo_stack.can_undo and window.document.table.at[0, "Date de séance"] != "15/01/2024":
        window.undo()
    assert window.document.table.at[0, "Date de séance"] == "15/01/2024"


def test_gate_blocks_personal_data_and_override_needs_a_legal_basis(qtbot, window, udata_server, tmp_path):
    from opendata_desktop.core.samples import sample_path
    from stdnum.fr import nir

    open_with_schema(qtbot, window, sample_path(), "scdl/subventions")
    window.go_to(4)
    wait_idle(qtbot, window)
    window.pages[4].apply_button.click()  # recommended treatments: natural persons out, phones dropped
    wait_idle(qtbot, window)
    page = apply_proposed_fixes(qtbot, window)
    qtbot.waitUntil(lambda: window.document.report is not None and window.document.report.valid, timeout=30000)
    # One social security number typed into the « objet » of a subsidy, by mistake.
    body = "1850775116012"
    frame = page.model.frame
    page.model.setData(page.model.index(0, list(frame.columns).index("objet")),
                       f"Fonctionnement annuel (dossier {body}{nir.calc_check_digits(body)})")
    qtbot.waitUntil(lambda: window.document.report.valid, timeout=30000)
    window.go_to(5)
    wait_idle(qtbot, window)
    publish = window.pages[5]
    point_at(publish, udata_server, tmp_path)
    asked = []
    publish.ask_override = lambda gate: asked.append(gate.explain()) or None  # the person cancels
    before = len(udata_server.api("GET", "/me/datasets/").json())
    publish.publish_button.click()
    qtbot.waitUntil(lambda: bool(asked), timeout=30000)
    assert "numéro de sécurité sociale" in asked[0] and "H2 du fichier à publier" in asked[0]  # where, not what
    assert body not in asked[0]
    assert "Rien n'a été publié" in publish.result.text()
    assert len(udata_server.api("GET", "/me/datasets/").json()) == before
    publish.ask_override = lambda gate: ("Consentement écrit de la personne", "accord signé le 3 mars")
    publish.publish_button.click()
    qtbot.waitUntil(lambda: "Fichier publié" in publish.result.text(), timeout=60000)
    override = [e for e in window.document.journal if e.get("op") == "privacy-override"]
    assert override and override[0]["legal_basis"] == "Consentement écrit de la personne"


def test_preview_then_offline_queue(qtbot, window, udata_server, messy, tmp_path):
    open_with_schema(qtbot, window, messy / "prenoms_naissances.csv", "scdl/prenoms")
    apply_proposed_fixes(qtbot, window)
    qtbot.waitUntil(lambda: window.document.report is not None and window.document.report.valid, timeout=30000)
    window.go_to(5)
    wait_idle(qtbot, window)
    publish = window.pages[5]
    point_at(publish, udata_server, tmp_path)
    before = len(udata_server.api("GET", "/me/datasets/").json())
    publish.preview_button.click()
    qtbot.waitUntil(lambda: "Aperçu (rien n'a été envoyé)" in publish.result.text(), timeout=30000)
    assert "Création du jeu de données" in publish.result.text()
    assert len(udata_server.api("GET", "/me/datasets/").json()) == before
    publish.url.setText("http://127.0.0.1:9")
    publish.offer_queue = lambda exc: True
    publish.publish_button.click()
    qtbot.waitUntil(lambda: "mise en attente" in publish.result.text(), timeout=60000)
    assert publish.outbox_button.text().endswith("(1)") and publish.outbox_button.isEnabled()
