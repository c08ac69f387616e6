"""Project files (.odproj): what a mairie needs to redo next year's publication in a few clicks.

A project holds the source file's path and checksum, how it was read, the schema, the operations
applied (mapping, fixes, edits, privacy treatments) and the last verdict — never the data itself,
which stays in the source file. Reopening replays the operations on the source; on a new version
of the file (next year's spreadsheet) the operations that still make sense are replayed and the
others are listed with the reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from opendata_desktop import __version__
from opendata_desktop.core.atomic import atomic_write_text
from opendata_desktop.core.document import Document
from opendata_desktop.core.errors import UnreadableFileError, UsageError
from opendata_desktop.core.fixes.auto import propose_fixes
from opendata_desktop.core.operations import (AddConstantColumn, DropColumn, DropRows, EditCell, MergeColumns,
                                              ReplaceCells, SetCells, SetMapping, SplitColumn)
from opendata_desktop.core.privacy.policy import _VALUE_OPERATORS
from opendata_desktop.core.reading import ReadOptions, open_table
from opendata_desktop.core.schemas import default_catalogue

SUFFIX = ".odproj"
FORMAT = "opendata-desktop-project"
FORMAT_VERSION = 1


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_options_of(document: Document) -> ReadOptions:
    source = document.source
    return ReadOptions(sheet=source.sheet, header_row=source.header_row, encoding=source.encoding,
                       delimiter=source.delimiter)


def project_data(document: Document) -> dict:
    report = document.report
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION, "app_version": __version__,
        "saved_at": dt.datetime.now().isoformat(timespec="seconds"),
        "source": {"path": str(document.source.path.resolve()), "sha256": document.source_checksum,
                   "read_options": read_options_of(document).to_dict()},
        "schema": {"name": document.schema.name, "version": document.schema.version} if document.schema else None,
        "operations": [op.to_dict() for op in document.undo_stack.done],
        "journal": list(document.journal),
        "last_report": None if report is None else {"badge": report.badge, "errors": len(report.errors),
                                                    "rows": report.rows},
    }


def save_project(document: Document, path: Path | str) -> Path:
    path = Path(path)
    if path.suffix != SUFFIX:
        path = path.with_suffix(SUFFIX)
    return atomic_write_text(path, json.dumps(project_data(document), ensure_ascii=False, indent=1))


def load_project(path: Path | str) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UnreadableFileError(f"Le projet « {Path(path).name} » est illisible ou endommagé.",
                                  "Ouvrez plutôt le tableau d'origine et refaites les étapes.") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UnreadableFileError(f"« {Path(path).name} » n'est pas un projet opendata-desktop.")
    if data.get("format_version", 0) > FORMAT_VERSION:
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


def open_project(path: Path | str, source: Path | str | None = None) -> tuple[Document, ReplaySummary]:
    """Reopen a project (optionally on another source file: next year's) and replay its operations."""
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
    document = Document(table)
    summary = ReplaySummary(same_source=same)
    if data.get("schema"):
        schema = default_catalogue().get(data["schema"]["name"], data["schema"]["version"])
        document.set_schema(schema)
        for entry in data.get("operations", []):
            _replay(document, entry, same, summary)
    return document, summary


def _replay(doc: Document, entry: dict, same: bool, summary: ReplaySummary) -> None:
    kind = entry.get("op")
    column = entry.get("column")
    missing_column = column is not None and column not in doc.table.columns

    def apply(op) -> None:
        doc.apply(op)
        summary.applied.append(op.label)

    if kind == "set-mapping":
        if missing_column:
            summary.skipped.append((f"correspondance de « {column} »", "colonne absente du fichier"))
        else:
            apply(SetMapping(column, entry.get("field")))
    elif kind == "drop-column":
        if not missing_column:
            apply(DropColumn(column, entry.get("reason", "")))
    elif kind == "split-column":
        if missing_column:
            summary.skipped.append((f"découpage de « {column} »", "colonne absente du fichier"))
        else:
            apply(SplitColumn(column, entry["separator"], tuple(entry["names"])))
    elif kind == "merge-columns":
        absent = [c for c in entry["columns"] if c not in doc.table.columns]
        if absent:
            summary.skipped.append((f"fusion en « {entry['name']} »", f"colonne « {absent[0]} » absente"))
        else:
            apply(MergeColumns(tuple(entry["columns"]), entry["separator"], entry["name"]))
    elif kind == "add-constant-column":
        apply(AddConstantColumn(entry["field"], entry["value"], entry.get("column", "")))
    elif kind == "set-cells" and entry.get("converter") == "pseudonym":
        summary.skipped.append(("pseudonymisation", "refaite à chaque publication, avec une nouvelle clé"))
    elif kind == "set-cells" and str(entry.get("converter", "")).startswith("privacy-"):
        action = entry["converter"][len("privacy-"):]
        if same and not missing_column and entry.get("rows") is not None:
            convert = _VALUE_OPERATORS[action]
            rows = entry["rows"]
            apply(SetCells(column, rows, [convert(str(doc.table.at[r, column])) for r in rows],
                           entry.get("description", ""), entry["converter"]))
        else:
            summary.skipped.append((entry.get("description", "traitement"),
                                    "à refaire à l'étape « Données personnelles » sur le nouveau fichier"))
    elif kind == "set-cells":
        if missing_column:
            summary.skipped.append((entry.get("description", "correction"), f"colonne « {column} » absente"))
        else:  # the same kind of fix, found again (same values give the same result)
            converter = entry.get("converter")
            for proposal in propose_fixes(doc, include_guesses=converter == "nearest"):
                if proposal.column == column and proposal.converter == converter:
                    apply(proposal.operation())
    elif kind == "edit-cell":
        if same and not missing_column:
            apply(EditCell(entry["row"], column, entry["value"]))
        else:
            summary.skipped.append((f"modification d'une cellule de « {column} »",
                                    "une correction à la main ne vaut que pour l'ancien fichier"))
    elif kind == "replace-cells":
        if same and not missing_column:
            apply(ReplaceCells(column, entry["rows"], entry["value"], entry.get("reason", "")))
        else:
            summary.skipped.append(("occultation de données personnelles",
                                    "à refaire à l'étape « Données personnelles » sur le nouveau fichier"))
    elif kind == "drop-rows":
        wanted = set(entry.get("source_rows", []))
        rows = [int(i) for i in np.flatnonzero(np.isin(doc.row_numbers, list(wanted)))] if same else []
        if rows:
            apply(DropRows(rows, entry.get("reason", "")))
        else:
            summary.skipped.append(("retrait de lignes (personnes physiques)",
                                    "à refaire à l'étape « Données personnelles » sur le nouveau fichier"))
    else:
        summary.skipped.append((str(kind), "opération inconnue de cette version de l'application"))
