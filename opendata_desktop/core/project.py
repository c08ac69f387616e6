"""Project files (.odproj): what a mairie needs to redo next year's publication in a few clicks.

A project holds the source file's path and checksum, how it was read, the schema, the operations in
effect (schema, mapping, fixes, edits, privacy treatments) and the last verdict — never the data itself,
which stays in the source file. Reopening replays the operations on the source; on a new version of the
file (next year's spreadsheet) the operations that still make sense are replayed and the others are
listed with the reason. Replaying knows no operation: each rebuilds itself (`operation_from_dict`).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from opendata_desktop import __version__
from opendata_desktop.core.atomic import atomic_write_text
from opendata_desktop.core.checksum import file_checksum
from opendata_desktop.core.document import Document
from opendata_desktop.core.errors import OpenDataError, UnreadableFileError, UsageError
from opendata_desktop.core.operations import CompoundOperation, ReplayContext, ReplayError, operation_from_dict
from opendata_desktop.core.reading import ReadOptions, open_table

SUFFIX = ".odproj"
FORMAT = "opendata-desktop-project"
FORMAT_VERSION = 2  # 2: operations address rows by id, the schema choice is an operation

__all__ = ["FORMAT", "FORMAT_VERSION", "SUFFIX", "ReplaySummary", "check_project_data", "file_checksum",
           "load_project", "open_project", "project_data", "replay_operations", "save_project"]


def read_options_of(document: Document) -> ReadOptions:
    source = document.source
    return ReadOptions(sheet=source.sheet, header_row=source.header_row, encoding=source.encoding,
                       delimiter=source.delimiter)


def _schema_ref(schema) -> dict | None:
    if schema is None:
        return None
    ref = {"name": schema.name, "version": schema.version}
    if getattr(schema, "source_path", None):
        ref["path"] = str(schema.source_path)
    return ref


def project_data(document: Document) -> dict:
    report = document.report
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION, "app_version": __version__,
        "saved_at": dt.datetime.now().isoformat(timespec="seconds"),
        "source": {"path": str(document.source.path.resolve()), "sha256": document.source_checksum,
                   "read_options": read_options_of(document).to_dict()},
        "schema": _schema_ref(document.schema),
        "initial_schema": _schema_ref(document.initial_schema),
        "operations": list(document.applied),
        "journal": list(document.journal),
        "last_report": None if report is None else {"badge": report.badge, "errors": len(report.errors),
                                                    "rows": report.rows},
    }


def save_project(document: Document, path: Path | str) -> Path:
    path = Path(path)
    if path.suffix != SUFFIX:
        path = path.with_suffix(SUFFIX)
    return atomic_write_text(path, json.dumps(project_data(document), ensure_ascii=False, indent=1))


def check_project_data(data) -> list[str]:
    """What is wrong in a project's content, in French (empty when it can be opened)."""
    if not isinstance(data, dict):
        return ["le contenu n'est pas un projet (objet JSON attendu)"]
    problems = []
    if data.get("format") != FORMAT:
        return ["ce n'est pas un projet opendata-desktop"]
    version = data.get("format_version")
    if not isinstance(version, int):
        problems.append("le numéro de version du format est absent ou invalide")
    source = data.get("source")
    if not isinstance(source, dict):
        problems.append("la description du fichier source est absente")
    else:
        if not isinstance(source.get("path"), str) or not source.get("path"):
            problems.append("le chemin du fichier source est absent")
        if source.get("sha256") is not None and not isinstance(source.get("sha256"), str):
            problems.append("l'empreinte du fichier source est invalide")
        if source.get("read_options") is not None and not isinstance(source.get("read_options"), dict):
            problems.append("la façon de lire le fichier est invalide")
    for key in ("schema", "initial_schema"):
        ref = data.get(key)
        if ref is not None and not (isinstance(ref, dict) and isinstance(ref.get("name"), str)):
            problems.append("le schéma indiqué est invalide")
    operations = data.get("operations", [])
    if not isinstance(operations, list):
        problems.append("la liste des opérations est invalide")
    else:
        bad = sum(1 for op in operations if not (isinstance(op, dict) and isinstance(op.get("op"), str)))
        if bad:
            problems.append(f"{bad} opération(s) illisible(s)")
    if data.get("journal") is not None and not isinstance(data.get("journal"), list):
        problems.append("le journal est invalide")
    return problems


def load_project(path: Path | str) -> dict:
    name = Path(path).name
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UnreadableFileError(f"Le projet « {name} » est illisible ou endommagé.",
                                  "Ouvrez plutôt le tableau d'origine et refaites les étapes.") from exc
    problems = check_project_data(data)
    if problems == ["ce n'est pas un projet opendata-desktop"]:
        raise UnreadableFileError(f"« {name} » n'est pas un projet opendata-desktop.")
    if problems:
        raise UnreadableFileError(f"Le projet « {name} » est endommagé : " + " ; ".join(problems) + ".",
                                  "Ouvrez plutôt le tableau d'origine et refaites les étapes.")
    if data["format_version"] > FORMAT_VERSION:
        raise UnreadableFileError("Ce projet a été créé par une version plus récente de l'application.",
                                  "Mettez l'application à jour pour l'ouvrir.")
    return data


@dataclass
class ReplaySummary:
    same_source: bool
    applied: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (what, why)

    def text(self) -> str:
        lines = [f"{len(self.applied)} opération(s) reprise(s)."]
        if not self.same_source:
            lines.insert(0, "Le fichier source a changé depuis l'enregistrement du projet : "
                            "les opérations ont été rejouées sur la nouvelle version.")
        lines += [f"Non reprise : {what} — {why}" for what, why in self.skipped]
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {"same_source": self.same_source, "applied": list(self.applied),
                "skipped": [{"what": w, "why": y} for w, y in self.skipped]}


def _describe(entry: dict) -> str:
    return str(entry.get("label") or entry.get("description") or entry.get("op"))


def replay_operations(document: Document, entries: list[dict], context: ReplayContext,
                      summary: ReplaySummary) -> None:
    """Apply each journal entry again on `document`; what cannot be replayed is listed, never guessed."""
    for entry in entries:
        try:
            op = operation_from_dict(entry, document, context)
        except (KeyError, TypeError, ValueError, AttributeError):  # an entry damaged by hand or by a crash
            summary.skipped.append((_describe(entry), "opération endommagée dans le projet"))
            continue
        except OpenDataError as exc:
            summary.skipped.append((_describe(entry), exc.message))
            continue
        try:
            document.apply(op)
        except ReplayError as exc:
            summary.skipped.append((_describe(entry), exc.message))
            continue
        except OpenDataError as exc:  # e.g. a stale row: the operation does not fit this file
            summary.skipped.append((_describe(entry), exc.message))
            continue
        summary.applied.append(op.label)
        if isinstance(op, CompoundOperation):
            summary.skipped.extend(op.not_replayed)


def _schema_from_ref(ref: dict | None):
    if not ref:
        return None
    from opendata_desktop.core.operations import SetSchema

    return SetSchema.from_dict({"op": "set-schema", **ref}, None).schema


def open_project(path: Path | str, source: Path | str | None = None) -> tuple[Document, ReplaySummary]:
    """Reopen a project (optionally on another source file: next year's) and replay its operations."""
    _load_replayers()
    data = load_project(path)
    source_path = Path(source) if source else Path(data["source"]["path"])
    if not source_path.exists():
        raise UnreadableFileError(f"Le fichier source « {source_path.name} » du projet est introuvable.",
                                  "Indiquez où il se trouve maintenant (Fichier > Ouvrir un projet sur un autre fichier).")
    same = file_checksum(source_path) == data["source"].get("sha256")
    saved = ReadOptions.from_dict(data["source"].get("read_options"))
    options = saved if same else ReadOptions(sheet=saved.sheet, encoding=saved.encoding, delimiter=saved.delimiter)
    try:
        table = open_table(source_path, options)
    except UsageError:  # the saved sheet is gone from the new version: detect again
        table = open_table(source_path)
    operations = list(data.get("operations", []))
    has_schema_op = any(entry.get("op") == "set-schema" for entry in operations)
    # Format 1 had no schema operation: the schema was the project's starting state.
    initial = data.get("initial_schema") if data["format_version"] >= 2 else None
    if initial is None and not has_schema_op:
        initial = data.get("schema")
    document = Document(table, _schema_from_ref(initial))
    summary = ReplaySummary(same_source=same)
    replay_operations(document, operations, ReplayContext(same_source=same), summary)
    return document, summary


def _load_replayers() -> None:
    """Modules that recompute cell operations (fixes, privacy) register how at import."""
    import opendata_desktop.core.fixes.replay  # noqa: F401
    import opendata_desktop.core.privacy.replay  # noqa: F401
