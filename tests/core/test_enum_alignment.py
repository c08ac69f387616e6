"""Every enum of every bundled schema: each allowed value written in lower case, capitals, without accents,
in the plural, with extra words, comes back in its schema form; ambiguous inputs are proposals, never
changes. The variants are generated from the schemas, not listed by hand."""

import re

import pytest

from opendata_desktop.core.fixes.converters import fix_value
from opendata_desktop.core.formats.enums import match_enum
from opendata_desktop.core.schemas import default_catalogue
from opendata_desktop.core.textnorm import strip_accents

CATALOGUE = default_catalogue()
ENUM_FIELDS = [(entry.name, f) for entry in CATALOGUE.entries() for f in CATALOGUE.get(entry.name).fields
               if f.type == "string" and f.constraints.get("enum")]


def _plural(value: str) -> str:
    def one(word):
        if word[-1].lower() in "sxz":
            return word
        plural = "x" if word.lower().endswith("eau") else "s"
        return word + (plural.upper() if word.isupper() else plural)
    return re.sub(r"\b([A-Za-zÀ-ÿ]{3,})\b", lambda m: one(m.group(1)), value)


def variants(value: str) -> dict[str, str]:
    found = {"lower": value.lower(), "upper": value.upper(), "no accents": strip_accents(value),
             "spaces": f"  {value.replace(' ', '  ')} "}
    if re.search(r"[A-Za-zÀ-ÿ]{3,}", value):
        found["plural"] = _plural(value)
    if len(value) > 1 and re.search(r"[A-Za-zÀ-ÿ]", value) and ";" not in value and "|" not in value:
        found["extra words"] = f"{value} (voir la délibération)"
    return found


def test_every_bundled_enum_is_covered():
    assert len(ENUM_FIELDS) >= 40
    assert {name for name, _ in ENUM_FIELDS} >= {"scdl/subventions", "scdl/prenoms", "scdl/budget",
                                                 "scdl/equipements", "etalab/schema-irve-statique"}


@pytest.mark.parametrize("schema_name,field", ENUM_FIELDS, ids=[f"{s}:{f.name}" for s, f in ENUM_FIELDS])
def test_each_allowed_value_comes_back_canonical(schema_name, field):
    wrong = []
    for value in field.constraints["enum"]:
        value = str(value)
        for kind, text in variants(value).items():
            fixed = fix_value(text, field)
            got = fixed[0] if fixed else text.strip()
            if got != value:
                wrong.append((kind, text, got))
    assert not wrong, wrong


@pytest.mark.parametrize("schema_name,field,text,expected", [
    ("scdl/subventions", "nature", "Numéraire", "aide en numéraire"),
    ("scdl/subventions", "nature", "En nature", "aide en nature"),
    ("scdl/subventions", "nature", "Subvention en numéraire versée en deux fois", "aide en numéraire"),
    ("scdl/subventions", "nature", "Aide en numéraire et en nature", "aide en numéraire;aide en nature"),
    ("scdl/prenoms", "ENFANT_SEXE", "Garçon", "M"),
    ("scdl/prenoms", "ENFANT_SEXE", "fille", "F"),
    ("scdl/prenoms", "ENFANT_SEXE", "masculin", "M"),
    ("scdl/prenoms", "ENFANT_SEXE", "Féminin", "F"),
    ("scdl/prenoms", "ENFANT_SEXE", "G", "M"),
    ("scdl/prenoms", "ENFANT_SEXE", "indéterminé", "I"),
    ("scdl/budget", "BGT_NATDEC", "BP", "budget primitif"),
    ("scdl/budget", "BGT_NATDEC", "Budget primitif 2023", "budget primitif"),
    ("scdl/equipements", "EQUIP_THEME", "Equip. sportif", "Equipement sportif et de loisirs"),
    ("atlasante/schema-dae", "acc", "int.", "Intérieur"),
])
def test_synonyms_abbreviations_and_the_enums_own_words(schema_name, field, text, expected):
    assert fix_value(text, CATALOGUE.get(schema_name).field(field))[0] == expected


@pytest.mark.parametrize("schema_name,field,text", [
    ("etalab/schema-irve-statique", "implantation_station", "Parking privé"),  # two « parking privé » values
    ("etalab/schema-irve-statique", "implantation_station", "parking"),
    ("scdl/catalogue", "FREQ_MAJ", "plusieurs fois"),
])
def test_ambiguous_inputs_are_proposals_with_candidates(schema_name, field, text):
    f = CATALOGUE.get(schema_name).field(field)
    assert fix_value(text, f) is None
    match = match_enum(text, f.constraints["enum"], f.description)
    assert match.value is None and len(match.candidates) >= 2
    assert set(match.candidates) <= set(f.constraints["enum"])


@pytest.mark.parametrize("schema_name,field,text", [
    ("scdl/subventions", "nature", "aide"),  # could be either
    ("scdl/subventions", "nature", "pas en numéraire"),  # a negation is not the value
    ("atlasante/schema-dae", "etat_fonct", "service"),  # « Hors service » is not « service »
    ("atlasante/schema-dae", "etat", "identifié"),  # nor « Non identifié »
    ("scdl/prenoms", "ENFANT_SEXE", "X"),
    ("scdl/equipements", "EQUIP_THEME", "Equipement"),
])
def test_no_guess(schema_name, field, text):
    assert fix_value(text, CATALOGUE.get(schema_name).field(field)) is None


def test_rules_hold_on_an_enum_invented_here():
    allowed = ["Piste cyclable", "Bande cyclable", "Voie verte", "Zone de rencontre"]
    assert match_enum("PISTES CYCLABLES", allowed).value == "Piste cyclable"
    assert match_enum("voie verte départementale", allowed).value == "Voie verte"
    assert match_enum("zone rencontre", allowed).value == "Zone de rencontre"
    assert match_enum("cyclable", allowed).candidates == ("Piste cyclable", "Bande cyclable")
    assert match_enum("ZR", allowed).value == "Zone de rencontre"
    assert match_enum("autoroute", allowed).value is None
    yes_no = ["oui", "non"]
    assert [match_enum(t, yes_no).value for t in ("O", "N", "yes", "Faux", "1", "0")] == \
        ["oui", "non", "oui", "non", "oui", "non"]


from opendata_desktop.core.formats.enums import pattern_vocabulary  # noqa: E402

LIST_FIELDS = [(entry.name, f) for entry in CATALOGUE.entries() for f in CATALOGUE.get(entry.name).fields
               if f.type == "string" and pattern_vocabulary(f.constraints.get("pattern", ""))]


def test_lists_written_as_patterns_are_found():
    assert len(LIST_FIELDS) >= 8  # médiation numérique, arrêtés, DAE, aires de livraison
    assert pattern_vocabulary(r"^https?://(?:[a-z]+\.)+(?:/[^/]+)+\.(?:jpg|png)") is None  # part of a bigger pattern
    assert pattern_vocabulary(r"^(\+33|\+590)(\d){6,9}$") is None


@pytest.mark.parametrize("schema_name,field", LIST_FIELDS, ids=[f"{s}:{f.name}" for s, f in LIST_FIELDS])
def test_each_listed_word_and_a_list_of_two_come_back_in_the_pattern_form(schema_name, field):
    atoms, separator = pattern_vocabulary(field.constraints["pattern"])
    wrong = []
    for atom in atoms:
        for text in (atom.lower(), atom.upper(), strip_accents(atom)):
            fixed = fix_value(text, field)
            got = fixed[0] if fixed else text
            if got != atom:
                wrong.append((text, got))
    assert not wrong, wrong
    first, second = [a for a in atoms if len(a) > 1 and "non renseign" not in a][:2]
    written = f"{first.lower()}, {strip_accents(second)}"
    fixed = fix_value(written, field)
    got = fixed[0] if fixed else written  # « a, b » may already be the pattern's form
    assert re.fullmatch(field.constraints["pattern"], got)
    assert re.split(r"\s*[|,]\s*", got) == [first, second]
