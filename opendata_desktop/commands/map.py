"""`map PATH [--schema NAME]`: the suggested mapping from the file's columns to the schema's fields."""

from __future__ import annotations

from opendata_desktop.commands.common import SCHEMA_HELP, add_reading_options, load_schema, read_options
from opendata_desktop.core.errors import EXIT_OK
from opendata_desktop.core.mapping import suggest_mapping
from opendata_desktop.core.reading import open_table

NAME = "map"
HELP = "Proposer la correspondance entre les colonnes du fichier et le schéma."


def add_arguments(p) -> None:
    p.add_argument("path", metavar="FICHIER")
    p.add_argument("--schema", required=True, help=SCHEMA_HELP)
    add_reading_options(p)


def run(args):
    table = open_table(args.path, read_options(args))
    schema = load_schema(args.schema)
    mapping = suggest_mapping(table.columns, schema, table.data)
    payload = {"sheet": table.sheet, "header_row": table.header_row, "mapping": mapping.to_dict(),
               "confidence": mapping.confidence, "missing_required": mapping.missing_required(schema)}
    lines = [f"{c} → {f or '(non publiée)'}" for c, f in mapping.columns.items()]
    if payload["missing_required"]:
        lines.append("Champs obligatoires sans colonne : " + ", ".join(payload["missing_required"]))
    return payload, EXIT_OK, "\n".join(lines)
