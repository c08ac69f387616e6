"""`validate PATH --schema NAME`: check a file against a schema (mapped first when needed)."""

from __future__ import annotations

from opendata_desktop.commands.common import (SCHEMA_HELP, add_reading_options, load_mapping_file, load_schema,
                                              read_options, resolve_output)
from opendata_desktop.core.document import Document
from opendata_desktop.core.errors import EXIT_DATA_PROBLEM, EXIT_OK
from opendata_desktop.core.reading import open_table
from opendata_desktop.core import pipeline
from opendata_desktop.core.validation import is_schema_form
from opendata_desktop.core.validation.export import write_report_html, write_report_xlsx

NAME = "validate"
HELP = "Vérifier un fichier par rapport à un schéma."


def add_arguments(p) -> None:
    p.add_argument("path", metavar="FICHIER")
    p.add_argument("--schema", required=True, help=SCHEMA_HELP)
    p.add_argument("--mapping", metavar="CORRESPONDANCE.json",
                   help="correspondance colonnes → champs (JSON {colonne: champ})")
    p.add_argument("--report-xlsx", metavar="RAPPORT.xlsx", help="enregistrer le rapport en classeur Excel")
    p.add_argument("--report-html", metavar="RAPPORT.html", help="enregistrer le rapport imprimable (HTML)")
    add_reading_options(p)


def run(args):
    inputs = (args.path, args.mapping)
    report_xlsx = resolve_output(args.report_xlsx, *inputs) if args.report_xlsx else None
    report_html = resolve_output(args.report_html, *inputs) if args.report_html else None
    table = open_table(args.path, read_options(args))
    schema = load_schema(args.schema)
    document = None
    if args.mapping or not is_schema_form(table.columns, schema):
        document = Document(table, schema)
        if args.mapping:
            document.mapping = load_mapping_file(args.mapping, table.columns, schema)
        elif not any(document.mapping.columns.values()):
            document = None  # nothing maps: report the file's own columns (missing, extra) as Validata does
    validator = pipeline.validate(document) if document is not None else pipeline.validate_schema_form(table, schema)
    report = validator.report()
    if report_xlsx:
        write_report_xlsx(report_xlsx, report, validator.frame, schema, list(validator.locator.row_numbers))
    if report_html:
        write_report_html(report_html, report, schema, table.path.name)
    payload = report.as_dict()
    payload["reading_warnings"] = list(table.warnings)
    lines = [f"Verdict : {report.badge} ({len(report.errors)} erreur(s) sur {report.rows} lignes)"]
    for warning in report.warnings[:50]:
        lines.append(f"  Remarque : {warning.message}")
    for error in report.errors[:50]:
        where = error.cell or (f"ligne {error.row_number}" if error.row_number else "fichier")
        lines.append(f"  {where} : {error.message}")
    if len(report.errors) > 50:
        lines.append(f"  … et {len(report.errors) - 50} autre(s) erreur(s) (utilisez --json pour tout voir)")
    return payload, (EXIT_OK if report.valid else EXIT_DATA_PROBLEM), "\n".join(lines)
