"""The command-line commands: each returns (JSON payload, exit code, human text)."""

from __future__ import annotations

import json
from pathlib import Path

from opendata_desktop.core.atomic import atomic_write_text
from opendata_desktop.core.document import Document
from opendata_desktop.core.export import write_scdl_csv
from opendata_desktop.core.fixes.auto import apply_all
from opendata_desktop.core.errors import EXIT_DATA_PROBLEM, EXIT_NETWORK, EXIT_OK, PlatformError, UsageError
from opendata_desktop.core.mapping import Mapping, suggest_mapping
from opendata_desktop.core.privacy import detect_personal_data
from opendata_desktop.core.privacy.gate import scan_file
from opendata_desktop.core.privacy.operators import k_anonymity
from opendata_desktop.core.privacy.policy import apply_policy
from opendata_desktop.core.reading import ReadOptions, open_table
from opendata_desktop.core.schemas import default_catalogue
from opendata_desktop.core.validation import is_schema_form, validate_document, validate_table
from opendata_desktop.core.validation.export import write_report_html, write_report_xlsx

_DELIMITER_NAMES = {"tab": "\t", "tabulation": "\t", "\\t": "\t"}


def _read_options(args) -> ReadOptions:
    delimiter = getattr(args, "delimiter", None)
    if delimiter is not None:
        delimiter = _DELIMITER_NAMES.get(delimiter.lower(), delimiter)
        if len(delimiter) != 1:
            raise UsageError(f"Séparateur « {args.delimiter} » invalide.", "Utilisez ; , tab ou |.")
    return ReadOptions(sheet=args.sheet, header_row=args.header_row, encoding=args.encoding,
                       delimiter=delimiter)


def _delimiter_label(delimiter: str | None) -> str:
    return {"\t": "tabulation", ";": "point-virgule", ",": "virgule", "|": "barre verticale"}.get(
        delimiter or "", delimiter or "")


def cmd_inspect(args):
    table = open_table(args.path, _read_options(args))
    info = table.inspect_dict()
    lines = [f"Fichier : {table.path.name} ({table.format})"]
    if table.encoding:
        lines.append(f"Encodage : {table.encoding} ; séparateur : {_delimiter_label(table.delimiter)}")
    if table.sheet:
        lines.append(f"Feuille : {table.sheet} (parmi : {', '.join(table.sheets)})")
    lines.append(f"Ligne d'en-tête : {table.header_row}")
    lines.append(f"{len(table.columns)} colonnes : {', '.join(table.columns)}")
    lines.append(f"{table.n_rows} lignes de données")
    return info, EXIT_OK, "\n".join(lines)


def cmd_schemas(args):
    lines = []
    if args.refresh:
        from opendata_desktop.core.schemas.refresh import CATALOGUE_URL, refresh

        result = refresh(args.catalogue_url or CATALOGUE_URL)
        lines.append(f"Catalogue mis à jour : {result.schemas} schémas ; {len(result.added)} nouvelle(s) version(s).")
        if result.failed:
            lines.append("Versions ignorées (illisibles) : " + ", ".join(result.failed))
    catalogue = default_catalogue()
    entries = catalogue.entries()
    payload = [{**e.as_dict(), "versions": catalogue.versions(e.name)} for e in entries]
    lines += [f"{e.name} {e.version} — {e.title}" for e in entries]
    return payload, EXIT_OK, "\n".join(lines)


def cmd_map(args):
    table = open_table(args.path, _read_options(args))
    schema = default_catalogue().get(args.schema)
    mapping = suggest_mapping(table.columns, schema, table.data)
    payload = {"sheet": table.sheet, "header_row": table.header_row, "mapping": mapping.to_dict(),
               "confidence": mapping.confidence, "missing_required": mapping.missing_required(schema)}
    lines = [f"{c} → {f or '(non publiée)'}" for c, f in mapping.columns.items()]
    if payload["missing_required"]:
        lines.append("Champs obligatoires sans colonne : " + ", ".join(payload["missing_required"]))
    return payload, EXIT_OK, "\n".join(lines)


def load_mapping_file(path: str, columns: list[str], schema) -> Mapping:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"Le fichier de correspondance « {path} » est illisible.",
                         "Il doit contenir un objet JSON {\"colonne\": \"champ\"}.") from exc
    if isinstance(data, dict) and isinstance(data.get("mapping"), dict):
        data = data["mapping"]  # accept the output of `map --json` as is
    if not isinstance(data, dict):
        raise UsageError("Le fichier de correspondance doit contenir un objet JSON {\"colonne\": \"champ\"}.")
    unknown = [f for f in data.values() if f and f not in schema.field_names]
    if unknown:
        raise UsageError(f"Champs inconnus du schéma {schema.name} : {', '.join(unknown)}.")
    missing = [c for c in data if c not in columns]
    if missing:
        raise UsageError(f"Colonnes absentes du fichier : {', '.join(missing)}.",
                         "Vérifiez la ligne d'en-tête et la feuille choisies.")
    mapping = Mapping({c: data.get(c) for c in columns})
    mapping.confidence = {c: 1.0 if data.get(c) else 0.0 for c in columns}
    return mapping


def cmd_prepare(args):
    table = open_table(args.path, _read_options(args))
    schema = default_catalogue().get(args.schema)
    document = Document(table, schema)
    if args.mapping:
        document.mapping = load_mapping_file(args.mapping, table.columns, schema)
    missing = document.mapping.missing_required(schema)
    fixes = apply_all(document)
    validator = validate_document(document)
    report = validator.report()
    frame, _ = document.schema_frame()
    output = write_scdl_csv(frame, args.output)
    payload = report.as_dict()
    payload["output"] = str(output)
    payload["mapping"] = document.mapping.to_dict()
    payload["missing_required"] = missing
    payload["fixes"] = [{"column": f.column, "field": f.field, "kind": f.converter, "label": f.label,
                         "cells": len(f.rows)} for f in fixes]
    if args.report:
        atomic_write_text(args.report, json.dumps(payload, ensure_ascii=False, indent=1))
    lines = [f"Fichier écrit : {output}",
             f"{sum(len(f.rows) for f in fixes)} cellule(s) corrigée(s) automatiquement :"]
    lines += [f"  {f.label} — {len(f.rows)} cellule(s) de « {f.column} »" for f in fixes]
    lines.append(f"Verdict : {report.badge} ({len(report.errors)} erreur(s) restante(s))")
    lines += [f"  {e.cell or e.row_number or ''} : {e.message}" for e in report.errors[:20]]
    return payload, (EXIT_OK if report.valid else EXIT_DATA_PROBLEM), "\n".join(lines)


def cmd_scan_pii(args):
    table = open_table(args.path, _read_options(args))
    mapping = {}
    if args.schema:
        schema = default_catalogue().get(args.schema)
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


def cmd_anonymise(args):
    table = open_table(args.path, _read_options(args))
    schema = default_catalogue().get(args.schema) if args.schema else None
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
    output = write_scdl_csv(document.table, args.output)
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


def cmd_publish(args):
    from opendata_desktop.core.publishing import outbox
    from opendata_desktop.core.publishing.service import make_publisher, publish_checked, request_for

    path = Path(args.path)
    if not path.exists():
        raise FileNotFoundError(2, "Fichier introuvable", str(path))
    schema = default_catalogue().get(args.schema) if args.schema else None
    request = request_for(path, schema, args.title, args.organization, args.dataset, args.private)
    try:
        publisher = make_publisher(args.platform, args.url)
        outcome = publish_checked(publisher, request, args.url, schema, dry_run=args.dry_run)
    except PlatformError as exc:
        if not args.queue_if_offline or args.dry_run or exc.message.startswith("La plateforme a refusé"):
            raise
        folder = outbox.enqueue(request, args.platform, args.url, args.schema)
        payload = {"queued": True, "outbox": str(folder), "reason": exc.message}
        return payload, EXIT_OK, (f"Plateforme injoignable : publication mise en attente ({folder.name}). "
                                  "Elle partira avec : opendata-desktop outbox --send")
    if args.dry_run:
        return outcome.as_dict(), EXIT_OK, "Publication à blanc (rien n'a été envoyé) :\n" + \
            "\n".join(f"  {a}" for a in outcome.actions)
    verb = "mis à jour" if outcome.replaced else "publié"
    return outcome.as_dict(), EXIT_OK, f"Fichier {verb} : {outcome.url}"


def cmd_outbox(args):
    from opendata_desktop.core.publishing import outbox

    if args.send:
        sent, waiting = outbox.send_all()
        payload = {"sent": sent, "waiting": [{"file": i["file"], "reason": r} for i, r in waiting]}
        lines = [f"{len(sent)} publication(s) envoyée(s), {len(waiting)} toujours en attente."]
        lines += [f"  {i['file']} : {r}" for i, r in waiting]
        return payload, (EXIT_OK if not waiting else EXIT_NETWORK), "\n".join(lines)
    items = outbox.pending()
    payload = {"pending": [{"file": i["file"], "platform": i["platform"], "url": i["url"],
                            "queued_at": i["queued_at"]} for i in items]}
    lines = [f"{len(items)} publication(s) en attente."] + [f"  {i['file']} → {i['url']} (depuis le {i['queued_at']})"
                                                           for i in items]
    return payload, EXIT_OK, "\n".join(lines)


def cmd_validate(args):
    table = open_table(args.path, _read_options(args))
    schema = default_catalogue().get(args.schema)
    if not args.mapping and is_schema_form(table.columns, schema):
        validator = validate_table(table, schema)
    else:
        document = Document(table, schema)
        if args.mapping:
            document.mapping = load_mapping_file(args.mapping, table.columns, schema)
        validator = validate_document(document)
    report = validator.report()
    if args.report_xlsx:
        write_report_xlsx(args.report_xlsx, report, validator.frame, schema, list(validator.locator.row_numbers))
    if args.report_html:
        write_report_html(args.report_html, report, schema, table.path.name)
    payload = report.as_dict()
    lines = [f"Verdict : {report.badge} ({len(report.errors)} erreur(s) sur {report.rows} lignes)"]
    for error in report.errors[:50]:
        where = error.cell or (f"ligne {error.row_number}" if error.row_number else "fichier")
        lines.append(f"  {where} : {error.message}")
    if len(report.errors) > 50:
        lines.append(f"  … et {len(report.errors) - 50} autre(s) erreur(s) (utilisez --json pour tout voir)")
    return payload, (EXIT_OK if report.valid else EXIT_DATA_PROBLEM), "\n".join(lines)
