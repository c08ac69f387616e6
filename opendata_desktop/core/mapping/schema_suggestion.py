"""Which schema a file is for: the catalogue ranked by how well the columns map, and by the words of the
file name, sheet and title lines (« aides versées » -> Subventions)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from opendata_desktop.core.mapping.knowledge import for_schema
from opendata_desktop.core.mapping.suggest import profiles_for, suggest_mapping
from opendata_desktop.core.mapping.text import tokens
from opendata_desktop.core.textnorm import fold

# Shares of the score: columns that map (weighted by confidence), required fields found, schema fields
# covered, subject words in the file name, sheet or title.
W_COLUMNS, W_REQUIRED, W_COVERED, W_WORDS = 0.45, 0.25, 0.15, 0.15


@dataclass
class SchemaCandidate:
    schema: str  # catalogue name, e.g. "scdl/subventions"
    score: float  # 0..1
    why: str  # French, for people
    title: str = ""

    def as_dict(self) -> dict:
        return {"schema": self.schema, "score": self.score, "why": self.why}


def context_words(path: str | Path | None = None, sheet: str | None = None, titles: list[str] | None = None) -> str:
    """Folded text of what names the table besides its headers."""
    parts = [Path(path).stem if path else "", sheet or "", *(titles or [])]
    return " " + fold(" ".join(p for p in parts if p)) + " "


def _word_hits(schema, context: str) -> list[str]:
    words = set(for_schema(schema.name).words) | {fold(schema.title)} | {fold(t) for t in schema.tags}
    if schema.file_name:
        words.add(fold(schema.file_name))
    hits = [w for w in words if w and len(w) > 2 and f" {w} " in context]
    if not hits:  # « subventions2024 », « Budget_CA »: compare stems as well
        context_tokens = tokens(context)
        hits = [w for w in words if w and len(w) > 3 and " " not in w and tokens(w) and tokens(w) <= context_tokens]
    return sorted(hits, key=len, reverse=True)


def suggest_schemas(columns: list[str], values: pd.DataFrame | None = None, catalogue=None, *,
                    path: str | Path | None = None, sheet: str | None = None,
                    titles: list[str] | None = None, limit: int | None = None) -> list[SchemaCandidate]:
    """The catalogue's schemas ranked for this table, best first, each with a score 0..1 and a French reason."""
    if catalogue is None:
        from opendata_desktop.core.schemas import default_catalogue

        catalogue = default_catalogue()
    profiles = profiles_for(columns, values)
    context = context_words(path, sheet, titles)
    candidates = []
    for entry in catalogue.entries():
        schema = catalogue.get(entry.name, entry.version)
        if not schema.fields or not columns:
            continue
        mapping = suggest_mapping(columns, schema, profiles=profiles)
        mapped = [c for c in columns if mapping.columns.get(c)]
        column_part = sum(mapping.confidence[c] for c in mapped) / len(columns)
        required = [f.name for f in schema.required_fields]
        found = set(mapping.columns.values())
        required_found = sum(1 for name in required if name in found)
        required_part = required_found / len(required) if required else column_part
        covered_part = len(mapped) / len(schema.fields)
        hits = _word_hits(schema, context)
        score = W_COLUMNS * column_part + W_REQUIRED * required_part + W_COVERED * covered_part + \
            W_WORDS * (1.0 if hits else 0.0)
        why = f"{len(mapped)} colonne{'s' if len(mapped) > 1 else ''} sur {len(columns)} correspond" \
              f"{'ent' if len(mapped) > 1 else ''} à des champs du schéma « {schema.title} »"
        if required:
            why += f", {required_found} champ{'s' if required_found > 1 else ''} obligatoire" \
                   f"{'s' if required_found > 1 else ''} sur {len(required)} trouvé{'s' if required_found > 1 else ''}"
        if hits:
            why += " ; le nom du fichier, de la feuille ou le titre parle de " + \
                   ", ".join(f"« {w} »" for w in hits[:2])
        candidates.append(SchemaCandidate(schema.name, round(min(score, 1.0), 3), why, schema.title))
    candidates.sort(key=lambda c: -c.score)
    return candidates[:limit] if limit else candidates


def title_lines(table) -> list[str]:
    """Texts written above the header row (« Subventions versées en 2024 »): words that name the table.

    Best effort: any reading problem gives no titles, never an error.
    """
    if getattr(table, "header_row", 1) <= 1:
        return []
    try:
        if table.format == "csv":
            from opendata_desktop.core.reading.csv_source import read_csv_grid

            grid, _ = read_csv_grid(table.path, table.encoding, table.delimiter)
        else:
            from opendata_desktop.core.reading.workbook_source import open_workbook, read_sheet_grid

            grid = read_sheet_grid(open_workbook(table.path, table.format), table.sheet, table.path)
        rows = grid.iloc[: table.header_row - 1]
    except Exception:  # titles are a hint only
        return []
    texts = []
    for row in rows.itertuples(index=False):
        cells = [str(v).strip() for v in row if v is not None and str(v).strip() and str(v).lower() != "nan"]
        if cells:
            texts.append(" ".join(cells))
    return texts


def suggest_schemas_for_table(table, catalogue=None, limit: int | None = None) -> list[SchemaCandidate]:
    """`suggest_schemas` for a table opened with `open_table`: its file name, sheet and title lines count too."""
    return suggest_schemas(list(table.columns), table.data, catalogue, path=table.path, sheet=table.sheet,
                           titles=title_lines(table), limit=limit)
