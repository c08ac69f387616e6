"""Find the fixes a document needs, grouped so that a person can read and apply them at once:
« Conversion des dates au format AAAA-MM-JJ : 25 cellules de la colonne Date de la convention ».

Safe fixes (`safe=True`) are certain and `prepare` applies them; the others are proposals the person
confirms: a choice between several allowed values, the nearest allowed value, a shortened text.
Every proposal carries the document revision it was computed on and the values it saw (`expected`),
so an operation built from a stale proposal leaves alone the cells changed since.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from opendata_desktop.core.fixes.converters import (LABELS, fix_value, identifier_kind, nearest_enum,
                                                    schema_identifier_checks)
from opendata_desktop.core.formats import identifiers as ids
from opendata_desktop.core.formats.enums import match_enum
from opendata_desktop.core.formats.text import shorten_at_word
from opendata_desktop.core.operations import CompoundOperation, SetCells
from opendata_desktop.core.validation.cells import OK, CellChecker

LABELS = {**LABELS, "enum-choice": "choix d'une valeur autorisée (plusieurs possibles)",
          "shorten": "raccourcissement du texte trop long (à vérifier)"}


@dataclass
class FixProposal:
    column: str  # source column
    field: str  # schema field
    converter: str  # the rule (« date », « identifier », « enum »…)
    rows: list[int]  # row ids (doc.row_ids), not positions
    values: list[str]
    examples: list[tuple[str, str]] = field(default_factory=list)  # (before, after), for the preview
    safe: bool = True  # False: a guess the person confirms (never applied by `prepare`)
    expected: list[str] = field(default_factory=list)  # the values the proposal saw, one per row
    revision: int = 0  # doc.revision it was computed on
    candidates: tuple[str, ...] = ()  # « enum-choice »: the allowed values that could be meant

    @property
    def label(self) -> str:
        return LABELS.get(self.converter, self.converter)

    @property
    def rule(self) -> str:
        return self.converter

    @property
    def row_ids(self) -> list[int]:
        return self.rows

    def operation(self) -> SetCells:
        if self.converter == "enum-choice" and not any(self.values):
            raise ValueError("choose one of the candidates first (with_choice)")
        return SetCells(self.column, list(self.rows), list(self.values), self.label, rule=self.converter,
                        expected=list(self.expected) if self.expected else None)

    def with_choice(self, value: str) -> "FixProposal":
        """The « enum-choice » proposal once the person picked one of its candidates."""
        return FixProposal(self.column, self.field, self.converter, list(self.rows), [value] * len(self.rows),
                           [(b, value) for b, _ in self.examples], False, list(self.expected), self.revision)


def siret_fields(schema) -> frozenset[str]:
    return frozenset(c.get("params", {}).get("column") for c in schema.custom_checks
                     if c.get("name") == "french-siret-value")


def _row_ids(document) -> np.ndarray:
    ids_ = getattr(document, "row_ids", None)
    return np.arange(len(document.table)) if ids_ is None else np.asarray(ids_)


def identifier_kinds(schema) -> dict[str, str]:
    """{field: kind} for every identifier field of the schema (declared checks, then names and patterns)."""
    checks = schema_identifier_checks(schema)
    kinds = {}
    for f in schema.fields:
        kind = identifier_kind(f, checks)
        if kind:
            kinds[f.name] = kind
    return kinds


def damaged_columns(document) -> dict[str, ids.ColumnDamage]:
    """Source columns of identifiers that went through a number cell and lost digits (see formats.identifiers)."""
    found = {}
    kinds = identifier_kinds(document.schema)
    empty = frozenset(document.schema.missing_values)
    for column, field_name in document.mapping.columns.items():
        if field_name in kinds and column in document.table.columns:
            damage = ids.column_damage(document.table[column].astype(str).tolist(), kinds[field_name], column, empty)
            if damage:
                found[column] = damage
    return found


def propose_fixes(document, include_guesses: bool = False, include_choices: bool = False) -> list[FixProposal]:
    """Every safe fix for the mapped columns, one proposal per (column, kind of fix); with
    `include_guesses`, also the proposals the person confirms (nearest values, shortenings); with
    `include_choices`, the « enum-choice » proposals (several allowed values fit: `candidates`, and
    `with_choice(value)` once the person picked one — their own `values` are empty until then)."""
    schema = document.schema
    kinds = identifier_kinds(schema)
    damaged = damaged_columns(document)
    row_ids = _row_ids(document)
    revision = getattr(document, "revision", 0)
    proposals: list[FixProposal] = []
    for column, field_name in document.mapping.columns.items():
        if not field_name or column not in document.table.columns or column in damaged:
            continue  # a damaged identifier column is left as it is: every value is reported, none fixed
        f = schema.field(field_name)
        values = document.table[column].astype(str)
        codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=False)
        texts = [str(u) for u in uniques]
        fixes: list[tuple | None] = [fix_value(t, f, kinds) for t in texts]
        _respect_column_conventions(texts, fixes)
        choices: dict[int, tuple[str, ...]] = {}
        if include_guesses or include_choices:
            _guesses(f, schema, texts, fixes, choices)
            if not include_guesses:
                fixes = [x if x is None or x[1] not in ("nearest", "shorten") else None for x in fixes]
            if not include_choices:
                choices.clear()
        rows_by_code: dict[int, list[int]] = defaultdict(list)
        for position, code in enumerate(codes):
            if fixes[code] is not None or code in choices:
                rows_by_code[int(code)].append(position)
        grouped: dict[str, FixProposal] = {}
        for code, positions in rows_by_code.items():
            if code in choices:  # one proposal per written value: the person picks among its candidates
                proposals.append(FixProposal(column, field_name, "enum-choice", [int(i) for i in row_ids[positions]],
                                             [""] * len(positions), [(texts[code], " | ".join(choices[code]))],
                                             safe=False, expected=[texts[code]] * len(positions),
                                             revision=revision, candidates=choices[code]))
                continue
            new, converter = fixes[code]
            proposal = grouped.setdefault(converter, FixProposal(
                column, field_name, converter, [], [], safe=converter not in ("nearest", "shorten"), revision=revision))
            proposal.rows.extend(int(i) for i in row_ids[positions])
            proposal.values.extend([new] * len(positions))
            proposal.expected.extend([texts[code]] * len(positions))
            if len(proposal.examples) < 3:
                proposal.examples.append((texts[code], new))
        for proposal in grouped.values():
            order = sorted(range(len(proposal.rows)), key=proposal.rows.__getitem__)
            proposal.rows = [proposal.rows[i] for i in order]
            proposal.values = [proposal.values[i] for i in order]
            proposal.expected = [proposal.expected[i] for i in order]
            proposals.append(proposal)
    return proposals


_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?!\d)")
_AMBIGUOUS_THOUSANDS = re.compile(r"^[+-]?\d{1,3},\d{3}$")
_ENGLISH_NUMBER = re.compile(r"^[+-]?\d{1,3}(,\d{3})+\.\d+$")
_FRENCH_NUMBER = re.compile(r"^[+-]?\d{1,3}([.\s\u00a0\u202f]\d{3})+,\d+$|^[+-]?\d+,\d{1,2}$")


def _respect_column_conventions(texts: list[str], fixes: list) -> None:
    """A value is read the way its column is written. Where the column shows month-first dates (« 03/25/2024 »)
    a « 03/04/2024 » is not converted day-first; where it shows English numbers (« 1,234.50 ») a « 1,234 » is
    not read as 1.234. Those values are left for the person (they fail validation, nothing is invented)."""
    day_first = month_first = False
    english = french = False
    for text in texts:
        for a, b, _ in _NUMERIC_DATE.findall(text):
            day_first |= int(a) > 12
            month_first |= int(b) > 12
        english |= bool(_ENGLISH_NUMBER.match(text.strip()))
        french |= bool(_FRENCH_NUMBER.match(text.strip()))
    for i, text in enumerate(texts):
        if fixes[i] is None:
            continue
        rule = fixes[i][1]
        if rule in ("date", "datetime", "period") and month_first:
            if any(int(a) <= 12 and int(b) <= 12 for a, b, _ in _NUMERIC_DATE.findall(text)):
                fixes[i] = None
        elif rule in ("number", "integer") and english and not french and _AMBIGUOUS_THOUSANDS.match(text.strip()):
            fixes[i] = None


def _guesses(f, schema, texts: list[str], fixes: list, choices: dict) -> None:
    """Fill `fixes` with unsafe guesses and `choices` with ambiguous enum values, for values still failing."""
    checker = CellChecker(f, schema.missing_values)
    enum = f.constraints.get("enum")
    max_length = f.constraints.get("maxLength")
    for i, text in enumerate(texts):
        if fixes[i] is not None or checker.check(text)[0] == OK:
            continue
        if enum and f.type == "string":
            match = match_enum(text, enum, f.description)
            if len(match.candidates) > 1:
                choices[i] = match.candidates
                continue
            guess = nearest_enum(text, f)
            fixes[i] = (guess, "nearest") if guess else None
        elif max_length and int(max_length) >= 40 and len(text) > int(max_length) and " " in text:
            # Free text only (a code of 5 characters is not shortened), and only if most of it stays.
            short = shorten_at_word(text, int(max_length))
            if short and len(short) >= int(max_length) // 2 and checker.check(short)[0] == OK:
                fixes[i] = (short, "shorten")


def apply_all(document) -> list[FixProposal]:
    """Apply every safe fix as ONE operation (one undo step); returns what was applied.
    (The same as core.pipeline.apply_safe_fixes, which the app and the command line use.)"""
    proposals = [p for p in propose_fixes(document) if p.safe]
    if len(proposals) == 1:
        document.apply(proposals[0].operation())
    elif proposals:
        cells = sum(len(p.rows) for p in proposals)
        document.apply(CompoundOperation(f"corrections automatiques ({cells} cellule(s))",
                                         [p.operation() for p in proposals], rule="fixes"))
    return proposals


def identifier_findings(frame: pd.DataFrame, schema, labels: dict[str, str] | None = None
                        ) -> list[tuple[int | None, str, str, str]]:
    """What the plain checks cannot see in identifier columns, as (row, field, code, French message):

    - a column damaged by a number cell: every non-empty value, whatever its key says;
    - a SIREN in a SIRET field: its own message (never padded into a SIRET).
    `frame` is in schema form (one column per field); `labels` names the person's columns in messages.
    """
    labels = labels or {}
    kinds = identifier_kinds(schema)
    codes = {ids.SIRET: "french-siret-value", ids.SIREN: "french-siren-value"}
    empty = frozenset(schema.missing_values)
    findings = []
    for name, kind in kinds.items():
        if name not in frame.columns or kind not in codes:
            continue
        values = frame[name].astype(str).tolist()
        damage = ids.column_damage(values, kind, labels.get(name, schema.field(name).label), empty)
        if damage:
            findings += [(row, name, codes[kind], damage.message) for row in damage.rows]
            continue
        if kind == ids.SIRET:
            for row, value in enumerate(values):
                if value and value not in empty and not ids.is_valid_siret(value):
                    repair = ids.repair_identifier(value, kind)
                    if repair.status == ids.SIREN_IN_SIRET:
                        findings.append((row, name, codes[kind], repair.message))
    return findings

