"""`scan-pii PATH`: which columns (or rows) hold personal data."""

from __future__ import annotations

from opendata_desktop.commands.common import add_reading_options, load_schema, read_options
from opendata_desktop.core.errors import EXIT_DATA_PROBLEM, EXIT_OK
from opendata_desktop.core.privacy import detect_personal_data
from opendata_desktop.core.reading import open_table

NAME = "scan-pii"
HELP = "Chercher les données personnelles d'un fichier."


def add_arguments(p) -> None:
    p.add_argument("path", metavar="FICHIER")
    p.add_argument("--schema", help="schéma, si le fichier suit déjà un schéma")
    add_reading_options(p)


def run(args):
    table = open_table(args.path, read_options(args))
    mapping = {}
    if args.schema:
        schema = load_schema(args.schema)
        mapping = {c: c for c in table.columns if c in schema.field_names}
    findings = {f.column: f for f in detect_personal_data(table.data, mapping)}
    columns = {}
    for column in table.columns:
        finding = findings.get(column)
        entry = {"personal": finding is not None, "entity": finding.entity if finding else None}
        if finding is not None and finding.rows is not None:
            entry["rows"] = finding.rows
        columns[column] = entry
    payload = {"columns": columns}
    lines = [f"{len(findings)} colonne(s) avec des données personnelles :"] if findings else \
        ["Aucune donnée personnelle détectée."]
    lines += [f"  « {f.column} » : {f.entity_label} — {f.reason}" for f in findings.values()]
    return payload, (EXIT_DATA_PROBLEM if findings else EXIT_OK), "\n".join(lines)
