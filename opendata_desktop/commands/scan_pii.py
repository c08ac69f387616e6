"""`scan-pii PATH`: which columns (or rows) hold personal data, and what the privacy plan would do."""

from __future__ import annotations

from opendata_desktop.commands.common import add_reading_options, load_schema, read_options
from opendata_desktop.core import pipeline
from opendata_desktop.core.errors import EXIT_DATA_PROBLEM, EXIT_OK
from opendata_desktop.core.privacy.plan import build_plan

NAME = "scan-pii"
HELP = "Chercher les données personnelles d'un fichier."


def add_arguments(p) -> None:
    p.add_argument("path", metavar="FICHIER")
    p.add_argument("--schema", help="schéma, si le fichier suit déjà un schéma")
    add_reading_options(p)


def run(args):
    schema = load_schema(args.schema) if args.schema else None
    document = pipeline.open_document(args.path, read_options(args), schema=schema)
    plan = build_plan(document)
    items = {i.column: i for i in plan.items}
    columns = {}
    for column in document.table.columns:
        item = items.get(column)
        entry = {"personal": item is not None, "entity": item.entity if item else None}
        if item is not None and item.row_ids is not None:
            entry["rows"] = item.row_ids  # source data rows (0-based)
        columns[column] = entry
    payload = {"columns": columns, "plan": plan.summary()}
    lines = [f"{len(items)} colonne(s) avec des données personnelles :"] if items else \
        ["Aucune donnée personnelle détectée."]
    lines += [f"  « {i.column} » : {i.entity_label} — {i.reason}" for i in items.values()]
    if items:
        lines.append(plan.summary_text())
    return payload, (EXIT_DATA_PROBLEM if items else EXIT_OK), "\n".join(lines)
