"""Merge continuation lines (a value typed alone on the line under its record) into the row above.

Proposed, never applied silently: the person sees the merges (« ligne 13 : « 2024-09-15 » (Versement) →
ligne 12 ») and ticks them; they apply as ONE operation. An empty cell above takes the value; a filled one
gets it joined with « ; » (two payment dates stay two dates of one record). The lone lines are then left
out. Like every proposal, it carries the values it saw: a cell changed since is not overwritten.
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
    cells: tuple[tuple[int, str, str, str], ...]  # (row id above, column, value seen, merged value)
    revision: int = 0
    safe = False  # offered unticked: the person checks that the lone line belongs to the row above
    rule = "continuation"
    field = ""

    @property
    def label(self) -> str:
        return f"Rattacher {len(self.lines)} ligne(s) isolée(s) à la ligne du dessus"

    @property
    def row_ids(self) -> list[int]:
        return [line.row for line in self.lines]

    @property
    def source(self) -> str:
        shown = [f"ligne {line.row_number} : « {line.value} » ({line.column}) → ligne {line.above_row_number}"
                 for line in self.lines[:3]]
        return " ; ".join(shown) + (" ; …" if len(self.lines) > 3 else "")

    def operation(self) -> CompoundOperation:
        by_column: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
        for above, column, seen, merged in self.cells:
            by_column[column].append((above, seen, merged))
        ops = [SetCells(column, [a for a, _, _ in cells], [m for _, _, m in cells], "valeurs rattachées",
                        rule="continuation", expected=[s for _, s, _ in cells])
               for column, cells in by_column.items()]
        ops.append(DropRows(self.row_ids, reason="lignes isolées rattachées", rule="continuation-rows"))
        return CompoundOperation(self.label[0].lower() + self.label[1:], ops, rule="continuation")


def continuation_merge(document) -> ContinuationMerge | None:
    """The merge to propose for the lines of the source still in the document, or None."""
    present = set(int(i) for i in document.row_ids)
    lines = [line for line in find_continuation_lines(document.source)
             if line.row in present and line.above in present]
    if not lines:
        return None
    merged: dict[tuple[int, str], list[str]] = defaultdict(list)
    for line in lines:
        merged[(line.above, line.column)].append(line.value)
    cells = []
    for (above, column), values in merged.items():
        position = int(document.positions_of([above])[0])
        seen = str(document.table.iat[position, document.table.columns.get_loc(column)])
        cells.append((above, column, seen, JOINER.join(v for v in [seen.strip(), *values] if v)))
    return ContinuationMerge(tuple(lines), tuple(cells), getattr(document, "revision", 0))


def _replay(entry: dict, doc, context):
    merge = continuation_merge(doc)
    if merge is None:
        raise ReplayError("aucune ligne isolée à rattacher dans ce fichier")
    return merge.operation()


register_rule_replayer("continuation", _replay)
