"""`map PATH [--schema NAME]`: the suggested mapping from the file's columns to the schema's fields, or,
without --schema, the catalogue's schemas ranked for the file."""

from __future__ import annotations

from opendata_desktop.commands.common import SCHEMA_HELP, add_reading_options, load_schema, read_options
from opendata_desktop.core.errors import EXIT_OK
from opendata_desktop.core.mapping import suggest_mapping, suggest_schemas_for_table
from opendata_desktop.core.reading import open_table

NAME = "map"
HELP = "Proposer la correspondance entre les colonnes du fichier et le schéma (ou le schéma lui-même)."
CANDIDATES_SHOWN = 5  # in the text for people; the JSON has them all


def add_arguments(p) -> None:
    p.add_argument("path", metavar="FICHIER")
    p.add_argument("--schema", help=SCHEMA_HELP + " ; sans cette option, les schémas possibles sont classés")
    add_reading_options(p)


def run(args):
    table = open_table(args.path, read_options(args))
    if not args.schema:
        candidates = suggest_schemas_for_table(table)
        payload = {"candidates": [c.as_dict() for c in candidates]}
        lines = ["Schémas les plus probables pour ce fichier :"]
        lines += [f"{c.score:.0%}  {c.schema} — {c.why}" for c in candidates[:CANDIDATES_SHOWN]]
        return payload, EXIT_OK, "\n".join(lines)
    schema = load_schema(args.schema)
    mapping = suggest_mapping(table.columns, schema, table.data)
    payload = {"sheet": table.sheet, "header_row": table.header_row, "mapping": mapping.to_dict(),
               "confidence": mapping.confidence, "missing_required": mapping.missing_required(schema),
               "explanations": mapping.explanations}
    lines = []
    for column, target in mapping.columns.items():
        line = f"{column} → {target or '(non publiée)'}"
        if target and mapping.explanation(column):
            line += f" ({mapping.explanation(column)})"
        lines.append(line)
    if payload["missing_required"]:
        lines.append("Champs obligatoires sans colonne : " + ", ".join(payload["missing_required"]))
    return payload, EXIT_OK, "\n".join(lines)
