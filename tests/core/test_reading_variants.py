"""Variants of the messy fixtures in every format, and the hostile inputs a mairie may receive."""

import errno
import json
import os
import zipfile

import pandas as pd
import pytest

from opendata_desktop.core.errors import UnreadableFileError, describe_exception
from opendata_desktop.core.reading import ReadOptions, open_table
from opendata_desktop.core.reading.choices import ReadChoices


def _truth(messy, name):
    return json.loads((messy / name).with_suffix(".truth.json").read_text(encoding="utf-8"))


def test_xls_variant_with_moved_header_and_extra_sheet(tmp_path, messy):
    import xlwt

    source = open_table(messy / "prenoms_naissances.csv")
    book = xlwt.Workbook(encoding="utf-8")
    book.add_sheet("Sommaire").write(0, 0, "Naissances de l'année, par prénom")
    sheet = book.add_sheet("Prénoms")
    sheet.write(0, 0, "Mairie de Caussade — état civil")
    for j, label in enumerate(source.columns):
        sheet.write(2, j, label)  # header on row 3
    for i, row in enumerate(source.data.itertuples(index=False), start=3):
        for j, value in enumerate(row):
            sheet.write(i, j, int(value) if value.isdigit() and j >= 4 else value)
    sheet.write(i + 1, 0, "TOTAL")
    sheet.write(i + 1, 4, 999)
    path = tmp_path / "prenoms.xls"
    book.save(str(path))
    table = open_table(path)
    assert (table.format, table.sheet, table.header_row) == ("xls", "Prénoms", 3)
    assert table.columns == source.columns and table.n_rows == source.n_rows
    assert table.data["Nombre"].tolist() == source.data["Nombre"].tolist()  # 3.0 read back as "3"


def test_ods_variant_and_sheet_choice(tmp_path, messy):
    source = open_table(messy / "budget_ca_2023.csv").data.head(300)
    path = tmp_path / "budget.ods"
    with pd.ExcelWriter(path, engine="odf") as writer:
        pd.DataFrame([["Compte administratif 2023"]]).to_excel(writer, sheet_name="Titre", header=False, index=False)
        source.to_excel(writer, sheet_name="CA 2023", index=False, startrow=5)
    table = open_table(path)
    assert (table.format, table.sheet, table.header_row, table.n_rows) == ("ods", "CA 2023", 6, 300)
    with pytest.raises(UnreadableFileError):
        open_table(path, ReadOptions(sheet="Titre"))  # one cell, no data under it: said plainly


def test_utf16_bom_and_cp1252_tab_variants_of_every_csv_fixture(tmp_path, messy):
    for name in ("deliberations_2024.csv", "prenoms_naissances.csv", "budget_ca_2023.csv"):
        truth = _truth(messy, name)
        original = open_table(messy / name)
        text = original.data.to_csv(sep="\t", index=False, lineterminator="\r\n")
        variants = {"utf-16.csv": text.encode("utf-16"), "cp1252.txt": text.encode("cp1252", errors="replace"),
                    "titled.csv": ("Export du logiciel de gestion\r\n\r\n" + text).encode("utf-8-sig")}
        for suffix, content in variants.items():
            path = tmp_path / f"{name}.{suffix}"
            path.write_bytes(content)
            table = open_table(path)
            assert table.columns == list(truth["mapping"]), (name, suffix)
            assert table.n_rows == truth["n_rows"], (name, suffix)
            assert table.delimiter == "\t"
        assert open_table(tmp_path / f"{name}.titled.csv").header_row == 3


def test_hidden_columns_are_read_and_reported(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Nom", "Montant", "Calcul interne", "Objet"])
    for i in range(5):
        ws.append([f"Association {i}", 100 * i, i * 0.2, "Fonctionnement"])
    ws.column_dimensions["C"].hidden = True
    path = tmp_path / "masque.xlsx"
    wb.save(path)
    table = open_table(path)
    assert table.columns == ["Nom", "Montant", "Calcul interne", "Objet"]
    assert table.hidden_columns == ["Calcul interne"]


def test_password_protected_workbook(tmp_path):
    # An encrypted xlsx is an OLE2 container with an EncryptedPackage stream.
    header = bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504
    path = tmp_path / "protege.xlsx"
    path.write_bytes(header + "EncryptedPackage".encode("utf-16-le") + b"\0" * 4096)
    with pytest.raises(UnreadableFileError) as info:
        open_table(path)
    assert "mot de passe" in info.value.message


def test_xml_bomb_in_workbook_is_refused(tmp_path):
    from openpyxl import Workbook

    base = tmp_path / "base.xlsx"
    wb = Workbook()
    wb.active.append(["Nom", "Montant"])
    wb.active.append(["Association", 12])
    wb.save(base)
    sheet = zipfile.ZipFile(base).read("xl/worksheets/sheet1.xml").decode()
    # "Billion laughs": 10^9 copies of "ha" if a parser expanded the entities.
    entities = "".join(f'<!ENTITY e{i} "' + f"&e{i - 1};" * 10 + '">' for i in range(1, 10))
    bomb = (f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE worksheet [<!ENTITY e0 "ha">{entities}]>'
            + sheet.replace("<t>Association</t>", "<t>&e9;</t>"))
    path = tmp_path / "bombe.xlsx"
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, bomb.encode() if item.filename == "xl/worksheets/sheet1.xml" else src.read(item))
    with pytest.raises(UnreadableFileError) as info:
        open_table(path)
    assert "ne peut pas être lue" in info.value.message


def test_huge_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "export.csv"
    with path.open("wb") as handle:
        handle.write(b"a;b\n1;2\n")
        handle.truncate(1_000_000_000)  # 1 GB (sparse: costs no disk)
    with pytest.raises(UnreadableFileError) as info:
        open_table(path)
    assert "trop volumineux" in info.value.message and "Découpez" in info.value.hint


def test_chosen_options_are_remembered_per_file(tmp_path, messy):
    choices = ReadChoices(tmp_path / "choices.json")
    source = messy / "subventions_2024.xlsx"
    assert choices.get(source) is None
    choices.remember(source, ReadOptions(sheet="Subventions 2024", header_row=4))
    assert choices.get(source) == ReadOptions(sheet="Subventions 2024", header_row=4)
    assert ReadChoices(tmp_path / "choices.json").get(source).header_row == 4  # survives a restart
    choices.forget(source)
    assert choices.get(source) is None


def test_file_locked_by_excel_and_full_disk_messages():
    class SharingViolation(PermissionError):
        winerror = 32

    locked = describe_exception(SharingViolation(errno.EACCES, "Accès refusé", "C:\\\\budget.xlsx"))
    assert locked.title == "Fichier verrouillé" and "Fermez-le" in locked.hint and locked.exit_code == 3
    full = describe_exception(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    assert full.title == "Disque plein" and "Rien n'a été perdu" in full.hint


def test_formulas_give_their_cached_value_and_booleans_read_as_text(tmp_path):
    from openpyxl import Workbook

    base = tmp_path / "base.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["Objet", "Montant", "Notifiée"])
    ws.append(["Fonctionnement", 1200, True])
    ws.append(["Fête locale", 300, False])
    wb.save(base)
    sheet = zipfile.ZipFile(base).read("xl/worksheets/sheet1.xml").decode()
    # What Excel saves for =B2*2: the formula and its last computed value.
    sheet = sheet.replace('<c r="B3" t="n"><v>300</v></c>', '<c r="B3"><f>B2/4</f><v>300</v></c>')
    assert "<f>B2/4</f>" in sheet
    path = tmp_path / "formules.xlsx"
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, sheet.encode() if item.filename == "xl/worksheets/sheet1.xml" else src.read(item))
    table = open_table(path)
    assert table.data["Montant"].tolist() == ["1200", "300"]
    assert table.data["Notifiée"].tolist() == ["true", "false"]


@pytest.mark.parametrize("blank_line", ['" ";" ";""', '"\t";;" "', ' ;" ";'])
def test_a_row_of_quoted_blank_cells_is_a_blank_row(tmp_path, blank_line):
    path = tmp_path / "salles.csv"
    path.write_text(f"Salle;Ville;Places\nSalle Jean Moulin;Nègrepelisse;120\n{blank_line}\n"
                    "Foyer rural;Monclar;80\n", encoding="utf-8")
    table = open_table(path)
    assert table.n_rows == 2
    assert list(table.data["Salle"]) == ["Salle Jean Moulin", "Foyer rural"]
    assert table.blank_rows == [3]


@pytest.mark.parametrize("content, expected", [
    ('objet,montant\n"Achat, entretien du matériel",10\nFournitures,20\n', False),  # « , » then a space in a text
    ('objet,montant\n"Achat, entretien", 10\n', False),  # a number after a space: not blank
    ('objet,montant\n" ",10\n', True),
    ('objet,montant\n"Achat",  \n', True),  # the last cell of the line is blanks
    ('objet;montant\nAchat;\u00a0\r\n', True),  # a no-break space alone (UTF-8)
    ('objet;montant\n  ;12\n', True),
])
def test_only_whole_blank_cells_ask_for_the_cell_by_cell_check(tmp_path, content, expected):
    from opendata_desktop.core.reading.byte_scan import scan_csv_bytes

    path = tmp_path / "achats.csv"
    path.write_bytes(content.encode("utf-8"))
    delimiter = ";" if ";" in content else ","
    assert scan_csv_bytes(path, delimiter).blank_cells_possible is expected
