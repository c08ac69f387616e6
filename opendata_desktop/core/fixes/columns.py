"""Column-level proposals: the repetitive work done in one action (one operation, one undo step).

- fill the empty cells of a field (the schema's default, the column's majority value, an allowed value,
  the commune's remembered constant): `fill_proposals`, `fill_operation`;
- derive a field from another (ACTES « matière » from its code, the code from the label, SIREN from
  SIRET, INSEE code from the commune's name): `derive_proposals`;
- « appliquer à toutes les cellules identiques » after one manual correction: `same_cells_operation`;
- find/replace in a column: `find_replace_operation`.

Each proposal carries the document revision and the values it saw, so an operation built from it leaves
alone the cells changed since (see core.operations).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from opendata_desktop.core.errors import UsageError
from opendata_desktop.core.fixes.auto import identifier_kinds
from opendata_desktop.core.formats import identifiers as ids
from opendata_desktop.core.formats import nomenclatures as nom
from opendata_desktop.core.operations import (AddConstantColumn, Operation, ReplaceCells, ReplayError, SetCells,
                                              register_rule_replayer)
from opendata_desktop.core.textnorm import compact, fold
from opendata_desktop.core.validation.cells import OK, CellChecker


@dataclass
class ColumnProposal:
    """One action offered on a whole column (« Remplir les 53 cellules vides par « non » »)."""

    label: str  # French, what the button says
    field: str
    column: str | None  # source column (None: the field has no column yet)
    rule: str  # fill, derive-actes-label, derive-actes-code, derive-siren, derive-insee
    row_ids: list[int] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    expected: list[str] = field(default_factory=list)
    revision: int = 0
    source: str = ""  # where the value comes from: « valeur majoritaire », « paramètres de la commune »…
    left: int = 0  # cells the proposal cannot fill (e.g. an ambiguous commune name)

    def operation(self) -> Operation:
        if self.column is None:
            return AddConstantColumn(self.field, self.values[0] if self.values else "")
        if self.values and all(v == self.values[0] for v in self.values) and not self.rule.startswith("derive"):
            return ReplaceCells(self.column, self.row_ids, self.values[0], self.label.rstrip("."),
                                expected=self.expected, rule=self.rule)
        return SetCells(self.column, self.row_ids, self.values, self.label.rstrip("."), rule=self.rule,
                        expected=self.expected)


def _row_ids(document) -> np.ndarray:
    row_ids = getattr(document, "row_ids", None)
    return np.arange(len(document.table)) if row_ids is None else np.asarray(row_ids)


def _empty_positions(document, column: str) -> list[int]:
    missing = set(document.schema.missing_values) | {""}
    values = document.table[column].astype(str).str.strip()
    return [i for i, v in enumerate(values) if v in missing]


def _field(document, name: str):
    try:
        return document.schema.field(name)
    except KeyError:
        raise UsageError(f"Le champ « {name} » n'existe pas dans le schéma {document.schema.name}.",
                         "Les noms des champs sont listés par la commande « schemas » et dans l'application.") from None


# -- fill ----------------------------------------------------------------------------------------

def fill_operation(document, field_name: str, value: str, only_empty: bool = True) -> Operation | None:
    """Put `value` in the empty cells of a field (`only_empty`) or in all its cells; a field without a
    column gets one. None when there is nothing to fill."""
    _field(document, field_name)
    column = document.mapping.column_for(field_name)
    if column is None or column not in document.table.columns:
        return AddConstantColumn(field_name, value)
    positions = _empty_positions(document, column) if only_empty else list(range(len(document.table)))
    current = document.table[column].astype(str).to_numpy()
    positions = [p for p in positions if current[p] != value]
    if not positions:
        return None
    rule = "fill" if only_empty else "set"
    what = "remplissage des cellules vides" if only_empty else "même valeur pour toute la colonne"
    return ReplaceCells(column, [int(i) for i in _row_ids(document)[positions]], value, f"{what} par « {value} »",
                        expected=[str(current[p]) for p in positions], rule=rule)


def _commune_constant(f, settings) -> tuple[str, str] | None:
    """The commune's remembered value for a field about the commune itself (its name, SIRET, INSEE code)."""
    if settings is None:
        return None
    words = set(fold(f"{f.name} {f.title}").split()) | {compact(f.name)}
    about_commune = bool(words & {"coll", "collectivite", "commune", "attribuant", "producteur", "collnom",
                                  "collsiret", "collinsee", "communenom", "nomattribuant", "idattribuant"})
    kind = ids.SIRET if "siret" in compact(f.name) or "attribuant" in compact(f.name) and f.name.startswith("id") \
        else ids.INSEE if "insee" in compact(f.name) else None
    if kind == ids.SIRET and about_commune and settings.commune_siret:
        return settings.commune_siret, "SIRET de la commune (paramètres)"
    if kind == ids.INSEE and settings.commune_insee:
        return settings.commune_insee, "code INSEE de la commune (paramètres)"
    if kind is None and about_commune and "nom" in fold(f.name + " " + f.title) and settings.commune_name:
        return settings.commune_name, "nom de la commune (paramètres)"
    return None


def fill_proposals(document, field_name: str, settings=None) -> list[ColumnProposal]:
    """Ways to fill the empty cells of a field, best first: the schema's default, the commune's remembered
    constant, the column's majority value, each allowed value (enum or yes/no)."""
    f = _field(document, field_name)
    column = document.mapping.column_for(field_name)
    has_column = column is not None and column in document.table.columns
    positions = _empty_positions(document, column) if has_column else list(range(len(document.table)))
    if not positions:
        return []
    checker = CellChecker(f, document.schema.missing_values)
    options: list[tuple[str, str]] = []
    default = f.raw.get("default") if isinstance(f.raw, dict) else None
    if default not in (None, ""):
        options.append((str(default), "valeur par défaut du schéma"))
    constant = _commune_constant(f, settings)
    if constant:
        options.append(constant)
    if has_column:
        filled = [v for v in document.table[column].astype(str).str.strip() if v and v not in document.schema.missing_values]
        if filled:
            value, count = Counter(filled).most_common(1)[0]
            if count * 2 > len(filled) and checker.check(value)[0] == OK:
                options.append((value, f"valeur majoritaire de la colonne ({count} sur {len(filled)})"))
    choices = [str(v) for v in f.constraints.get("enum", [])]
    if f.type == "boolean":
        choices = [f.true_values[0], f.false_values[0]]
    options += [(v, "valeur autorisée") for v in choices]
    row_ids = [int(i) for i in _row_ids(document)[positions]]
    current = document.table[column].astype(str).to_numpy()[positions].tolist() if has_column else []
    seen, proposals = set(), []
    for value, source in options:
        if value in seen or checker.check(value)[0] != OK:
            continue
        seen.add(value)
        label = (f"Remplir les {len(positions)} cellule(s) vide(s) de « {column} » par « {value} »" if has_column
                 else f"Ajouter le champ {f.label} avec « {value} » sur chaque ligne")
        proposals.append(ColumnProposal(label, field_name, column if has_column else None, "fill", row_ids,
                                        [value] * len(row_ids), current, getattr(document, "revision", 0), source))
    return proposals


# -- derive --------------------------------------------------------------------------------------

def _actes_fields(schema) -> tuple[str | None, str | None]:
    """(code field, label field) of the ACTES nomenclature in a schema."""
    label = next((c.get("params", {}).get("column") for c in schema.custom_checks
                  if c.get("name") == "nomenclature-actes-value"), None)
    code = next((f.name for f in schema.fields if f.name != label and _accepts(f, "7.1") and _accepts(f, "9.4")
                 and not _accepts(f, "2024")), None)
    return code, label


def _accepts(f, sample: str) -> bool:
    pattern = f.constraints.get("pattern")
    try:
        return bool(pattern) and re.fullmatch(pattern, sample) is not None
    except re.error:
        return False


def _needs_value(document, column: str, f) -> np.ndarray:
    """Cells of `column` that are empty or fail the field's checks (never overwrite a good value)."""
    checker = CellChecker(f, document.schema.missing_values)
    values = document.table[column].astype(str).to_numpy()
    actes = f.name == _actes_fields(document.schema)[1]
    return np.array([v.strip() in ("", *document.schema.missing_values) or checker.check(v)[0] != OK
                     or (actes and not nom.is_actes_matter(v)) for v in values], dtype=bool)


def _derive(document, target: str, source: str, rule: str, compute: Callable[[str, int], str | None],
            label: str) -> ColumnProposal | None:
    target_column = document.mapping.column_for(target)
    source_column = document.mapping.column_for(source)
    if source_column is None or source_column not in document.table.columns:
        return None
    if target_column is None or target_column not in document.table.columns:
        return None  # the field needs a column first (« Ajouter le champ ») — the mapping step offers it
    f = document.schema.field(target)
    checker = CellChecker(f, document.schema.missing_values)
    wanted = np.flatnonzero(_needs_value(document, target_column, f))
    sources = document.table[source_column].astype(str).to_numpy()
    current = document.table[target_column].astype(str).to_numpy()
    positions, values, left = [], [], 0
    for p in wanted:
        value = compute(sources[p].strip(), int(p)) if sources[p].strip() else None
        if value is None or checker.check(value)[0] != OK:
            left += bool(sources[p].strip())
            continue
        positions.append(int(p))
        values.append(value)
    if not positions:
        return None
    return ColumnProposal(f"{label} : {len(positions)} cellule(s) de « {target_column} » d'après « {source_column} »",
                          target, target_column, rule, [int(i) for i in _row_ids(document)[positions]], values,
                          [str(current[p]) for p in positions], getattr(document, "revision", 0),
                          f"colonne « {source_column} »", left)


def _best_source(document, target: str, candidates: list[str]) -> str | None:
    """Among fields of the right kind, the one whose name shares most words with the target's (expt_siren ->
    expt_siret); None when two are equally close."""
    def words(name):
        return set(re.split(r"[_\W]+|(?<=[a-z])(?=[A-Z])", name.lower())) - {"", "siret", "siren", "id"}
    mapped = [c for c in candidates if document.mapping.column_for(c)]
    if len(mapped) == 1:
        return mapped[0]
    scored = sorted(((len(words(c) & words(target)), c) for c in mapped), reverse=True)
    if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return scored[0][1]


def derive_proposals(document) -> list[ColumnProposal]:
    """Every field that another mapped field determines, for its empty or wrong cells."""
    schema = document.schema
    proposals: list[ColumnProposal | None] = []
    code_field, label_field = _actes_fields(schema)
    if code_field and label_field:
        proposals.append(_derive(document, label_field, code_field, "derive-actes-label",
                                 lambda v, _: nom.actes_matter(v), "Matière ACTES d'après son code"))
        proposals.append(_derive(document, code_field, label_field, "derive-actes-code",
                                 lambda v, _: nom.actes_code_of(v), "Code ACTES d'après la matière"))
    kinds = identifier_kinds(schema)
    sirets = [n for n, k in kinds.items() if k == ids.SIRET]
    for name, kind in kinds.items():
        if kind == ids.SIREN:
            source = _best_source(document, name, sirets)
            if source:
                proposals.append(_derive(document, name, source, "derive-siren", _siren_of, "SIREN d'après le SIRET"))
        if kind == ids.INSEE:
            proposal = _derive_insee(document, name)
            proposals.append(proposal)
    return [p for p in proposals if p is not None]


def _siren_of(siret: str, _row: int) -> str | None:
    repair = ids.repair_identifier(siret, ids.SIRET)
    value = repair.value if repair.value else None
    return value[:9] if value and ids.is_valid_siret(value) else None


def _commune_fields(schema, insee_field: str) -> tuple[str | None, str | None]:
    """(commune name field, postcode field) beside an INSEE code field."""
    name = postcode = None
    for f in schema.fields:
        words = fold(f"{f.name} {f.title}").split()
        if f.name == insee_field or f.type != "string":
            continue
        if postcode is None and ("postal" in words or "codepostal" in compact(f.name)):
            postcode = f.name
        elif name is None and ({"commune", "ville", "localite"} & set(words)) and "code" not in words \
                and "insee" not in words and "siret" not in compact(f.name):
            name = f.name
    return name, postcode


def _derive_insee(document, insee_field: str) -> ColumnProposal | None:
    name_field, postcode_field = _commune_fields(document.schema, insee_field)
    if name_field is None:
        return None
    postcode_column = document.mapping.column_for(postcode_field) if postcode_field else None
    postcodes = document.table[postcode_column].astype(str).to_numpy() if postcode_column in document.table.columns \
        else None

    def compute(name: str, row: int) -> str | None:
        postcode = postcodes[row].strip() if postcodes is not None else None
        if postcode:
            repaired = ids.repair_identifier(postcode, ids.POSTCODE)
            postcode = repaired.value or postcode
        found = nom.communes_named(name, postcode=postcode or None)
        return found[0].code if len(found) == 1 else None  # homonyms without a postcode: left to the person

    return _derive(document, insee_field, name_field, "derive-insee", compute, "Code INSEE d'après le nom de la commune")


# -- one correction, all identical cells; find/replace ---------------------------------------------

def same_cells_operation(document, column: str, before: str, after: str) -> ReplaceCells | None:
    """« Appliquer à toutes les cellules identiques »: every other cell of `column` that still holds `before`."""
    values = document.table[column].astype(str).to_numpy()
    positions = np.flatnonzero(values == before)
    if not len(positions):
        return None
    return ReplaceCells(column, [int(i) for i in _row_ids(document)[positions]], after,
                        f"« {before} » remplacé par « {after} » partout", expected=[before] * len(positions),
                        rule="same-cells")


def find_replace_operation(document, column: str, find: str, replace: str, *, whole_cell: bool = False,
                           ignore_case: bool = False) -> SetCells | None:
    """Replace `find` by `replace` in a column (inside the cells, or whole cells only)."""
    if not find:
        return None
    values = document.table[column].astype(str).to_numpy()
    flags = re.I if ignore_case else 0
    pattern = re.compile(rf"^{re.escape(find)}$" if whole_cell else re.escape(find), flags)
    positions, new = [], []
    for i, value in enumerate(values):
        changed = pattern.sub(replace.replace("\\", "\\\\"), value)
        if changed != value:
            positions.append(i)
            new.append(changed)
    if not positions:
        return None
    return SetCells(column, [int(i) for i in _row_ids(document)[positions]], new,
                    f"remplacement de « {find} » par « {replace} »", rule="find-replace",
                    expected=[str(values[p]) for p in positions])


# -- replay on another file -------------------------------------------------------------------------

def _replay_derive(entry: dict, doc, context):
    """A derivation is recomputed on the new file (same rule, same target column)."""
    rule = entry.get("rule", "")
    for proposal in derive_proposals(doc):
        if proposal.rule == rule and proposal.column == entry.get("column"):
            return proposal.operation()
    raise ReplayError("plus rien à déduire de cette façon dans ce fichier")


register_rule_replayer("derive-", _replay_derive)
