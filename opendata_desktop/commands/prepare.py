"""`prepare PATH --schema NAME -o OUT.csv`: map, apply every safe fix, validate, write the SCDL CSV."""

from __future__ import annotations

import json

from opendata_desktop.commands.common import (SCHEMA_HELP, add_reading_options, load_mapping_file, load_schema,
                                              read_options, resolve_output)
from opendata_desktop.core.atomic import atomic_write_text
from opendata_desktop.core.errors import EXIT_DATA_PROBLEM, EXIT_OK, UsageError
from opendata_desktop.core.export import write_scdl_csv
from opendata_desktop.core.fixes.auto import damaged_columns, propose_fixes
from opendata_desktop.core.fixes.columns import fill_operation
from opendata_desktop.core.fixes.continuation import continuation_merge
from opendata_desktop.core.fixes.review import add_identifier_findings, changed_cells, drop_blank_rows
from opendata_desktop.core.pipeline import apply_safe_fixes, open_document, replay_project
from opendata_desktop.core.validation.engine import Validator

NAME = "prepare"
HELP = ("Associer, corriger automatiquement, vérifier et écrire le fichier SCDL (ou refaire le projet "
        "d'une commune sur son nouveau fichier avec --project).")


def add_arguments(p) -> None:
    p.add_argument("path", metavar="FICHIER")
    p.add_argument("--schema", help=SCHEMA_HELP + " ; obligatoire sans --project")
    p.add_argument("--project", metavar="COMMUNE.odproj",
                   help="refaire un projet enregistré (schéma, correspondances, corrections, valeurs fixes) "
                        "sur ce fichier ; ce qui ne peut pas être refait est listé dans le rapport")
    p.add_argument("-o", "--output", required=True, metavar="SORTIE.csv", help="fichier CSV SCDL à écrire")
    p.add_argument("--mapping", metavar="CORRESPONDANCE.json", help="correspondance colonnes → champs")
    p.add_argument("--report", metavar="RAPPORT.json",
                   help="rapport : vérification, corrections et chaque cellule modifiée (avant → après)")
    p.add_argument("--set", action="append", default=[], metavar="CHAMP=VALEUR",
                   help="mettre VALEUR dans toutes les cellules du champ (répétable)")
    p.add_argument("--fill-empty", action="append", default=[], metavar="CHAMP=VALEUR",
                   help="mettre VALEUR dans les cellules vides du champ (répétable)")
    add_reading_options(p)


def _assignment(text: str) -> tuple[str, str]:
    name, equal, value = text.partition("=")
    if not equal or not name.strip():
        raise UsageError(f"« {text} » : écrivez CHAMP=VALEUR, par exemple notificationUE=non.")
    return name.strip(), value


def run(args):
    inputs = (args.path, args.mapping, args.project)
    output_path = resolve_output(args.output, *inputs)
    report_path = resolve_output(args.report, *inputs, args.output) if args.report else None
    replay = None
    if args.project:
        if args.schema or args.mapping:
            raise UsageError("Avec --project, le schéma et les correspondances viennent du projet.",
                             "Retirez --schema et --mapping, ou n'utilisez pas --project.")
        document, replay = replay_project(args.project, args.path)
        schema = document.schema
        if schema is None:
            raise UsageError(f"Le projet « {args.project} » n'a pas de schéma choisi.",
                             "Ouvrez-le dans l'application et choisissez le schéma, puis enregistrez-le.")
    else:
        if not args.schema:
            raise UsageError("Indiquez le schéma (--schema scdl/subventions…) ou un projet (--project COMMUNE.odproj).")
        schema = load_schema(args.schema)
        document = open_document(args.path, read_options(args), schema)
        if args.mapping:
            document.mapping = load_mapping_file(args.mapping, list(document.table.columns), schema)
    missing = document.mapping.missing_required(schema)
    dropped = drop_blank_rows(document)  # before --set: a constant does not revive an empty row; not reported
    for spec, only_empty in [(s, False) for s in args.set] + [(s, True) for s in args.fill_empty]:
        operation = fill_operation(document, *_assignment(spec), only_empty=only_empty)
        if operation is not None:
            document.apply(operation)
    fixes = apply_safe_fixes(document)
    damaged = damaged_columns(document)
    to_review = [p for p in propose_fixes(document, include_guesses=True, include_choices=True) if not p.safe]
    frame, locator = document.schema_frame()
    validator = Validator(schema)
    validator.run(frame, locator)  # rows the reader set aside as blank are not written: not reported either
    labels = {f: c for c, f in document.mapping.columns.items() if f}
    add_identifier_findings(validator, frame, schema, labels)
    report = validator.report()
    output = write_scdl_csv(frame, output_path)
    changes = changed_cells(document, frame)
    payload = report.as_dict()
    payload["output"] = str(output)
    payload["mapping"] = document.mapping.to_dict()
    payload["missing_required"] = missing
    payload["fixes"] = [{"column": f.column, "field": f.field, "kind": f.converter, "label": f.label,
                         "cells": len(f.rows)} for f in fixes]
    payload["written_rows"] = [int(n) for n in document.row_numbers]  # source row of each written row, in order
    payload["changes"] = changes
    payload["dropped_rows"] = [{"row": n, "reason": "ligne vide"} for n in dropped]
    payload["damaged_columns"] = [{"column": c, "field": document.mapping.columns.get(c), "evidence": d.evidence,
                                   "cells": len(d.rows), "message": d.message} for c, d in damaged.items()]
    payload["reading_warnings"] = list(document.source.warnings)
    if replay is not None:
        payload["replay"] = replay.as_dict()
    payload["to_review"] = [{"column": p.column, "field": p.field, "kind": p.converter, "label": p.label,
                             "cells": len(p.rows), "examples": [list(e) for e in p.examples],
                             "candidates": list(p.candidates)} for p in to_review]
    merge = continuation_merge(document)
    if merge is not None:  # proposed, never applied by prepare: the person checks each in the app
        payload["to_review"].append({"kind": "continuation", "label": merge.label, "cells": len(merge.lines),
                                     "examples": [merge.source], "candidates": []})
    if report_path:
        atomic_write_text(report_path, json.dumps(payload, ensure_ascii=False, indent=1))
    lines = [f"Fichier écrit : {output}"]
    if replay is not None:
        lines.append("Projet refait sur ce fichier : " + replay.text().replace("\n", "\n  "))
    lines.append(f"{len(changes)} cellule(s) modifiée(s) :")
    lines += [f"  {f.label} — {len(f.rows)} cellule(s) de « {f.column} »" for f in fixes]
    if dropped:
        lines.append(f"  {len(dropped)} ligne(s) vide(s) non écrite(s) : {', '.join(map(str, dropped[:10]))}")
    for column, damage in damaged.items():
        lines.append(f"Colonne « {column} » abîmée ({damage.evidence}) : {damage.message}")
    if merge is not None:
        lines.append(f"{len(merge.lines)} ligne(s) isolée(s) sous une ligne complète (à rattacher ?) : "
                     + merge.source)
    for warning in document.source.warnings:
        lines.append(f"Remarque sur la lecture : {warning}")
    if to_review:
        lines.append(f"{len(to_review)} proposition(s) à vérifier dans l'application (non appliquées).")
    lines.append(f"Verdict : {report.badge} ({len(report.errors)} erreur(s) restante(s))")
    lines += [f"  {e.cell or e.row_number or ''} : {e.message}" for e in report.errors[:20]]
    return payload, (EXIT_OK if report.valid else EXIT_DATA_PROBLEM), "\n".join(lines)
