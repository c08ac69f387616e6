"""Identifiers built to trap: SIRENs in SIRET columns, 13-digit SIRETs, float-damaged columns where some
values still pass the Luhn key, scientific notation, spaced SIRETs. The output never holds a padded SIREN
and never calls a damaged value valid."""

import csv
import json
import random
import subprocess
import sys

import pytest

from opendata_desktop.core.formats import identifiers as ids
from opendata_desktop.core.formats.identifiers import column_damage, repair_identifier


def luhn_complete(head: str) -> str:
    """`head` plus the digit that makes its Luhn key right."""
    for d in "0123456789":
        if ids.luhn_valid(head + d):
            return head + d
    raise AssertionError


def make_siret(rng: random.Random, first: str = "") -> str:
    siren = luhn_complete(first + "".join(rng.choice("0123456789") for _ in range(8 - len(first))))
    return luhn_complete(siren + "".join(rng.choice("0123456789") for _ in range(4)))


def rounded(siret: str) -> str:
    """What a number cell shown with 12 significant digits leaves of a SIRET: the last two digits lost."""
    return f"{int(siret[:12]) * 100}.0"


def test_a_siren_is_never_padded_into_a_siret():
    siren = "225800010"  # a valid SIREN: padding it would keep the Luhn key and look valid
    assert ids.is_valid_siren(siren) and ids.is_valid_siret(siren.zfill(14))
    repair = repair_identifier(siren, ids.SIRET)
    assert repair.status == ids.SIREN_IN_SIRET and repair.value is None
    assert "SIREN" in repair.message and ids.ANNUAIRE_URL in repair.message
    assert repair_identifier("225 800 010", ids.SIRET).value is None


def test_one_lost_leading_zero_is_restored_only_when_the_keys_agree():
    rng = random.Random(4)
    restored = refused = 0
    for _ in range(300):
        siret = make_siret(rng, first="0")
        repair = repair_identifier(siret[1:], ids.SIRET)  # the spreadsheet dropped the leading zero
        assert repair.value == siret and repair.status == ids.REPAIRED
        restored += 1
    for _ in range(300):  # a digit lost in the middle: 13 digits whose padding would be wrong
        siret = make_siret(rng, first=str(rng.randint(1, 9)))
        cut = rng.randint(1, 12)
        damaged = siret[:cut] + siret[cut + 1:]
        repair = repair_identifier(damaged, ids.SIRET)
        if repair.value is not None:
            assert ids.is_valid_siren(repair.value[:9]) and ids.is_valid_siret(repair.value)
        else:
            refused += 1
    assert restored == 300 and refused >= 270  # both keys must agree: a wrong padding survives ~1 in 100
    assert repair_identifier("12345678", ids.SIRET).value is None  # 8 digits: never padded to 14


@pytest.mark.parametrize("text,kind,expected", [
    ("732 829 320 00074", ids.SIRET, "73282932000074"),
    ("732.829.320.00074", ids.SIRET, "73282932000074"),
    ("73282932000074.0", ids.SIRET, "73282932000074"),
    ("7.32829320000740E+13", ids.SIRET, "73282932000074"),  # 15 digits written: nothing lost
    ("732 829 320", ids.SIREN, "732829320"),
    ("1000", ids.POSTCODE, "01000"),
    ("1053", ids.INSEE, "01053"),  # Bourg-en-Bresse lost its leading zero
    ("2a004", ids.INSEE, "2A004"),
    ("W 751 234 567", ids.RNA, "W751234567"),
])
def test_certain_repairs(text, kind, expected):
    assert repair_identifier(text, kind).value == expected


@pytest.mark.parametrize("text,kind", [
    ("2,18E+13", ids.SIRET), ("7,99E+13", ids.SIRET), ("2.1860194600E+13", ids.SIRET),
    ("73282932000075", ids.SIRET),  # wrong key: a typo, not a format
    ("99999", ids.POSTCODE),  # no such postcode
    ("9999", ids.INSEE), ("123", ids.POSTCODE), ("75", ids.INSEE),
])
def test_no_repair_without_certainty(text, kind):
    assert repair_identifier(text, kind).value is None


def test_a_float_damaged_column_is_refused_as_a_column_even_where_the_key_passes():
    rng = random.Random(7)
    values, lucky = [], 0
    while lucky < 3 or len(values) < 30:
        value = rounded(make_siret(rng))
        lucky += ids.is_valid_siret(value[:-2])
        values.append(value)
    damage = column_damage(values, ids.SIRET, "SIRET du bénéficiaire")
    assert damage is not None and damage.rows == list(range(len(values)))
    assert "SIRET du bénéficiaire" in damage.message and ids.ANNUAIRE_URL in damage.message
    without_suffix = [v[:-2] for v in values]  # the same damage written as text (a CSV export)
    assert column_damage(without_suffix, ids.SIRET) is not None


def test_a_healthy_column_of_numbers_is_not_called_damaged():
    rng = random.Random(11)
    values = [f"{make_siret(rng, first=str(rng.randint(1, 9)))}.0" for _ in range(40)]
    assert column_damage(values, ids.SIRET) is None
    # the same SIRET repeated on every row (the commune's own) ending in 0 is one value, not a pattern
    assert column_damage(["21310555400010"] * 50, ids.SIRET) is None


def _write(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)


def _prepare(tmp_path, source, mapping):
    (tmp_path / "map.json").write_text(json.dumps(mapping), encoding="utf-8")
    out, report = tmp_path / "out.csv", tmp_path / "report.json"
    result = subprocess.run([sys.executable, "-m", "opendata_desktop", "prepare", str(source), "--schema",
                             "scdl/subventions", "-o", str(out), "--report", str(report), "--mapping",
                             str(tmp_path / "map.json")], capture_output=True, text=True, timeout=300)
    assert result.returncode in (0, 1), result.stderr
    with open(out, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return rows, json.loads(report.read_text(encoding="utf-8"))


HEADER = ["Organisme payeur", "N° SIRET payeur", "Convention signée le", "Association", "Numéro SIRET asso",
          "Objet de l'aide", "Somme versée", "Type d'aide", "Modalités", "Versement", "Notifié UE", "Taux"]
MAPPING = {"Organisme payeur": "nomAttribuant", "N° SIRET payeur": "idAttribuant",
           "Convention signée le": "dateConvention", "Association": "nomBeneficiaire",
           "Numéro SIRET asso": "idBeneficiaire", "Objet de l'aide": "objet", "Somme versée": "montant",
           "Type d'aide": "nature", "Modalités": "conditionsVersement", "Versement": "datesPeriodeVersement",
           "Notifié UE": "notificationUE", "Taux": "pourcentageSubvention"}


def _row(giver, siret, i):
    return ["Commune de Trucy", giver, f"0{i % 9 + 1}/03/2023", f"Club n°{i}", siret, "Fonctionnement",
            f"{100 * (i + 1)},00 €", "numéraire", "unique", f"du 01/04/2023 au 30/06/2023", "N", "1"]


def test_prepare_never_writes_a_padded_siren_nor_validates_a_damaged_column(tmp_path):
    rng = random.Random(3)
    giver = make_siret(rng)
    sirens = [luhn_complete(str(rng.randint(10_000_000, 99_999_999))) for _ in range(5)]
    rows = [_row(giver, s, i) for i, s in enumerate(sirens)]
    spaced = make_siret(rng, first="4")
    rows.append(_row(giver, f"{spaced[:3]} {spaced[3:6]} {spaced[6:9]} {spaced[9:]}", 5))
    zero = make_siret(rng, first="0")
    rows.append(_row(giver, zero[1:], 6))  # a 13-digit SIRET that lost its leading zero
    _write(tmp_path / "aides.csv", HEADER, rows)
    out, report = _prepare(tmp_path, tmp_path / "aides.csv", MAPPING)
    written = [r["idBeneficiaire"] for r in out]
    assert written[:5] == sirens  # left as they were, never padded
    assert not any(w.startswith("00000") for w in written)
    assert written[5] == spaced and written[6] == zero
    siren_errors = [e for e in report["errors"] if e["field"] == "idBeneficiaire"]
    assert len(siren_errors) == 5 and all("SIREN" in e["message"] and ids.ANNUAIRE_URL in e["message"]
                                          for e in siren_errors)
    assert {r["nature"] for r in out} == {"aide en numéraire"} and {r["notificationUE"] for r in out} == {"non"}
    assert {r["datesPeriodeVersement"] for r in out} == {"2023-04-01/2023-06-30"}


@pytest.mark.parametrize("damage", ["rounded", "scientific"])
def test_prepare_reports_every_cell_of_a_damaged_column(tmp_path, damage):
    rng = random.Random(5)
    sirets, lucky = [], 0
    while lucky < 2 or len(sirets) < 12:
        siret = make_siret(rng, first=str(rng.randint(1, 9)))
        lucky += ids.is_valid_siret(rounded(siret)[:-2])
        sirets.append(siret)
    written = [rounded(s) if damage == "rounded" else f"{s[0]},{s[1:3]}E+13" for s in sirets]
    giver = make_siret(rng)
    _write(tmp_path / "aides.csv", HEADER, [_row(giver, w, i) for i, w in enumerate(written)])
    out, report = _prepare(tmp_path, tmp_path / "aides.csv", MAPPING)
    assert [r["idBeneficiaire"] for r in out] == written  # untouched: no « .0 » removed into a valid look
    flagged = {e["row_number"] for e in report["errors"] if e["field"] == "idBeneficiaire"}
    assert flagged == {r + 2 for r in range(len(written))}  # every value, the lucky ones included
    assert [d["field"] for d in report["damaged_columns"]] == ["idBeneficiaire"]
    assert not report["valid"]


def test_a_workbook_whose_siret_cells_were_numbers(tmp_path):
    """In a workbook the damage is in number cells (no « .0 » to see): the column is still recognised."""
    import openpyxl

    rng = random.Random(9)
    sirets = [make_siret(rng, first=str(rng.randint(1, 9))) for _ in range(10)]
    healthy = [make_siret(rng, first=str(rng.randint(1, 9))) for _ in range(10)]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Tableau des aides 2023"])  # a title row above the header
    sheet.append(HEADER)
    giver = make_siret(rng)
    for i, (damaged, good) in enumerate(zip(sirets, healthy)):
        row = _row(int(giver), float(int(damaged[:12]) * 100), i)  # rounded to 12 digits, stored as a number
        row[1] = int(good)  # the giver column: exact numbers, healthy
        sheet.append(row)
    book.save(tmp_path / "aides.xlsx")
    out, report = _prepare(tmp_path, tmp_path / "aides.xlsx", MAPPING)
    assert [r["idAttribuant"] for r in out] == healthy  # exact numbers read back as the SIRETs they are
    assert [d["field"] for d in report["damaged_columns"]] == ["idBeneficiaire"]
    flagged = {e["row_number"] for e in report["errors"] if e["field"] == "idBeneficiaire"}
    assert len(flagged) == 10
