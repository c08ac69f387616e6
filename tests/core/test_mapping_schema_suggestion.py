"""Schema suggestion: the catalogue ranked for a file, on the shared fixtures, every schema example file and
tables written here (vague headers, words only in the file name or the title lines)."""

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from opendata_desktop.core.mapping import suggest_schemas, suggest_schemas_for_table
from opendata_desktop.core.reading import ReadOptions, open_table
from opendata_desktop.core.schemas import default_catalogue

SHARED = Path("/work/shared")
MESSY = SHARED / "fixtures" / "messy"
SCDL = SHARED / "scdl"


def _fixtures():
    if not MESSY.exists():
        return []
    return sorted(p for p in MESSY.glob("*.truth.json"))


def _examples():
    """(catalogue name, example file) for every schema of the catalogue that ships an example."""
    names = {e.name for e in default_catalogue().entries()}
    out = []
    for source in sorted(SCDL.glob("*/source.json")) if SCDL.exists() else []:
        name = json.loads(source.read_text(encoding="utf-8")).get("catalogue_name")
        if name in names:
            out += [(name, p) for p in sorted(source.parent.rglob("*.csv"))]
    return out


@pytest.mark.parametrize("truth_path", _fixtures(), ids=lambda p: p.name.split(".")[0])
def test_the_right_schema_comes_first_for_each_shared_fixture(truth_path):
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    source = next(p for p in MESSY.glob(truth_path.name.replace(".truth.json", ".*"))
                  if not p.name.endswith((".json", ".expected.csv")))
    table = open_table(source, ReadOptions(sheet=truth.get("sheet")))
    ranked = suggest_schemas_for_table(table)
    assert ranked[0].schema == truth["schema"], [(c.schema, c.score) for c in ranked[:3]]
    assert 0 < ranked[0].score <= 1 and ranked[0].score > ranked[1].score
    assert "colonnes sur" in ranked[0].why


@pytest.mark.parametrize("name,path", _examples(), ids=lambda v: v.name if isinstance(v, Path) else v)
def test_the_right_schema_comes_first_for_each_schema_example_file(name, path):
    table = open_table(path)
    ranked = suggest_schemas(list(table.columns), table.data)
    assert ranked[0].schema == name, [(c.schema, c.score) for c in ranked[:3]]


def test_vague_headers_with_values_and_a_file_name():
    """« aides versées » is Subventions, though no header says « subvention »."""
    data = pd.DataFrame({
        "Organisme": ["Club de judo", "Comité des fêtes", "Chorale", "Amicale"],
        "N° SIRET": ["78035053400019", "39177287800016", "44259700100035", "48309112000012"],
        "Montant": ["1 500", "300", "750,50", "90"],
        "Date": ["12/03/2024", "14/03/2024", "02/04/2024", "02/04/2024"],
        "Objet": ["Fonctionnement", "Fête de la musique", "Concert", "Loto"],
    })
    ranked = suggest_schemas(list(data.columns), data, path="aides_versees_2024.xlsx")
    assert ranked[0].schema == "scdl/subventions"
    assert "aides" in ranked[0].why or "versees" in ranked[0].why


def test_words_in_the_title_lines_above_the_header(tmp_path):
    path = tmp_path / "export.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Feuil1"
    sheet.append(["Liste des délibérations du conseil municipal — année 2024"])
    sheet.append([])
    sheet.append(["N°", "Date", "Objet", "Pour", "Contre"])
    for i in range(6):
        sheet.append([f"2024-{i:03d}", f"1{i}/02/2024", f"Objet {i}", 12, i % 2])
    book.save(path)
    table = open_table(path)
    ranked = suggest_schemas_for_table(table)
    assert ranked[0].schema == "scdl/deliberations"
    assert "le titre parle de" in ranked[0].why


def test_each_candidate_has_a_score_and_a_french_reason():
    ranked = suggest_schemas(["Prénom", "Sexe", "Nombre", "Année"], None)
    assert ranked[0].schema == "scdl/prenoms"
    scores = [c.score for c in ranked]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
    assert {c.schema for c in ranked} == {e.name for e in default_catalogue().entries()}
    assert all(c.why and "schéma" in c.why for c in ranked)


def test_map_without_schema_returns_ranked_candidates(tmp_path):
    path = tmp_path / "subventions_versees.csv"
    path.write_text("COLL_NOM;COLL_SIRET;ATTRIB_NOM;ATTRIB_SIRET;SUB_OBJ;SUB_MONTANT;ACTE_DATE\n"
                    "Commune de Roques;21310458100011;Tennis club;44137080600016;Fonctionnement;2400;13/04/2017\n"
                    "Commune de Roques;21310458100011;Club de couture;81956028500010;Fonctionnement;540;13/04/2017\n",
                    encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "opendata_desktop", "map", str(path), "--json"],
                            capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == ["candidates"]
    first = data["candidates"][0]
    assert first["schema"] == "scdl/subventions" and set(first) == {"schema", "score", "why"}
    assert [c["score"] for c in data["candidates"]] == sorted((c["score"] for c in data["candidates"]), reverse=True)

    mapped = subprocess.run([sys.executable, "-m", "opendata_desktop", "map", str(path), "--schema",
                             "scdl/subventions", "--json"], capture_output=True, text=True, encoding="utf-8",
                            timeout=300)
    assert mapped.returncode == 0, mapped.stderr
    result = json.loads(mapped.stdout)
    assert result["mapping"]["ATTRIB_NOM"] == "nomBeneficiaire" and result["mapping"]["COLL_NOM"] == "nomAttribuant"
    assert result["explanations"]["COLL_SIRET"].startswith("proposée")


@pytest.mark.parametrize("name", [e.name for e in default_catalogue().entries()])
def test_a_table_titled_like_a_schema_ranks_it_first(name):
    """Every catalogue schema, including those without example files: headers are the French titles."""
    schema = default_catalogue().get(name)
    columns = list(dict.fromkeys(f.title or f.name for f in schema.fields))
    examples = {f.title or f.name: f.example for f in schema.fields}
    data = pd.DataFrame({c: [examples[c]] * 3 for c in columns})
    assert suggest_schemas(columns, data)[0].schema == name
