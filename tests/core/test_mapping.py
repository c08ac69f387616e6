from opendata_desktop.core.mapping import suggest_mapping
from opendata_desktop.core.schemas import default_catalogue


def test_names_and_titles_match_ignoring_accents_case_and_punctuation():
    schema = default_catalogue().get("scdl/subventions")
    columns = ["NOM_ATTRIBUANT", "id attribuant", "Date de la Convention de Subvention", "Montant",
               "nomBénéficiaire", "Observations"]
    mapping = suggest_mapping(columns, schema)
    assert mapping.columns == {
        "NOM_ATTRIBUANT": "nomAttribuant", "id attribuant": "idAttribuant",
        "Date de la Convention de Subvention": "dateConvention", "Montant": "montant",
        "nomBénéficiaire": "nomBeneficiaire", "Observations": None,
    }
    assert mapping.confidence["NOM_ATTRIBUANT"] == 1.0
    assert mapping.confidence["Date de la Convention de Subvention"] >= 0.9
    assert "objet" in mapping.missing_required(schema)
    assert "montant" not in mapping.missing_required(schema)


def test_a_field_is_never_suggested_twice():
    schema = default_catalogue().get("scdl/deliberations")
    mapping = suggest_mapping(["COLL_NOM", "coll nom"], schema)
    assert list(mapping.columns.values()).count("COLL_NOM") == 1
