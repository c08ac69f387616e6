"""Merge continuation lines (a value typed alone on the line under its record) into the row above.

Proposed, never applied silently: the person sees each merge (« 2e date de versement 15/09/2024 ajoutée à la
ligne 12 ») and applies them as ONE operation. An empty cell above takes the value; a filled one gets it
joined with « ; » (two payment dates stay two dates of one record). The lone lines are then left out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from opendata_desktop.core.operations import (CompoundOperation, DropRows, ReplayError, SetCells,
                                              register_rule_replayer)
from opendata_desktop.core.reading.continuation import ContinuationLine, find_continuation_lines

JOINER = " ; "


@dataclass(frozen=True)
class ContinuationMerge:
    lines: tuple[ContinuationLine, ...]

    @property
    def label(self) -> str:
        return f"rattachement de {len(self.lines)} ligne(s) isolée(s) à la ligne du dessus"

    def examples(self, limit: int = 3) -> list[str]:
        return [f"ligne {line.row_number} : « {line.value} » ({line.column}) → ligne {line.above_row_number}"
                for line in self.lines[:limit]]

    def operation(self, document) -> CompoundOperation | None:
        """Addressed by row ids (source rows): the lines still in the document, their rows above too."""
        present = set(int(i) for i in document.row_ids)
        lines = [l for l in self.lines if l.row in present and l.above in present]
        if not lines:
            return None
        merged: dict[tuple[int, str], list[str]] = defaultdict(list)
        for line in lines:
            merged[(line.above, line.column)].append(line.value)
        by_column: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
        for (above, column), values in merged.items():
            current = str(document.table.iat[int(document.positions_of([above])[0]),
                                             document.table.columns.get_loc(column)])
            new = JOINER.join(v for v in [current.strip(), *values] if v)
            by_column[column].append((above, current, new))
        ops = [SetCells(column, [a for a, _, _ in cells], [n for _, _, n in cells], "valeurs rattachées",
                        rule="continuation", expected=[c for _, c, _ in cells])
               for column, cells in by_column.items()]
        ops.append(DropRows([l.row for l in lines], reason="lignes isolées rattachées", rule="continuation-rows"))
        return CompoundOperation(self.label, ops, rule="continuation")


def continuation_merge(document) -> ContinuationMerge | None:
    """The merge to propose for the document's source, or None when there is no continuation line."""
    lines = find_continuation_lines(document.source)
    return ContinuationMerge(tuple(lines)) if lines else None


def _replay(entry: dict, doc, context):
    merge = continuation_merge(doc)
    op = merge.operation(doc) if merge is not None else None
    if op is None:
        raise ReplayError("aucune ligne isolée à rattacher dans ce fichier")
    return op


register_rule_replayer("continuation", _replay)
