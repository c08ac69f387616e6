"""Find the safe fixes a document needs, grouped so that a person can read and apply them at once:
« Conversion des dates au format AAAA-MM-JJ : 25 cellules de la colonne Date de la convention »."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd

from opendata_desktop.core.fixes.converters import LABELS, fix_value, nearest_enum
from opendata_desktop.core.validation.cells import OK, CellChecker
from opendata_desktop.core.operations import SetCells


@dataclass
class FixProposal:
    column: str  # source column
    field: str  # schema field
    converter: str
    rows: list[int]
    values: list[str]
    examples: list[tuple[str, str]] = field(default_factory=list)  # (before, after), for the preview
    safe: bool = True  # False: a guess the person confirms (never applied by `prepare`)

    @property
    def label(self) -> str:
        return LABELS.get(self.converter, self.converter)

    def operation(self) -> SetCells:
        return SetCells(self.column, list(self.rows), list(self.values), self.label, converter=self.converter)


def siret_fields(schema) -> frozenset[str]:
    return frozenset(c.get("params", {}).get("column") for c in schema.custom_checks
                     if c.get("name") == "french-siret-value")


def propose_fixes(document, include_guesses: bool = False) -> list[FixProposal]:
    """Every safe fix for the mapped columns, one proposal per (column, kind of fix); with
    `include_guesses`, also values to replace by the nearest allowed value, for confirmation."""
    schema = document.schema
    sirets = siret_fields(schema)
    proposals: list[FixProposal] = []
    for column, field_name in document.mapping.columns.items():
        if not field_name or column not in document.table.columns:
            continue
        f = schema.field(field_name)
        values = document.table[column].astype(str)
        codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=False)
        fixes = [fix_value(str(u), f, sirets) for u in uniques]
        if include_guesses and f.constraints.get("enum"):
            checker = CellChecker(f, schema.missing_values)
            for i, u in enumerate(uniques):
                if fixes[i] is None and checker.check(str(u))[0] != OK:
                    guess = nearest_enum(str(u), f)
                    fixes[i] = (guess, "nearest") if guess else None
        grouped: dict[str, FixProposal] = {}
        rows_by_code: dict[int, list[int]] = defaultdict(list)
        for row, code in enumerate(codes):
            if fixes[code] is not None:
                rows_by_code[int(code)].append(row)
        for code, rows in rows_by_code.items():
            new, converter = fixes[code]
            proposal = grouped.setdefault(converter, FixProposal(column, field_name, converter, [], [],
                                                                 safe=converter != "nearest"))
            proposal.rows.extend(rows)
            proposal.values.extend([new] * len(rows))
            if len(proposal.examples) < 3:
                proposal.examples.append((str(uniques[code]), new))
        for proposal in grouped.values():
            order = sorted(range(len(proposal.rows)), key=proposal.rows.__getitem__)
            proposal.rows = [proposal.rows[i] for i in order]
            proposal.values = [proposal.values[i] for i in order]
            proposals.append(proposal)
    return proposals


def apply_all(document) -> list[FixProposal]:
    """Apply every safe fix as undoable operations; returns what was applied."""
    proposals = [p for p in propose_fixes(document) if p.safe]
    for proposal in proposals:
        document.apply(proposal.operation())
    return proposals
