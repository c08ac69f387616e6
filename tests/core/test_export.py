import datetime as dt

from opendata_desktop.core.document import Document
from opendata_desktop.core.export import producer_siren, scdl_file_name, write_scdl_csv
from opendata_desktop.core.reading import open_table
from opendata_desktop.core.schemas import default_catalogue


def test_scdl_csv_is_utf8_comma_in_schema_order(tmp_path, messy):
    schema = default_catalogue().get("scdl/deliberations")
    doc = Document(open_table(messy / "deliberations_2024.csv"), schema)
    doc.mapping.columns.update({"Objet": "DELIB_OBJET", "Collectivité": "COLL_NOM", "SIRET": "COLL_SIRET"})
    frame, _ = doc.schema_frame()
    path = write_scdl_csv(frame, tmp_path / "out.csv")
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8")
    assert text.splitlines()[0] == ",".join(schema.field_names)
    assert "Jaurès" in text and text.count("\r\n") == len(frame) + 1  # RFC 4180 line ends
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temporary file left behind
    assert producer_siren(frame, schema) == "218206829"


def test_file_name_follows_scdl_recommendation():
    schema = default_catalogue().get("scdl/subventions")
    assert scdl_file_name(schema, "218206829", dt.date(2024, 3, 14)) == "20240314_218206829_subventions.csv"
    assert scdl_file_name(schema, None, dt.date(2024, 3, 14), "Aides aux Façades") == "20240314_aides-aux-facades.csv"
