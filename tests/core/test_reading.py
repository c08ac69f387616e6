import hashlib
import json
import shutil
import zipfile

import pytest

from opendata_desktop.core.errors import UnreadableFileError
from opendata_desktop.core.reading import ReadOptions, open_table
from opendata_desktop.core.reading.cells import cell_to_text, column_letter

CASES = ["subventions_2024.xlsx", "deliberations_2024.csv", "equipements.ods", "prenoms_naissances.csv",
         "budget_ca_2023.csv"]


@pytest.mark.parametrize("name", CASES)
def test_messy_fixture_table_is_found(messy, name):
    truth = json.loads((messy / name).with_suffix(".truth.json").read_text(encoding="utf-8"))
    before = hashlib.sha256((messy / name).read_bytes()).hexdigest()
    table = open_table(messy / name)
    assert table.sheet == truth["sheet"]
    assert table.header_row == truth["header_row"]
    assert table.columns == list(truth["mapping"])
    assert table.n_rows == truth["n_rows"]
    if "encoding" in truth:
        assert table.encoding == truth["encoding"]
    if "delimiter" in truth:
        assert table.delimiter == truth["delimiter"]
    assert hashlib.sha256((messy / name).read_bytes()).hexdigest() == before  # source untouched


def test_excel_numbers_keep_identifiers_and_dates(messy):
    table = open_table(messy / "subventions_2024.xlsx")
    sirets = table.data["SIRET collectivité"]
    assert set(sirets) == {"21820682914177"}  # a float cell, not 2.18E+13 nor "…177.0"
    assert table.data["Date de la convention"].iloc[0] == "2024-08-29"  # an Excel date cell
    assert table.data["Montant (€)"].iloc[0] == "2500"
    assert table.cell_name(0, "Bénéficiaire") == "E5"  # header on row 4, first data row 5


def test_moved_header_and_extra_sheet(tmp_path, messy):
    openpyxl = pytest.importorskip("openpyxl")
    source = open_table(messy / "deliberations_2024.csv")
    wb = openpyxl.Workbook()
    wb.active.title = "Lisez-moi"
    wb.active["A1"] = "Ce classeur contient les délibérations."
    ws = wb.create_sheet("Délibérations")
    ws["A2"] = "Registre des délibérations 2024"
    ws.append([])
    ws.append([None] + source.columns)  # header on row 4, table starting in column B
    for row in source.data.itertuples(index=False):
        ws.append([None] + list(row))
    ws.append([None, "Total", None])
    path = tmp_path / "registre.xlsx"
    wb.save(path)
    table = open_table(path)
    assert table.sheet == "Délibérations"
    assert table.header_row == 4
    assert table.columns == source.columns
    assert table.n_rows == source.n_rows
    assert table.cell_name(0, source.columns[0]) == "B5"
    override = open_table(path, ReadOptions(sheet="Délibérations", header_row=4))
    assert override.n_rows == source.n_rows


def test_utf16_and_cp1252_variants(tmp_path, messy):
    text = (messy / "deliberations_2024.csv").read_bytes().decode("cp1252")
    (tmp_path / "u16.csv").write_bytes(text.encode("utf-16"))
    (tmp_path / "u16le.txt").write_bytes(text.encode("utf-16-le"))
    (tmp_path / "tab.csv").write_bytes(text.replace(";", "\t").encode("utf-8"))
    for name in ("u16.csv", "u16le.txt", "tab.csv"):
        table = open_table(tmp_path / name)
        assert table.n_rows == 80, name
        assert "Collectivité" in table.columns, name
        assert any("Jaurès" in v for v in table.data["Objet"]), name


def _bad(tmp_path, name: str, content: bytes):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableFileError) as info:
        open_table(path)
    assert path.read_bytes() == content  # never modified
    return info.value


def test_bad_inputs_give_french_messages(tmp_path, messy):
    assert "vide" in _bad(tmp_path, "vide.csv", b"").message
    assert "PDF" in _bad(tmp_path, "rapport.xlsx", b"%PDF-1.4 ...").message
    whole = (messy / "subventions_2024.xlsx").read_bytes()
    assert "endommagé" in _bad(tmp_path, "coupe.xlsx", whole[: len(whole) // 2]).message
    assert "pas un tableau CSV" in _bad(tmp_path, "nul.csv", b"a;b\n\x00\x01\x02\x00;x\n" * 10).message
    letter = ("Objet : réunion du conseil\n\nMadame, Monsieur,\n"
              "Le conseil municipal se réunira le 12 mars, à 18 h, salle des fêtes.\n"
              "Ordre du jour : budget; travaux; questions diverses.\n"
              "Je vous prie d'agréer l'expression de mes salutations distinguées.\n"
              "Le maire,\nJean Dupont, conseiller départemental, président de l'intercommunalité\n")
    assert "ne ressemble pas à un tableau" in _bad(tmp_path, "lettre.txt", letter.encode()).message


def test_zip_bomb_is_refused_without_expanding(tmp_path, messy):
    bomb = tmp_path / "bombe.xlsx"
    shutil.copy(messy / "subventions_2024.xlsx", bomb)
    with zipfile.ZipFile(bomb, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/media/huge.bin", "w", force_zip64=True) as handle:
            chunk = b"\0" * (16 * 1024 * 1024)
            for _ in range(8):  # 128 MB of zeros, a few hundred KB compressed
                handle.write(chunk)
    with pytest.raises(UnreadableFileError) as info:
        open_table(bomb)
    assert "anormalement" in info.value.message


def test_cell_texts():
    import datetime as dt

    assert cell_to_text(21820682914177.0) == "21820682914177"
    assert cell_to_text(0.1 + 0.2) == "0.3"
    assert cell_to_text(1234.5) == "1234.5"
    assert cell_to_text(dt.datetime(2024, 5, 1)) == "2024-05-01"
    assert cell_to_text(True) == "true"
    assert column_letter(0) == "A" and column_letter(25) == "Z" and column_letter(27) == "AB"


@pytest.mark.parametrize("cells_per_slice", [7, 10**9])
def test_csv_read_in_slices_gives_the_same_table(tmp_path, monkeypatch, cells_per_slice):
    """The CSV is parsed a slice of rows at a time: quoted line breaks, a wider row far down, short rows and
    a BOM come out the same whatever the slices, and the table's cells can be edited."""
    from opendata_desktop.core.reading import csv_source

    monkeypatch.setattr(csv_source, "_CELLS_PER_CHUNK", cells_per_slice)
    lines = ["Nom;Ville;Montant"]
    for i in range(2500):  # slices hold at least 1,000 rows
        lines.append(f'"Asso {i}";"Albi";{i},5' if i % 7 else f'"Asso\n{i}";Castres;{i}')
    lines.insert(1700, "Tardive;Rodez;12;en trop")  # in the second slice: the read starts again, wider
    lines.append("Courte")
    path = tmp_path / "slices.csv"
    path.write_bytes(("\ufeff" + "\n".join(lines) + "\n").encode("utf-8"))
    table = open_table(path)
    assert table.columns[:3] == ["Nom", "Ville", "Montant"] and len(table.columns) == 4
    assert table.n_rows == 2502
    assert table.data["Nom"].iloc[0] == "Asso\n0" and table.data["Ville"].iloc[1] == "Albi"
    late = table.data.index[table.data["Nom"] == "Tardive"][0]
    assert table.data.iloc[late].tolist() == ["Tardive", "Rodez", "12", "en trop"]
    assert table.data.iloc[-1].tolist() == ["Courte", "", "", ""]
    assert all(isinstance(v, str) for column in table.data.columns for v in table.data[column])
    assert all(str(dtype) == str(table.data["Nom"].dtype) for dtype in table.data.dtypes)
    table.data.iat[0, 1] = "Gaillac"  # edits write into the table (never into the file)
    assert table.data.iat[0, 1] == "Gaillac"
    assert b"Gaillac" not in path.read_bytes()
