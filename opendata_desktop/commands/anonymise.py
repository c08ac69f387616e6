"""`anonymise PATH -o OUT`: build the privacy plan, apply it at once, then run the gate on the output.

The same plan as the app's « Données personnelles » step (core/privacy/plan.py): same defaults,
same operation, same output.
"""

from __future__ import annotations

import json
from pathlib import Path

from opendata_desktop.commands.common import add_reading_options, load_schema, read_options, resolve_output
from opendata_desktop.core import pipeline
from opendata_desktop.core.errors import EXIT_DATA_PROBLEM, EXIT_OK, UsageError
from opendata_desktop.core.privacy.detection import lists_public_roles
from opendata_desktop.core.privacy.operators import k_anonymity

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
    schema = load_schema(args.schema) if args.schema else None
    policy = {}
    if args.policy:
        try:
            policy = json.loads(Path(args.policy).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise UsageError(f"La politique « {args.policy} » est illisible.", "Elle doit être un fichier JSON.") from exc
    document = pipeline.open_document(args.path, read_options(args), schema=schema)
    plan = pipeline.anonymise(document, policy)
    output = pipeline.export_csv(document, output_path)
    gate = pipeline.gate(output, schema)
    actions = [{"column": i.column, "entity": i.entity, "action": i.treatment,
                "label": _label(i.treatment), "cells": i.count(plan.n_rows)} for i in plan.items if i.treatment != "keep"]
    payload = {"output": str(output), "plan": plan.summary(), "actions": actions,
               "rows_left_out": len(plan.rows_left_out()),
               "gate": {"passed": gate.passed, "findings": [
                   {"column": f.column, "entity": f.entity, "cells": f.cells} for f in gate.findings]}}
    if policy.get("quasi_identifiers"):
        payload["k_anonymity"] = k_anonymity(document.table, policy["quasi_identifiers"], policy.get("sensitive"),
                                             int(policy.get("k", 5)))
    lines = [f"Fichier écrit : {output}", plan.summary_text()]
    lines.append("Vérification finale : aucune donnée personnelle restante." if gate.passed else
                 "Vérification finale : des données personnelles restent :\n" + gate.explain())
    if not gate.passed and all(f.entity in ("PERSON", "FIRST_NAME", "LAST_NAME") for f in gate.findings) \
            and lists_public_roles(document.table):
        lines.append("Ces noms sont ceux de personnes citées avec leur fonction : s'il s'agit d'élus ou d'agents "
                     "dans l'exercice de leur fonction (CRPA art. D312-1-3), vous pouvez les publier en "
                     "indiquant cette base légale au moment de publier.")
    return payload, (EXIT_OK if gate.passed else EXIT_DATA_PROBLEM), "\n".join(lines)


def _label(treatment: str) -> str:
    from opendata_desktop.core.privacy.plan import TREATMENT_LABELS

    return TREATMENT_LABELS.get(treatment, treatment)
