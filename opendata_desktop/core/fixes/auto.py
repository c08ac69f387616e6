"""Find the safe fixes a document needs, grouped so that a person can read and apply them at once:
« Conversion des dates au format AAAA-MM-JJ : 25 cellules de la colonne Date de la convention »."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd

from opendata_desktop.core.fixes.converters import LABELS, fix_value
from opendata_desktop.core.operations import SetCells


@dataclass
class FixProposal:
    column: str  # source column
    field: str  # schema field
    converter: str
    rows: list[int]
    values: list[str]
    examples: list[tuple[str, str]] = field(default_factory=list)  # (before, after), for the preview

    @property
    def label(self) -> str:
        return LABELS.get(self.converter, self.converter)

    def operation(self) -> SetCells:
        return SetCells(self.column, list(self.rows), list(self.values), self.label)


def siret_fields(schema) -> frozenset[str]:
    return frozenset(c.get("params", {}).get("column") for c in schema.custom_checks
                     if c.get("name") == "french-siret-value")


def propose_fixes(document) -> list[FixProposal]:
    """Every safe fix for the mapped columns, one proposal per (column, kind of fix)."""
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
        grouped: dict[str, FixProposal] = {}
        rows_by_code: dict[int, list[int]] = defaultdict(list)
        for row, code in enumerate(codes):
            if fixes[code] is not None:
                rows_by_code[int(code)].append(row)
        for code, rows in rows_by_code.items():
            new, converter = fixes[code]
            proposal = grouped.setdefault(converter, FixProposal(column, field_name, converter, [], []))
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
    proposals = propose_fixes(document)
    for proposal in proposals:
        document.apply(proposal.operation())
    return proposals
