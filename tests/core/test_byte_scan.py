"""The byte scan before a CSV parse: line count, and no blank cell ever missed (the table finder relies
on it to skip the cell-by-cell check)."""

from __future__ import annotations

import csv
import io
import random

import pytest

from opendata_desktop.core.reading import byte_scan, open_table
from opendata_desktop.core.reading.byte_scan import scan_csv_bytes

BLANKS = [" ", "  ", "\t", "\u00a0", " \u00a0 "]
WORDS = ["Salle des fêtes", "Achat, entretien", "12,5", "oui", "Dépôt « A »", "x", "", "2024-01-31", "a b"]


def _has_blank_cell(text: str, delimiter: str) -> bool:
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return any(cell and not cell.strip(" \t\u00a0") for row in rows for cell in row)


@pytest.mark.parametrize("block", [7, 64, 4 * 1024 * 1024])
@pytest.mark.parametrize("delimiter", [";", ","])
def test_a_cell_of_blanks_anywhere_is_never_missed(tmp_path, monkeypatch, block, delimiter):
    monkeypatch.setattr(byte_scan, "_BLOCK", block)  # cells across block edges
    rng = random.Random(block * 31 + ord(delimiter))
    for trial in range(60):
        rows = [[rng.choice(WORDS) for _ in range(4)] for _ in range(rng.randint(1, 30))]
        if trial % 2:  # half the files get one blank cell somewhere, quoted or not
            row = rng.choice(rows)
            row[rng.randrange(len(row))] = rng.choice(BLANKS)
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator=rng.choice(["\n", "\r\n"]),
                            quoting=rng.choice([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
        writer.writerow(["objet", "lieu", "montant", "note"])
        writer.writerows(rows)
        text = buffer.getvalue()
        path = tmp_path / f"f{trial}.csv"
        path.write_bytes(text.encode("utf-8"))
        scan = scan_csv_bytes(path, delimiter)
        assert scan.lines == text.count("\n")
        if _has_blank_cell(text, delimiter):
            assert scan.blank_cells_possible, text


@pytest.mark.parametrize("content, expected", [
    ("a;b\n;\n", False),  # empty cells are not blank ones
    ("a;b\n1;2;", False),  # a delimiter ending the file starts an empty cell
    ("a;b\n1; ", True),  # blanks ending the file
    ("\ufeff ;b\n1;2\n", True),  # the first cell, after a byte-order mark
    ("a;b\r1; \r2;3\r", True),  # old-Mac line ends
    ("a;b\r1;x\r2;3\r", False),
    ("a;b\n1;\u00a0x\n", False),  # a no-break space before a word
    ("a,b\n" + '"Achat, entretien",1\n' * 500, False),  # « , » then a space, inside texts
])
def test_what_counts_as_a_blank_cell(tmp_path, content, expected):
    path = tmp_path / "t.csv"
    path.write_bytes(content.encode("utf-8"))
    delimiter = "," if content.startswith("a,") else ";"
    assert scan_csv_bytes(path, delimiter).blank_cells_possible is expected


def test_too_many_candidates_fall_back_to_the_full_check(tmp_path, monkeypatch):
    monkeypatch.setattr(byte_scan, "_VERIFIED_AT_MOST", 10)
    path = tmp_path / "t.csv"
    path.write_bytes(("a,b\n" + '"Achat, entretien",1\n' * 50).encode("utf-8"))
    assert scan_csv_bytes(path, ",").blank_cells_possible is True  # slower, never wrong


def test_a_row_of_blank_cells_deep_in_a_large_file_is_a_blank_row(tmp_path):
    lines = ["Salle;Ville;Places"] + [f"Salle {i};Caussade;{i}" for i in range(30_000)]
    lines[20_000] = " ; \u00a0;  "
    path = tmp_path / "salles.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = open_table(path)
    assert table.blank_rows == [20_001]
    assert table.n_rows == 29_999


def test_nul_bytes_between_the_samples_are_found_by_the_scan(tmp_path):
    rows = [f"Rue {i};{i}" for i in range(90_000)]  # > 2 x 256 KB: the NUL is in neither sample
    rows[45_000] = "Imp\x00asse;7\x00"
    path = tmp_path / "nul.csv"
    path.write_bytes(("Adresse;Numero\n" + "\n".join(rows) + "\n").encode("utf-8"))
    assert scan_csv_bytes(path, ";").nuls == 2
    table = open_table(path)
    assert table.data["Adresse"].iloc[45_000] == "Impasse" and table.data["Numero"].iloc[45_000] == "7"
    assert table.n_rows == 90_000
    assert any("2 caractère(s) nul(s)" in w for w in table.warnings)


@pytest.mark.parametrize("size", [1, 2, 3, 63, 64, 65, 66, 128, 130])
def test_blocks_ending_anywhere_count_every_line(tmp_path, monkeypatch, size):
    monkeypatch.setattr(byte_scan, "_BLOCK", 64)
    text = ("a;b\n" * 100)[:size]  # files ending on, before and after a block's edge
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode("ascii"))
    assert scan_csv_bytes(path, ";").lines == text.count("\n")
