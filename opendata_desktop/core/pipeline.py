"""The one path from a spreadsheet to a publication, for the command line and the app alike.

open → schema → mapping → fixes → privacy plan → export → gate → publication request. The command
line's commands and the app's pages call these functions; neither re-assembles the steps, so the same
file gives the same output whatever the entry point.
"""

from __future__ import annotations

from pathlib import Path

from opendata_desktop.core.document import Document
from opendata_desktop.core.export import write_scdl_csv
from opendata_desktop.core.mapping import Mapping, MappingMemory
from opendata_desktop.core.operations import CompoundOperation, SetSchema
from opendata_desktop.core.reading import ReadOptions, open_table


def open_document(path: Path | str, options: ReadOptions | None = None, schema=None,
                  mapping: Mapping | None = None, memory: MappingMemory | None = None) -> Document:
    """Read the file and start a document on it, following `schema` with `mapping` (else suggested)."""
    document = Document(open_table(path, options or ReadOptions()))
    if schema is not None:
        SetSchema(schema, mapping=mapping, memory=memory).apply(document)  # the starting state
        document.initial_schema = schema
    return document


def apply_safe_fixes(document: Document) -> list:
    """Every safe automatic fix, applied as ONE operation (one undo step); returns the proposals applied."""
    from opendata_desktop.core.fixes.auto import propose_fixes

    proposals = [p for p in propose_fixes(document) if p.safe]
    if proposals:
        apply_proposals(document, proposals, "corrections automatiques")
    return proposals


def apply_proposals(document: Document, proposals: list, label: str | None = None, *, emit: bool = True):
    """Apply the chosen proposals (cell fixes, whole-column fills and derivations: anything with an
    `operation()`) as one operation (« appliquer ces 3 corrections »); `emit` as in `Document.apply`."""
    ops = [p.operation() for p in proposals]
    ops = [op for op in ops if op is not None]
    if not ops:
        return None
    if len(ops) == 1:
        return document.apply(ops[0], emit=emit)
    cells = sum(len(getattr(op, "row_ids", ())) for op in ops)
    return document.apply(CompoundOperation(label or f"{len(ops)} corrections ({cells} cellule(s))", ops,
                                            rule="fixes"), emit=emit)


def export_csv(document: Document, path: Path | str) -> Path:
    """The SCDL CSV (schema order) when a schema is chosen, else the table as it stands."""
    if document.schema is None:
        return write_scdl_csv(document.table, path)
    frame, _ = document.schema_frame()
    return write_scdl_csv(frame, path)


def replay_project(project_path: Path | str, source_path: Path | str | None = None):
    """A commune's saved project replayed on a file (next year's): (document, summary of what was not)."""
    from opendata_desktop.core.project import open_project

    return open_project(project_path, source_path)


def build_privacy_plan(document: Document, policy: dict | None = None, *, progress=None, cancelled=None):
    """Findings → the treatments proposed (or the coordinator's policy), shown before anything is applied."""
    from opendata_desktop.core.privacy.plan import build_plan

    return build_plan(document, policy, progress=progress, cancelled=cancelled)


def apply_privacy_plan(document: Document, plan):
    """The whole privacy plan as ONE operation (one undo step), addressed by row ids."""
    from opendata_desktop.core.privacy.plan import apply_plan

    return apply_plan(document, plan)


def anonymise(document: Document, policy: dict | None = None):
    """The default (or given) privacy plan, built and applied: what `anonymise` and the app both do."""
    plan = build_privacy_plan(document, policy)
    apply_privacy_plan(document, plan)
    return plan


def gate(path: Path | str, schema=None):
    """The pre-publication check on the exact bytes that would be sent."""
    from opendata_desktop.core.privacy.gate import scan_file

    return scan_file(path, schema)


def validate(document: Document, cancelled=None):
    """The document checked as it will be published, with what plain checks miss in identifier columns
    (a column damaged by a number cell, a SIREN in a SIRET field): the validator, kept for quick re-checks."""
    from opendata_desktop.core.fixes.review import add_identifier_findings
    from opendata_desktop.core.validation import validate_document

    validator = validate_document(document, cancelled)
    labels = {f: c for c, f in document.mapping.columns.items() if f}
    add_identifier_findings(validator, validator.frame, document.schema, labels)
    return validator


def validate_schema_form(table, schema, cancelled=None):
    """A file already in schema form, checked with its own columns (absent and extra ones reported)."""
    from opendata_desktop.core.fixes.review import add_identifier_findings
    from opendata_desktop.core.validation import validate_table

    validator = validate_table(table, schema, cancelled)
    add_identifier_findings(validator, validator.frame, schema, {})
    return validator
