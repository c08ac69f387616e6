"""`anonymise PATH -o OUT`: apply the privacy plan, then run the pre-publication gate on the output."""

from __future__ import annotations

import json
from pathlib import Path

from opendata_desktop.commands.common import add_reading_options, load_schema, read_options, resolve_output
from opendata_desktop.core.document import Document
from opendata_desktop.core.errors import EXIT_DATA_PROBLEM, EXIT_OK, UsageError
from opendata_desktop.core.export import write_scdl_csv
from opendata_desktop.core.privacy import detect_personal_data
from opendata_desktop.core.privacy.gate import scan_file
from opendata_desktop.core.privacy.operators import k_anonymity
from opendata_desktop.core.privacy.policy import apply_policy
from opendata_desktop.core.reading import open_table

NAME = "anonymise"
HELP = "Traiter les données personnelles puis vérifier le fichier obtenu."


def add_arguments(p) -> None:
    p.add_argument("path", metavar="FICHIER")
    p.add_argument("-o", "--output", required=True, metavar="SORTIE.csv", help="fichier CSV à écrire")
    p.add_argument("--schema", help="schéma suivi par le fichier (ses champs obligatoires sont remplacés, pas retirés)")
    p.add_argument("--policy", metavar="POLITIQUE.json", help="traitement de chaque colonne (sinon : par défaut)")
    add_reading_options(p)


def run(args):
    output_path = resolve_output(args.output, args.path, args.policy)
    table = open_table(args.path, read_options(args))
    schema = load_schema(args.schema) if args.schema else None
    policy = {}
    if args.policy:
        try:
            policy = json.loads(Path(args.policy).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise UsageError(f"La politique « {args.policy} » est illisible.", "Elle doit être un fichier JSON.") from exc
    document = Document(table)
    mapping = {c: c for c in table.columns if schema is not None and c in schema.field_names}
    required = {f.name for f in schema.required_fields} if schema else set()
    findings = detect_personal_data(document.table, mapping)
    applied = apply_policy(document, findings, policy, required)
    output = write_scdl_csv(document.table, output_path)
    gate = scan_file(output, schema)
    payload = {"output": str(output), "actions": [a.as_dict() for a in applied],
               "gate": {"passed": gate.passed, "findings": [
                   {"column": f.column, "entity": f.entity, "cells": f.cells} for f in gate.findings]}}
    if policy.get("quasi_identifiers"):
        payload["k_anonymity"] = k_anonymity(document.table, policy["quasi_identifiers"], policy.get("sensitive"),
                                             int(policy.get("k", 5)))
    lines = [f"Fichier écrit : {output}"] + [f"  « {a.column} » : {a.as_dict()['label']} ({a.cells} cellule(s))"
                                               for a in applied]
    lines.append("Vérification finale : aucune donnée personnelle restante." if gate.passed else
                 "Vérification finale : des données personnelles restent :\n" + gate.explain())
    return payload, (EXIT_OK if gate.passed else EXIT_DATA_PROBLEM), "\n".join(lines)
