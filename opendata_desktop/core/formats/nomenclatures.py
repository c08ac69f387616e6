"""The official lists shipped in resources/nomenclatures: ACTES matters, communes (INSEE COG).

Both are read once, lazily (the communes list is 35,000 rows: only read when a commune is looked up).
"""

from __future__ import annotations

import csv
import gzip
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from opendata_desktop.core.textnorm import fold


def _resource(name: str):
    return resources.files("opendata_desktop.resources").joinpath("nomenclatures", name)


# -- ACTES ---------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def actes_labels() -> dict[str, str]:
    """ACTES code -> label: « 7 » -> « Finances locales », « 7.1 » -> « Décisions budgétaires »."""
    text = _resource("actes.csv").read_text(encoding="utf-8")
    return {row["code"]: row["libelle"] for row in csv.DictReader(io.StringIO(text), delimiter=";")}


def actes_code_form(text: str) -> str | None:
    """« 7.1 », « 7,1 », « 07.1 », « 7.10 » -> the code as the nomenclature writes it; None if unknown."""
    cleaned = text.strip().replace(",", ".").replace(" ", "")
    parts = cleaned.split(".")
    if not 1 <= len(parts) <= 2 or not all(p.isdigit() for p in parts):
        return None
    code = ".".join(str(int(p)) for p in parts)
    return code if code in actes_labels() else None


def actes_matter(code: str) -> str | None:
    """The `nomenclature-actes-value` form « Matière/Sous-matière » of a level-2 code (« 7.1 »)."""
    code = actes_code_form(code) or ""
    if "." not in code:
        return None
    labels = actes_labels()
    return f"{labels[code.split('.')[0]]}/{labels[code]}"


def is_actes_matter(value: str) -> bool:
    """« Matière/Sous-matière » with a known level-1 matter (Validata's `nomenclature-actes-value`)."""
    prefix, slash, rest = value.partition("/")
    level1 = {fold(name) for code, name in actes_labels().items() if "." not in code}
    return bool(slash) and prefix == prefix.rstrip() and rest == rest.lstrip() and fold(prefix) in level1


def actes_code_of(label: str) -> str | None:
    """The level-2 code of « Finances locales/Décisions budgétaires » or of « Décisions budgétaires » alone."""
    wanted = fold(label.split("/", 1)[1] if "/" in label else label)
    if not wanted:
        return None
    head = fold(label.split("/", 1)[0]) if "/" in label else None
    labels = actes_labels()
    found = [code for code, name in labels.items() if "." in code and fold(name) == wanted
             and (head is None or fold(labels[code.split(".")[0]]) == head)]
    return found[0] if len(found) == 1 else None


# -- communes (INSEE COG) -------------------------------------------------------------------------

@dataclass(frozen=True)
class Commune:
    code: str  # INSEE code (« 01001 », « 2A004 »)
    name: str
    kind: str  # A actuelle, D déléguée, S associée, M arrondissement municipal
    department: str
    siren: str
    postcodes: tuple[str, ...]

    @property
    def current(self) -> bool:
        return self.kind == "A"


@dataclass(frozen=True)
class _Communes:
    by_code: dict[str, list[Commune]]
    by_name: dict[str, list[Commune]]
    postcodes: frozenset[str]


@lru_cache(maxsize=1)
def _communes() -> _Communes:
    raw = gzip.decompress(_resource("communes.csv.gz").read_bytes()).decode("utf-8")
    by_code: dict[str, list[Commune]] = {}
    by_name: dict[str, list[Commune]] = {}
    postcodes: set[str] = set()
    for row in csv.DictReader(io.StringIO(raw), delimiter=";"):
        commune = Commune(row["code"], row["nom"], row["type"], row["departement"], row["siren"],
                          tuple(row["codes_postaux"].split()))
        by_code.setdefault(commune.code, []).append(commune)
        by_name.setdefault(commune_key(commune.name), []).append(commune)
        postcodes.update(commune.postcodes)
    return _Communes(by_code, by_name, frozenset(postcodes))


def commune_key(name: str) -> str:
    """« Saint-Étienne », « ST ETIENNE », « st-etienne » -> one key (accents, case, « St », « Ste »)."""
    words = fold(name).split()
    words = ["saint" if w == "st" else "sainte" if w == "ste" else w for w in words]
    return " ".join(words)


def commune_by_code(code: str) -> Commune | None:
    found = _communes().by_code.get(code.strip().upper())
    if not found:
        return None
    return next((c for c in found if c.current), found[0])


def known_insee_code(code: str) -> bool:
    return code.strip().upper() in _communes().by_code


def known_postcode(code: str) -> bool:
    return code.strip() in _communes().postcodes


def communes_named(name: str, postcode: str | None = None, department: str | None = None) -> list[Commune]:
    """Current communes with this name (several in France share one: « Saint-Martin »), narrowed by a
    postcode or a department when given. Communes déléguées count only when no current one matches."""
    found = _communes().by_name.get(commune_key(name), [])
    if postcode:
        found = [c for c in found if postcode.strip() in c.postcodes]
    if department:
        dep = department.strip().upper().zfill(2)
        found = [c for c in found if c.department == dep]
    current = [c for c in found if c.current]
    return current or found
