"""A first-time user on each shared messy file: the real window, driven as a person would, every action
counted (a click, a choice in a list, a typed field), until the file is published on the test udata.

The person follows what the app shows: the big choice on the welcome page, the file, then the step's
main button and « Étape suivante » — never a cell typed by hand. Target: ≤ 12 actions, the API key
typed once counting as one.
"""

import json

import pandas as pd
import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.ui.conftest import wait_idle

pytestmark = pytest.mark.udata

TARGET = 12
FIXTURES = ["subventions_2024", "deliberations_2024", "equipements", "prenoms_naissances", "budget_ca_2023"]
WELCOME = {"scdl/subventions", "scdl/deliberations", "scdl/budget", "scdl/equipements", "scdl/prenoms"}


class Person:
    """Counts what a person does; waits like a person for the app to finish its work."""

    def __init__(self, qtbot, window):
        self.qtbot, self.window, self.actions, self.log = qtbot, window, 0, []

    def _count(self, what: str) -> None:
        self.actions += 1
        self.log.append(what)

    def click(self, button) -> None:
        assert button.isVisible() and button.isEnabled(), button.text()
        self._count(f"clic « {button.accessibleName() or button.text()} »")
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        wait_idle(self.qtbot, self.window, timeout=120000)

    def choose_file(self, page, path) -> None:
        page.ask_file = lambda: str(path)  # the file dialog: one choice
        self._count(f"choix du fichier {path.name}")

    def type(self, field, text: str) -> None:
        field.setFocus()
        field.selectAll()
        QTest.keyClicks(field, text)
        self._count(f"saisie « {field.accessibleName()} »")

    def next_step(self) -> None:
        self.click(self.window.next_button)


def walk(qtbot, window, messy, case, udata_server, tmp_path):
    truth = json.loads((messy / f"{case}.truth.json").read_text(encoding="utf-8"))
    person = Person(qtbot, window)
    window.settings.commune_name = ""  # a first-time user: nothing remembered
    start = window.pages[0]
    publish = window.pages[5]
    publish.folder.setText(str(tmp_path))  # (where files go: the default Documents folder, not an action)
    publish.ask_override = lambda gate: None  # personal data left: the person does not override the law

    # Welcome: « Que voulez-vous publier ? » then the file.
    choice = truth["schema"] if truth["schema"] in WELCOME else ""
    person.choose_file(start, messy / truth["file"])
    person.click(start.dataset_buttons[choice])
    if window.document.schema is None:  # not among the large choices: step 2
        window.go_to(1)
        window.pages[1].select(truth["schema"])
        person._count("choix du schéma")
    assert window.document.schema.name == truth["schema"]

    # Step 3: the mapping is suggested; confirm what is « à vérifier ».
    if window.stack.currentIndex() < 2:
        person.next_step()
    mapping = window.pages[2]
    if mapping.confirm_button.isEnabled():
        person.click(mapping.confirm_button)
    person.next_step()

    # Step 4: the proposals, as many times as new ones appear (a fill after a conversion…).
    check = window.pages[3]
    qtbot.waitUntil(lambda: window.document.report is not None, timeout=120000)
    for _ in range(3):
        wait_idle(qtbot, window, timeout=120000)
        if not check.apply_fixes_button.isEnabled():
            break
        person.click(check.apply_fixes_button)
    person.next_step()

    # Step 5: the recommended privacy plan.
    privacy = window.pages[4]
    wait_idle(qtbot, window, timeout=120000)
    if privacy.apply_button.isEnabled():
        person.click(privacy.apply_button)
    person.next_step()

    # Step 6: the platform's address and the API key, then « Publier ».
    person.type(publish.url, udata_server.url)
    person.type(publish.api_key, udata_server.token)
    person.click(publish.publish_button)
    # « publié », or « mis à jour » when another test already published the same dataset on this server
    # (publication is idempotent: the same file name and schema find the same dataset).
    qtbot.waitUntil(lambda: any(word in publish.result.text() for word in ("publié", "mis à jour", "Rien")),
                    timeout=300000)
    return person, truth


@pytest.mark.parametrize("case", FIXTURES)
def test_first_time_user_publishes_in_few_actions(qtbot, window, messy, udata_server, tmp_path, case):
    person, truth = walk(qtbot, window, messy, case, udata_server, tmp_path)
    print(f"\n{case}: {person.actions} actions: " + " ; ".join(person.log))
    publish = window.pages[5]
    assert "Fichier publié" in publish.result.text() or "Fichier mis à jour" in publish.result.text(), (window.errors.last_shown, window.document.report
                                                        and [e.message for e in window.document.report.errors[:5]])
    from opendata_desktop.core.publishing import journal

    dataset_id = [e for e in journal.entries() if e["event"] == "published"][-1]["dataset_id"]
    dataset = udata_server.api("GET", f"/datasets/{dataset_id}/").json()
    (resource,) = dataset["resources"]
    assert resource["schema"]["name"] == truth["schema"]
    online = requests.get(resource["url"], timeout=30).content.decode("utf-8")
    # Valid: the publication gate validated the exact bytes; anonymised: no personal column, no person's name.
    published = pd.read_csv(publish.output_path(), dtype=str, keep_default_na=False)
    assert online == publish.output_path().read_bytes().decode("utf-8")
    source = window.document.source.data
    for column in truth["pii_columns"]:
        personal = {v for v in source[column].astype(str) if v.strip()}
        if truth["mapping"].get(column):
            field = truth["mapping"][column]
            people = {v for v in personal if v.startswith(("M. ", "Mme ", "M ", "Mme. "))}
            assert not people & set(published[field]), column
        else:
            assert not any(v in online for v in personal if len(v) > 5), column
    assert person.actions <= TARGET, person.log
