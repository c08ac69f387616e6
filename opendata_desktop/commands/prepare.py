"""`prepare PATH --schema NAME -o OUT.csv`: map, apply every safe fix, validate, write the SCDL CSV."""

from __future__ import annotations

import json

from opendata_desktop.commands.common import (SCHEMA_HELP, add_reading_options, load_mapping_file, load_schema,
                                              read_options, resolve_output)
from opendata_desktop.core.atomic import atomic_write_text
from opendata_desktop.core.document import Document
from opendata_desktop.core.errors import EXIT_DATA_PROBLEM, EXIT_OK
from opendata_desktop.core.export import write_scdl_csv
from opendata_desktop.core.fixes.auto import apply_all
from opendata_desktop.core.reading import open_table
from opendata_desktop.core.validation import validate_document

NAME = "prepare"
HELP = "Associer, corriger automatiquement, vérifier et écrire le fichier SCDL."


def add_arguments(p) -> None:
    p.add_argument("path", metavar="FICHIER")
    p.add_argument("--schema", required=True, help=SCHEMA_HELP)
    p.add_argument("-o", "--output", required=True, metavar="SORTIE.csv", help="fichier CSV SCDL à écrire")
    p.add_argument("--mapping", metavar="CORRESPONDANCE.json", help="correspondance colonnes → champs")
    p.add_argument("--report", metavar="RAPPORT.json", help="rapport de vérification et liste des corrections")
    add_reading_options(p)


def run(args):
    inputs = (args.path, args.mapping)
    output_path = resolve_output(args.output, *inputs)
    report_path = resolve_output(args.report, *inputs, args.output) if args.report else None
    table = open_table(args.path, read_options(args))
    schema = load_schema(args.schema)
    document = Document(table, schema)
    if args.mapping:
        document.mapping = load_mapping_file(args.mapping, table.columns, schema)
    missing = document.mapping.missing_required(schema)
    fixes = apply_all(document)
    validator = validate_document(document)
    report = validator.report()
    frame, _ = document.schema_frame()
    output = write_scdl_csv(frame, output_path)
    payload = report.as_dict()
    payload["output"] = str(output)
    payload["mapping"] = document.mapping.to_dict()
    payload["missing_required"] = missing
    payload["fixes"] = [{"column": f.column, "field": f.field, "kind": f.converter, "label": f.label,
                         "cells": len(f.rows)} for f in fixes]
    if report_path:
        atomic_write_text(report_path, json.dumps(payload, ensure_ascii=False, indent=1))
    lines = [f"Fichier écrit : {output}",
             f"{sum(len(f.rows) for f in fixes)} cellule(s) corrigée(s) automatiquement :"]
    lines += [f"  {f.label} — {len(f.rows)} cellule(s) de « {f.column} »" for f in fixes]
    lines.append(f"Verdict : {report.badge} ({len(report.errors)} erreur(s) restante(s))")
    lines += [f"  {e.cell or e.row_number or ''} : {e.message}" for e in report.errors[:20]]
    return payload, (EXIT_OK if report.valid else EXIT_DATA_PROBLEM), "\n".join(lines)
