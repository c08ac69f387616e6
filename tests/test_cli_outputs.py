"""Output paths and exit codes through the command line: the source is never overwritten, a folder or a
protected file is refused (exit 2), a full disk is exit 3 and leaves nothing half-written."""

import errno
import hashlib
import os
import stat
import subprocess
import sys

import pytest

from opendata_desktop import cli

SOURCE = ("nomAttribuant;idAttribuant;dateConvention;nomBeneficiaire;montant\n"
          "Commune de Vic;21810120500015;2024-02-01;Club de judo;1200\n"
          "Commune de Vic;21810120500015;2024-03-11;Harmonie;800\n")


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "opendata_desktop", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", cwd=cwd, timeout=300)


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def source(tmp_path):
    folder = tmp_path / "donnees"
    folder.mkdir()
    path = folder / "aides.csv"
    path.write_text(SOURCE, encoding="utf-8")
    return path


def _refused(result, source, before):
    assert result.returncode == 2, result.stderr
    assert digest(source) == before
    assert "Erreur interne" not in result.stderr


def test_prepare_output_on_the_source_is_refused(source):
    before = digest(source)
    _refused(run("prepare", source, "--schema", "scdl/subventions", "-o", source), source, before)


def test_prepare_report_on_the_source_is_refused(source, tmp_path):
    before = digest(source)
    result = run("prepare", source, "--schema", "scdl/subventions", "-o", tmp_path / "sortie.csv",
                 "--report", source)
    _refused(result, source, before)
    assert not (tmp_path / "sortie.csv").exists()  # refused before anything is written


def test_anonymise_output_spelled_another_way_is_refused(source, tmp_path):
    before = digest(source)
    other = tmp_path / "ailleurs"
    other.mkdir()
    result = run("anonymise", source, "-o", f"../donnees/{source.name}", cwd=other)
    _refused(result, source, before)
    assert "fichier d'origine" in result.stderr


def test_output_through_a_link_to_the_source_is_refused(source, tmp_path):
    link = tmp_path / "lien.csv"
    link.symlink_to(source)
    before = digest(source)
    _refused(run("prepare", source, "--schema", "scdl/subventions", "-o", link), source, before)


def test_validate_excel_report_on_the_workbook_is_refused(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    for row in SOURCE.strip().split("\n"):
        book.active.append(row.split(";"))
    path = tmp_path / "classeur.xlsx"
    book.save(path)
    before = digest(path)
    _refused(run("validate", path, "--schema", "scdl/subventions", "--report-xlsx", path), path, before)


def test_read_only_output_is_refused_not_replaced(source, tmp_path):
    out = tmp_path / "publie.csv"
    out.write_text("version validée par le maire\n", encoding="utf-8")
    out.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    try:
        result = run("prepare", source, "--schema", "scdl/subventions", "-o", out)
        assert result.returncode == 2, result.stderr
        assert "protégé en écriture" in result.stderr
        assert out.read_text(encoding="utf-8") == "version validée par le maire\n"
    finally:
        out.chmod(stat.S_IWUSR | stat.S_IRUSR)


def test_output_that_is_a_folder_says_so(source, tmp_path):
    folder = tmp_path / "sorties"
    folder.mkdir()
    result = run("prepare", source, "--schema", "scdl/subventions", "-o", folder)
    assert result.returncode == 2, result.stderr
    assert "est un dossier" in result.stderr
    assert ".tmp" not in result.stderr and "temporaire" not in result.stderr
    assert list(folder.iterdir()) == []


def test_output_in_a_missing_folder_is_a_usage_error(source, tmp_path):
    result = run("anonymise", source, "-o", tmp_path / "absent" / "sortie.csv")
    assert result.returncode == 2, result.stderr
    assert "n'existe pas" in result.stderr


def test_disk_full_exits_3_and_leaves_nothing_half_written(source, tmp_path, monkeypatch, capsys):
    out = tmp_path / "sortie.csv"
    out.write_text("ancienne version\n", encoding="utf-8")

    def full_disk(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full_disk)  # the moment the OS reports the disk full
    code = cli.main(["prepare", str(source), "--schema", "scdl/subventions", "-o", str(out)])
    assert code == 3
    assert "Disque plein" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "ancienne version\n"  # the previous file is intact
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_unreadable_inputs_exit_3_with_french_messages(tmp_path):
    cases = {
        "vide.csv": b"",
        "rapport.xlsx": b"%PDF-1.7 ...",
        "bruit.csv": bytes((i * 97 + 13) % 255 + 1 for i in range(40_000)),
        "coupe.xlsx": b"PK\x03\x04" + b"\x14\x00" * 40,
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        result = run("inspect", path, "--json")
        assert result.returncode == 3, (name, result.stderr)
        assert "Erreur interne" not in result.stderr, name
        assert '"error"' in result.stdout, name
