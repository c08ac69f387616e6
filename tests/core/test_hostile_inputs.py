"""Hostile and odd files, each made here: refused with a French message, or read with a warning.

A workbook bomb is always opened in a child process (the command line), so that a guard that
failed would show as an abort (exit 134) in the assertion instead of killing the test run.
"""

import os
import subprocess
import sys
import time
import zipfile

import pytest

from opendata_desktop.core.atomic import atomic_write_text, clean_leftover_temporaries
from opendata_desktop.core.errors import UnreadableFileError
from opendata_desktop.core.reading import ReadOptions, open_table
from opendata_desktop.core.reading import workbook_guard
from opendata_desktop.core.reading.continuation import find_continuation_lines

# ---------------------------------------------------------------- minimal workbooks, written by hand

_CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
       'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
       'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
       'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
       '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
       'officedocument.spreadsheetml.worksheet+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
         '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WB = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
       '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
       '<sheet name="Aides" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WBRELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
           '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
           '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')


def _cell(ref, value):
    r = f' r="{ref}"' if ref else ""
    if isinstance(value, str):
        return f'<c{r} t="inlineStr"><is><t>{value}</t></is></c>'
    return f"<c{r}><v>{value}</v></c>"


def _rows(rows, refs=True):
    out = []
    for i, row in enumerate(rows, start=1):
        cells = "".join(_cell(f"{chr(65 + j)}{i}" if refs else None, v) for j, v in enumerate(row))
        out.append(f'<row r="{i}">{cells}</row>' if refs else f"<row>{cells}</row>")
    return "".join(out)


def write_xlsx(path, sheet_data, dimension=None, extra_members=()):
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             f'spreadsheetml/2006/main">{dim}<sheetData>{sheet_data}</sheetData></worksheet>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CT)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WB)
        archive.writestr("xl/_rels/workbook.xml.rels", _WBRELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, data in extra_members:
            archive.writestr(name, data)
    return path


TABLE = [["Bénéficiaire", "Montant", "Objet"], ["Club de judo", 1200, "Tatamis"], ["Harmonie", 800, "Partitions"]]


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "opendata_desktop", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", cwd=cwd, timeout=300)


# ---------------------------------------------------------------- workbook budgets

def test_small_workbook_with_a_far_cell_is_refused_before_the_reader_allocates(tmp_path):
    far = _rows(TABLE) + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    path = write_xlsx(tmp_path / "aides.xlsx", far, dimension="A1:C3")
    assert path.stat().st_size < 5000
    result = cli("inspect", path)
    assert result.returncode == 3, result.stderr
    assert "XFD1048576" in result.stderr and "sécurité" in result.stderr
    assert "Erreur interne" not in result.stderr and "panicked" not in result.stderr


@pytest.mark.parametrize("far", [
    # cells without any reference: their position is implied by their order in the row
    '<row r="1048576">' + "<c><v>1</v></c>" * 40 + "</row>",
    # the reference written after another attribute (still a valid sheet)
    '<row r="7"><c s="0" r="XFD7"><v>1</v></c></row><row r="900000"><c s="0" r="Z900000"><v>1</v></c></row>',
    # rows without numbers, after a row numbered near the end of the sheet
    '<row r="1048570"><c r="A1048570"><v>1</v></c></row>' + "<row>" + "<c><v>2</v></c>" * 30 + "</row>",
])
def test_far_cells_written_in_unusual_ways_are_found_too(tmp_path, far):
    path = write_xlsx(tmp_path / "liste.xlsx", _rows(TABLE) + far)
    result = cli("inspect", path, "--json")
    assert result.returncode == 3, result.stderr
    assert "par sécurité" in result.stderr


def test_old_excel_file_with_a_far_value_is_refused_before_the_grid_is_built(tmp_path):
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    book.add_sheet("Sommaire").write(0, 0, "Subventions")
    sheet = book.add_sheet("Versements")
    for i, row in enumerate(TABLE):
        for j, value in enumerate(row):
            sheet.write(i, j, value)
    sheet.write(65535, 255, 1)
    path = tmp_path / "ancien.xls"
    book.save(str(path))
    assert path.stat().st_size < 10_000
    result = cli("inspect", path)
    assert result.returncode == 3, result.stderr
    assert "« Versements »" in result.stderr and "IV65536" in result.stderr


def test_old_excel_file_with_formatted_blank_cells_far_away_is_read(tmp_path):
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("Versements")
    for i, row in enumerate(TABLE):
        for j, value in enumerate(row):
            sheet.write(i, j, value)
    sheet.write(60000, 250, None, xlwt.easyxf("pattern: pattern solid;"))  # formatting only, no value
    path = tmp_path / "formate.xls"
    book.save(str(path))
    table = open_table(path)
    assert table.columns == TABLE[0] and table.n_rows == 2


def test_a_declared_dimension_alone_does_not_refuse_a_small_table(tmp_path):
    path = write_xlsx(tmp_path / "aides.xlsx", _rows(TABLE), dimension="A1:XFD1048576")
    table = open_table(path)
    assert table.columns == TABLE[0] and table.n_rows == 2


def test_sheet_written_without_references_is_read_in_place(tmp_path):
    path = write_xlsx(tmp_path / "sans_refs.xlsx", _rows(TABLE, refs=False))
    table = open_table(path)
    assert table.columns == TABLE[0]
    assert table.data["Montant"].tolist() == ["1200", "800"]


def test_member_expanding_a_hundredfold_is_refused_unexpanded(tmp_path):
    padding = ("<row>" + "<c><v>0</v></c>" * 50 + "</row>") * 40_000  # ~32 MB, compresses > 100:1
    path = write_xlsx(tmp_path / "gonfle.xlsx", _rows(TABLE), extra_members=[("xl/media/remplissage.xml", padding)])
    info = zipfile.ZipFile(path).getinfo("xl/media/remplissage.xml")
    assert info.file_size / info.compress_size > 100
    with pytest.raises(UnreadableFileError) as error:
        open_table(path)
    assert "anormalement grand" in error.value.message


def test_total_expansion_has_an_absolute_cap_whatever_the_ratio(tmp_path, monkeypatch):
    # Real cap: 1 GB of XML. Same rule, smaller numbers, so the test writes megabytes, not gigabytes.
    monkeypatch.setattr(workbook_guard, "MAX_UNCOMPRESSED_BYTES", 2 * 1024 * 1024)
    text = "".join(f"<si><t>{i * 7919 % 100003} association {i}</t></si>" for i in range(80_000))
    path = write_xlsx(tmp_path / "gros.xlsx", _rows(TABLE), extra_members=[("xl/sharedStrings2.xml", text)])
    info = zipfile.ZipFile(path).getinfo("xl/sharedStrings2.xml")
    assert info.file_size / info.compress_size < 20  # no ratio alarm: only the absolute cap refuses it
    with pytest.raises(UnreadableFileError) as error:
        open_table(path)
    assert "anormalement grand" in error.value.message


def test_cell_budget_refuses_a_dense_sheet_beyond_it(tmp_path, monkeypatch):
    monkeypatch.setattr(workbook_guard, "MAX_WORKBOOK_CELLS", 500)
    rows = [TABLE[0]] + [[f"Asso {i}", i, "x"] for i in range(300)]  # 301 x 3 = 903 cells
    path = write_xlsx(tmp_path / "dense.xlsx", _rows(rows))
    with pytest.raises(UnreadableFileError) as error:
        open_table(path)
    assert "C301" in error.value.message


def test_ods_repeating_a_filled_cell_over_the_whole_sheet_is_refused(tmp_path):
    bomb = ('<table:table-row table:number-rows-repeated="1048576"><table:table-cell '
            'table:number-columns-repeated="16384" office:value-type="float" office:value="1">'
            "<text:p>1</text:p></table:table-cell></table:table-row>")
    path = _write_ods(tmp_path / "repete.ods", _ods_rows(TABLE) + bomb)
    result = cli("inspect", path)
    assert result.returncode == 3, result.stderr
    assert "sécurité" in result.stderr


def test_ods_with_the_usual_empty_repetitions_is_read(tmp_path):
    tail = ('<table:table-row table:number-rows-repeated="1048573"><table:table-cell '
            'table:number-columns-repeated="1024"/></table:table-row>')
    path = _write_ods(tmp_path / "normal.ods", _ods_rows(TABLE) + tail)
    table = open_table(path)
    assert table.columns == TABLE[0] and table.n_rows == 2


def _ods_rows(rows):
    out = []
    for row in rows:
        cells = "".join(
            f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
            if isinstance(v, str) else
            f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>'
            for v in row)
        out.append(f"<table:table-row>{cells}</table:table-row>")
    return "".join(out)


def _write_ods(path, rows_xml):
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               '<office:body><office:spreadsheet><table:table table:name="Aides">'
               f"{rows_xml}</table:table></office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                'opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
                'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return path


def test_corrupt_sheet_stream_is_a_damaged_workbook(tmp_path):
    path = write_xlsx(tmp_path / "abime.xlsx", _rows(TABLE * 200))
    data = bytearray(path.read_bytes())
    start = data.find(b"xl/worksheets/sheet1.xml") + 40
    data[start:start + 200] = os.urandom(200)  # the compressed sheet, scrambled
    path.write_bytes(bytes(data))
    result = cli("inspect", path)
    assert result.returncode == 3, result.stderr
    assert "endommagé" in result.stderr


# ---------------------------------------------------------------- cell errors

def test_cached_error_values_are_kept_as_text_with_a_warning(tmp_path):
    rows = _rows(TABLE[:1]) + (
        '<row r="2"><c r="A2" t="inlineStr"><is><t>Comité des fêtes</t></is></c><c r="B2"><v>500</v></c>'
        '<c r="C2" t="e"><f>B2/0</f><v>#DIV/0!</v></c></row>'
        '<row r="3"><c r="A3" t="inlineStr"><is><t>Bibliothèque</t></is></c><c r="B3" t="e"><v>#N/A</v></c>'
        '<c r="C3" t="e"><f>REF</f><v>#REF!</v></c></row>')
    table = open_table(write_xlsx(tmp_path / "erreurs.xlsx", rows))
    assert table.data["Objet"].tolist() == ["#DIV/0!", "#REF!"]
    assert table.data["Montant"].tolist() == ["500", "#N/A"]
    assert len(table.warnings) == 1 and "3 cellule(s) en erreur" in table.warnings[0]


# ---------------------------------------------------------------- CSV oddities

def test_old_mac_line_endings_are_read(tmp_path):
    path = tmp_path / "mac.csv"
    path.write_bytes("Commune;Population;Maire\rAlbi;49000;oui\rCastres;41000;non\r".encode("cp1252"))
    table = open_table(path)
    assert table.columns == ["Commune", "Population", "Maire"] and table.n_rows == 2
    assert table.data["Commune"].tolist() == ["Albi", "Castres"]
    assert any("retour chariot" in w for w in table.warnings)


def test_utf8_file_with_windows_lines_in_the_middle_is_decoded_line_by_line(tmp_path):
    lines = ["Équipement;Quartier"] + [f"Gymnase n°{i};Centre-ville" for i in range(3000)]
    middle = "Salle des fêtes;Côte Saint-André\n".encode("cp1252")
    data = ("\n".join(lines[:1500]) + "\n").encode() + middle + ("\n".join(lines[1500:]) + "\n").encode()
    path = tmp_path / "melange.csv"
    path.write_bytes(data)
    table = open_table(path)
    values = table.data["Équipement"].tolist()
    assert "Salle des fêtes" in values and "Gymnase n°2999" in values
    assert table.data["Quartier"].tolist()[1499] == "Côte Saint-André"
    assert not any("Ã" in v for v in values)
    assert any("1 ligne(s)" in w and "Windows-1252" in w for w in table.warnings)


def test_windows_file_with_utf8_lines_is_not_read_as_mojibake(tmp_path):
    head = "".join(f"Pré {i};Élu\n" for i in range(20_000)).encode("cp1252")
    utf8 = "Église;Rivière\n".encode("utf-8")
    path = tmp_path / "inverse.csv"
    path.write_bytes("Lieu;Qualité\n".encode("cp1252") + head + utf8 + head)
    table = open_table(path)
    assert "Église" in table.data["Lieu"].tolist()
    assert table.columns == ["Lieu", "Qualité"]
    assert table.warnings


def test_utf8_byte_order_mark_followed_by_windows_text(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "Nom;Prénom;Ville\nDurand;Hélène;Sète\nMartin;Jérôme;Agen\n".encode("cp1252"))
    table = open_table(path)
    assert table.columns == ["Nom", "Prénom", "Ville"]
    assert table.data["Prénom"].tolist() == ["Hélène", "Jérôme"]
    assert table.warnings


def test_nul_bytes_far_into_the_file_are_removed_with_a_warning(tmp_path):
    body = "".join(f"Rue {i};{i}\n" for i in range(40_000)).encode()
    assert len(body) > 256 * 1024
    path = tmp_path / "nul.csv"
    path.write_bytes(b"Adresse;Numero\n" + body + b"Imp\x00asse;7\x00\n")
    table = open_table(path)
    assert table.data["Adresse"].iloc[-1] == "Impasse" and table.data["Numero"].iloc[-1] == "7"
    assert not any("\x00" in v for v in table.data["Adresse"])
    assert any("nul" in w for w in table.warnings)


def test_prepare_output_never_holds_a_nul_byte(tmp_path):
    body = "".join(f"Club {i};{i * 10}\n" for i in range(30_000)).encode()
    source = tmp_path / "aides.csv"
    source.write_bytes(b"nomBeneficiaire;montant\n" + body + b"Club\x00 final;5\n")
    out = tmp_path / "sortie.csv"
    result = cli("prepare", source, "--schema", "scdl/subventions", "-o", out)
    assert result.returncode in (0, 1), result.stderr
    assert b"\x00" not in out.read_bytes() and b"Club final" in out.read_bytes()


def test_random_bytes_are_refused_plainly(tmp_path):
    rng = __import__("random").Random(7)
    noise = bytes(rng.choice(range(1, 256)) for _ in range(50_000))  # no NUL at all
    path = tmp_path / "export.csv"
    path.write_bytes(noise)
    result = cli("inspect", path)
    assert result.returncode == 3, result.stderr
    assert "binaires" in result.stderr and "Erreur interne" not in result.stderr


def test_wide_csv_with_repeated_headers_reads(tmp_path):
    width = 4000
    path = tmp_path / "large.csv"
    path.write_text(";".join(["Montant"] * width) + "\n" + ";".join(str(i) for i in range(width)) + "\n",
                    encoding="utf-8")
    table = open_table(path)
    assert len(table.columns) == width and len(set(table.columns)) == width
    assert table.columns[-1] == f"Montant ({width})" and table.data.iloc[0, -1] == str(width - 1)


def test_headers_repeating_an_existing_numbered_header_stay_unique(tmp_path):
    path = tmp_path / "doublons.csv"
    path.write_text("Nom;Nom (2);Nom;Nom\na;b;c;d\n", encoding="utf-8")
    table = open_table(path, ReadOptions(header_row=1))
    assert table.columns == ["Nom", "Nom (2)", "Nom (3)", "Nom (4)"]


def test_csv_wider_than_a_spreadsheet_is_refused(tmp_path):
    path = tmp_path / "trop_large.csv"
    path.write_text(";".join(f"c{i}" for i in range(17_000)) + "\n" + ";".join("1" * 17_000) + "\n")
    with pytest.raises(UnreadableFileError) as error:
        open_table(path)
    assert "colonnes" in error.value.message


def test_one_wide_line_over_many_short_ones_is_refused_before_allocating(tmp_path, monkeypatch):
    from opendata_desktop.core.reading import csv_source

    monkeypatch.setattr(csv_source, "MAX_CSV_CELLS", 100_000)
    path = tmp_path / "etire.csv"
    path.write_text("a;b\n" + "x;y\n" * 200 + ";" * 2000 + "\n" + "x;y\n" * 100_000)
    with pytest.raises(UnreadableFileError) as error:
        open_table(path)
    assert "trop grand" in error.value.message


def test_formula_looking_cells_are_read_as_plain_text(tmp_path):
    path = tmp_path / "formules.csv"
    path.write_text('Nom;Note\n=HYPERLINK("http://x");+1\n@SUM(A1);-2\n', encoding="utf-8")
    table = open_table(path)
    assert table.data["Nom"].tolist() == ['=HYPERLINK("http://x")', "@SUM(A1)"]


# ---------------------------------------------------------------- continuation lines

def test_second_value_alone_on_the_next_line_is_proposed_not_merged(tmp_path):
    path = tmp_path / "versements.csv"
    path.write_text("Bénéficiaire;Montant;Date de versement;Objet\n"
                    "Club de judo;1200;2024-03-01;Tatamis\n"
                    ";;2024-09-01;\n"
                    "Harmonie;800;2024-04-15;Partitions\n"
                    "Foyer rural;300;;\n"
                    "\n"
                    ";;2024-05-02;\n", encoding="utf-8")
    table = open_table(path)
    found = find_continuation_lines(table)
    assert [(c.row_number, c.column, c.value, c.above_row_number, c.above_value) for c in found] == [
        (3, "Date de versement", "2024-09-01", 2, "2024-03-01")]
    assert "2024-09-01" in table.data["Date de versement"].tolist()  # proposal only: the table is unchanged


def test_continuation_lines_in_a_workbook_and_in_inspect_json(tmp_path):
    rows = [["Nom", "Adresse", "Commune"], ["Dupuis", "3 rue Haute", "Vic"], [None, "Bâtiment B", None],
            [None, "Escalier 2", None], ["Lemoine", "1 place", "Vic"]]
    sheet = "".join(
        f'<row r="{i}">' + "".join(_cell(f"{chr(65 + j)}{i}", v) for j, v in enumerate(r) if v is not None) + "</row>"
        for i, r in enumerate(rows, start=1))
    path = write_xlsx(tmp_path / "adresses.xlsx", sheet)
    result = cli("inspect", path, "--json")
    assert result.returncode == 0, result.stderr
    found = __import__("json").loads(result.stdout)["continuation_lines"]
    assert [(c["row_number"], c["above_row_number"], c["value"]) for c in found] == [
        (3, 2, "Bâtiment B"), (4, 2, "Escalier 2")]


# ---------------------------------------------------------------- atomic writes

def test_leftover_temporaries_are_cleaned_but_not_fresh_or_foreign_files(tmp_path):
    target = atomic_write_text(tmp_path / "projet.json", "{}")
    old = tmp_path / ".projet.json.ab12cd34.tmp"
    fresh = tmp_path / ".projet.json.zz99yy88.tmp"
    foreign = tmp_path / "notes.tmp"
    nested = tmp_path / "cache" / ".index.json.k3j4h5g6.tmp"
    nested.parent.mkdir()
    for path in (old, fresh, foreign, nested):
        path.write_text("x")
    long_ago = time.time() - 3600
    for path in (old, foreign, nested):
        os.utime(path, (long_ago, long_ago))
    removed = clean_leftover_temporaries(tmp_path)
    assert sorted(removed) == sorted([old, nested])
    assert fresh.exists() and foreign.exists() and target.read_text() == "{}"


def test_inspect_json_lists_the_warnings(tmp_path):
    path = tmp_path / "mac.csv"
    path.write_bytes(b"A;B;C\r1;2;3\r4;5;6\r")
    result = cli("inspect", path, "--json")
    assert result.returncode == 0, result.stderr
    data = __import__("json").loads(result.stdout)
    assert data["n_rows"] == 2 and data["warnings"] and data["continuation_lines"] == []


def test_header_row_option_still_checked_on_the_grid(tmp_path):
    path = tmp_path / "court.csv"
    path.write_text("a;b\n1;2\n", encoding="utf-8")
    from opendata_desktop.core.errors import UsageError

    with pytest.raises(UsageError):
        open_table(path, ReadOptions(header_row=9))
