import pytest

from opendata_desktop.core.document import Document
from opendata_desktop.core.operations import DropColumn, EditCell, ReplaceCells, SetMapping
from opendata_desktop.core.reading import open_table
from opendata_desktop.core.schemas import default_catalogue


@pytest.fixture
def doc(messy):
    return Document(open_table(messy / "subventions_2024.xlsx"), default_catalogue().get("scdl/subventions"))


def test_edit_cell_undo_redo_and_labels(doc):
    seen = []
    doc.changed.connect(seen.append)
    original = doc.table.at[3, "Date de la convention"]
    doc.apply(EditCell(3, "Date de la convention", "2024-04-12"))
    assert doc.table.at[3, "Date de la convention"] == "2024-04-12"
    assert doc.undo_stack.undo_label == "Annuler : modification d'une cellule de la colonne « Date de la convention »"
    doc.undo()
    assert doc.table.at[3, "Date de la convention"] == original
    assert doc.undo_stack.redo_label.startswith("Rétablir : ")
    doc.redo()
    assert doc.table.at[3, "Date de la convention"] == "2024-04-12"
    assert [c.rows for c in seen] == [(3,), (3,), (3,)]
    assert doc.source.data.at[3, "Date de la convention"] == original  # the source table is untouched


def test_drop_column_restores_position_and_mapping(doc):
    doc.apply(SetMapping("Téléphone", None))
    doc.apply(SetMapping("Bénéficiaire", "nomBeneficiaire"))
    columns = list(doc.table.columns)
    doc.apply(DropColumn("Bénéficiaire", reason="donnée personnelle"))
    assert "Bénéficiaire" not in doc.table.columns
    assert doc.mapping.column_for("nomBeneficiaire") is None
    doc.undo()
    assert list(doc.table.columns) == columns
    assert doc.mapping.column_for("nomBeneficiaire") == "Bénéficiaire"


def test_set_mapping_frees_the_field_elsewhere(doc):
    doc.apply(SetMapping("Collectivité", "nomAttribuant"))
    doc.apply(SetMapping("Observations", "nomAttribuant"))
    assert doc.mapping.column_for("nomAttribuant") == "Observations"
    assert doc.mapping.columns["Collectivité"] is None
    doc.undo()
    assert doc.mapping.column_for("nomAttribuant") == "Collectivité"


def test_journal_never_holds_replaced_personal_values(doc):
    rows = [i for i, v in enumerate(doc.table["Bénéficiaire"]) if v.startswith(("M. ", "Mme "))]
    names = [doc.table.at[i, "Bénéficiaire"] for i in rows]
    doc.apply(ReplaceCells("Bénéficiaire", rows, "Personne physique", reason="occultation"))
    assert rows and all(doc.table.at[i, "Bénéficiaire"] == "Personne physique" for i in rows)
    journal = repr(doc.journal)
    assert not any(name in journal for name in names)
    doc.undo()
    assert [doc.table.at[i, "Bénéficiaire"] for i in rows] == names


def test_split_and_merge_columns_round_trip(messy):
    from opendata_desktop.core.operations import MergeColumns, SplitColumn

    doc = Document(open_table(messy / "equipements.ods"), default_catalogue().get("scdl/equipements"))
    doc.apply(MergeColumns(("N°", "Voie"), " ", "Adresse"))
    assert doc.table.at[0, "Adresse"] == "23 rue de la République"
    doc.apply(SplitColumn("Adresse", " ", ("Numéro", "Nom de voie")))
    assert (doc.table.at[0, "Numéro"], doc.table.at[0, "Nom de voie"]) == ("23", "rue de la République")
    assert doc.undo_stack.undo_label.startswith("Annuler : découpage de la colonne « Adresse »")
    doc.undo()
    doc.undo()
    assert "Adresse" not in doc.table.columns and "Numéro" not in doc.table.columns
