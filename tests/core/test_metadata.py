"""The dataset presentation suggested before publishing: title, description, tags."""

import pandas as pd

from opendata_desktop.core.metadata import suggest_metadata
from opendata_desktop.core.schemas import default_catalogue


def test_scdl_dataset_says_scdl_and_is_tagged_so():
    schema = default_catalogue().get("scdl/subventions")
    frame = pd.DataFrame({"nomAttribuant": ["Commune de Lavalette"] * 2,
                          "dateConvention": ["2025-01-03", "2025-06-30"]})
    meta = suggest_metadata(frame, schema)
    assert meta.title == "Subventions 2025 – Commune de Lavalette"
    assert "Socle Commun des Données Locales" in meta.description
    assert "scdl" in meta.tags and "subventions" in meta.tags


def test_other_national_schema_is_not_called_scdl():
    schema = default_catalogue().get("etalab/schema-irve-statique")
    meta = suggest_metadata(pd.DataFrame({"id_pdc_itinerance": ["FRA68P68021001"]}), schema)
    assert "Socle Commun" not in meta.description
    assert "etalab/schema-irve-statique" in meta.description
    assert "scdl" not in meta.tags and "irve" in meta.tags
