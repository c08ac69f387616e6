"""The privacy plan: findings → treatments → ONE compound operation, the same for the app and the CLI.

A plan is built on a document (`build_plan`), shown before anything changes (`summary`, `summary_text`:
a count per treatment and one masked example each), adjusted (`choose`), then applied at once
(`apply_plan`: one undo step, rows addressed by their source row ids, carrying the revision it was
computed on). Defaults leave a publishable file: a subsidy to a natural person is left out of the
publication (CRPA L312-1-2), since « Personne physique » without SIRET nor RNA fails the schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from opendata_desktop.core.operations import (CompoundOperation, DropColumn, DropRows, Operation, ReplaceCells,
                                              SetCells)
from opendata_desktop.core.privacy import operators
from opendata_desktop.core.privacy.detection import ENTITY_LABELS, PersonalFinding, detect_personal_data

LEGAL_REASON = ("CRPA art. L312-1-2 : les données personnelles ne sont publiées qu'après un traitement qui "
                "rend impossible l'identification des personnes.")
NATURAL_PERSON = operators.NATURAL_PERSON

TREATMENT_LABELS = {
    "drop-rows": "lignes non publiées (personnes physiques)",
    "replace-rows": f"nom remplacé par « {NATURAL_PERSON} » sur ces lignes",
    "replace": f"valeurs remplacées par « {NATURAL_PERSON} »",
    "blank": "cellules vidées",
    "drop": "colonne retirée",
    "occult": "noms et coordonnées occultés dans le texte (« [occulté] »)",
    "pseudonymise": "pseudonymisé (reste une donnée personnelle)",
    "year": "date réduite à l'année",
    "month": "date réduite au mois",
    "age-band": "âge par tranche de 10 ans",
    "street": "adresse réduite à la voie",
    "keep": "conservé tel quel",
}
# Value operators: recomputed from the cell's own value (also used to replay a project, see replay.py).
VALUE_OPERATORS = {"occult": operators.occult_names, "year": lambda v: operators.generalise_date(v, "year"),
                   "month": lambda v: operators.generalise_date(v, "month"), "age-band": operators.age_band,
                   "street": operators.street_only}
_PERSON_ENTITIES = ("PERSON", "FIRST_NAME", "LAST_NAME")
# Findings treated on their rows only: a name (or an EI's SIRET) among organisations names one row's
# subject, and text is occulted where a person is named. Every other finding on some rows only (a phone,
# an e-mail, an address, a date of birth…) is a contact or an attribute: treated on the whole column,
# since the rows it was not flagged on are not known to be safe (a mis-read name leaves its contact).
# Unless the rows come from the person/organisation split of the row's name column (`finding.split`): then
# only the rows positively recognised as organisations' keep their contact (seat, landline, mailbox).
ROW_SCOPED = _PERSON_ENTITIES + ("FR_SIRET_NATURAL_PERSON", "FREE_TEXT_WITH_PERSON")


def scoped(finding: PersonalFinding) -> PersonalFinding:
    """The rows a finding's treatment covers: its rows for a name or a text, the whole column otherwise."""
    if finding.rows is not None and finding.entity not in ROW_SCOPED and not finding.split:
        return replace(finding, rows=None)  # a contact column: the whole column
    return finding


def mask(value: str) -> str:
    """« Sophie Martin » -> « S… M… »: enough to recognise the kind of value, not the person."""
    return " ".join(w[0] + "…" for w in str(value).split() if w) or "…"


@dataclass
class PlanItem:
    column: str
    entity: str
    reason: str  # French, never quoting a value
    row_ids: list[int] | None  # source row ids; None: the whole column
    choices: list[str]  # treatment keys, the recommended one first
    treatment: str
    field: str | None = None  # schema field the column feeds
    example: str = ""  # masked value, or the occulted text

    @property
    def entity_label(self) -> str:
        return ENTITY_LABELS.get(self.entity, self.entity)

    def count(self, n_rows: int) -> int:
        return len(self.row_ids) if self.row_ids is not None else n_rows


@dataclass
class PrivacyPlan:
    items: list[PlanItem]
    revision: int  # doc.revision the plan was computed on
    n_rows: int
    small_counts: dict | None = None  # {"column": …, "threshold": 3, "row_ids": […]}
    secret: bytes = field(default_factory=operators.new_secret, repr=False)  # pseudonyms: one per plan

    # -- what the user sees before applying -------------------------------------------------------
    def choose(self, column: str, treatment: str) -> None:
        for item in self.items:
            if item.column == column:
                if treatment not in item.choices and treatment != "keep":
                    raise ValueError(f"Traitement « {treatment} » impossible pour la colonne « {column} ».")
                item.treatment = treatment

    def rows_left_out(self) -> list[int]:
        """Source row ids the plan leaves out of the publication."""
        ids: set[int] = set()
        for item in self.items:
            if item.treatment == "drop-rows" and item.row_ids:
                ids.update(item.row_ids)
        if self.small_counts:
            ids.update(self.small_counts.get("row_ids", []))
        return sorted(ids)

    def summary(self) -> list[dict]:
        """One entry per treatment: French label, how many rows/cells/columns, columns, one example."""
        groups: dict[str, dict] = {}
        left_out = set(self.rows_left_out())
        for item in self.items:
            if item.treatment == "keep":
                continue
            g = groups.setdefault(item.treatment, {"treatment": item.treatment,
                                                   "label": TREATMENT_LABELS.get(item.treatment, item.treatment),
                                                   "count": 0, "unit": _unit(item.treatment), "columns": [],
                                                   "example": "", "reason": ""})
            if item.treatment == "drop-rows":
                g["count"] = len(left_out)
                g["reason"] = LEGAL_REASON
            elif item.treatment == "drop":
                g["count"] += 1
            else:
                ids = item.row_ids if item.row_ids is not None else None
                g["count"] += len([i for i in ids if i not in left_out]) if ids is not None else self.n_rows
            g["columns"].append(item.column)
            if not g["example"] and item.example:
                g["example"] = f"« {item.column} » : {item.example}"
        if self.small_counts and self.small_counts.get("row_ids"):
            groups.setdefault("drop-rows", {"treatment": "drop-rows", "label": TREATMENT_LABELS["drop-rows"],
                                            "count": len(left_out), "unit": "ligne(s)", "columns": [],
                                            "example": "", "reason": ""})
            groups["drop-rows"]["count"] = len(left_out)
            groups["drop-rows"]["reason"] = (groups["drop-rows"]["reason"] + " Effectifs inférieurs à "
                                             f"{self.small_counts['threshold']} : la personne serait reconnue.").strip()
        return list(groups.values())

    def summary_text(self) -> str:
        """The plan in plain French, as the app shows it and the CLI prints it."""
        entries = self.summary()
        if not entries:
            return "Aucune donnée personnelle à traiter."
        lines = ["Traitements prévus avant publication :"]
        for e in entries:
            cols = ", ".join(f"« {c} »" for c in e["columns"])
            line = f"- {e['label']} : {e['count']} {e['unit']}" + (f" ({cols})" if cols else "")
            if e["example"]:
                line += f" — exemple : {e['example']}"
            if e["reason"]:
                line += f"\n  Motif : {e['reason']}"
            lines.append(line)
        return "\n".join(lines)

    # -- applying ----------------------------------------------------------------------------------
    def operation(self, document) -> CompoundOperation | None:
        """All treatments as one compound operation (one undo step), rows addressed by source row ids."""
        left_out = set(self.rows_left_out())
        ops: list[Operation] = []
        dropped_columns: list[str] = []
        id_to_pos = {int(r): p for p, r in enumerate(document.row_ids)}
        for item in self.items:
            column = item.column
            if item.treatment in ("keep", "drop-rows") or column not in document.table.columns:
                continue
            if item.treatment == "drop":
                dropped_columns.append(column)
                continue
            ids = item.row_ids if item.row_ids is not None else [int(r) for r in document.row_ids]
            ids = [i for i in ids if i not in left_out and i in id_to_pos]  # never touch a row left out
            if not ids:
                continue
            col = document.table.columns.get_loc(column)
            before = [str(document.table.iat[id_to_pos[i], col]) for i in ids]
            keep = [k for k, v in enumerate(before) if v.strip()]
            ids, before = [ids[k] for k in keep], [before[k] for k in keep]
            if not ids:
                continue
            if item.treatment in ("replace", "replace-rows", "blank"):
                value = "" if item.treatment == "blank" else NATURAL_PERSON
                ops.append(ReplaceCells(column, ids, value, reason=TREATMENT_LABELS[item.treatment],
                                        expected=before, rule=f"privacy-{item.treatment}"))
            elif item.treatment == "pseudonymise":
                values = [operators.pseudonym(v, self.secret) for v in before]
                ops.append(SetCells(column, ids, values, TREATMENT_LABELS["pseudonymise"], rule="pseudonym",
                                    expected=before))
            elif item.treatment in VALUE_OPERATORS:
                convert = VALUE_OPERATORS[item.treatment]
                values = [convert(v) for v in before]
                changed = [k for k, (a, b) in enumerate(zip(before, values)) if a != b]
                if changed:
                    ops.append(SetCells(column, [ids[k] for k in changed], [values[k] for k in changed],
                                        TREATMENT_LABELS[item.treatment], rule=f"privacy-{item.treatment}",
                                        expected=[before[k] for k in changed]))
        ops += [DropColumn(c, reason="donnée personnelle") for c in dropped_columns]
        present = [i for i in sorted(left_out) if i in id_to_pos]
        if present:
            ops.append(DropRows(present, reason="personnes physiques (CRPA L312-1-2)", rule="privacy-drop-rows"))
        if not ops:
            return None
        return CompoundOperation(f"données personnelles : {len(ops)} traitement(s)", ops, rule="privacy")


def _unit(treatment: str) -> str:
    return {"drop-rows": "ligne(s)", "drop": "colonne(s)"}.get(treatment, "cellule(s)")


def _choices(finding: PersonalFinding, target_field: str | None, required: bool, has_schema: bool) -> list[str]:
    """Treatments offered for a finding, the default first (the one that leaves a publishable file)."""
    if finding.entity == "FREE_TEXT_WITH_PERSON":
        return ["occult", "blank", "drop", "keep"]
    if has_schema and target_field is None:
        return ["drop", "keep"]  # not published anyway
    if finding.rows is not None:
        if finding.entity in _PERSON_ENTITIES or finding.entity == "FR_SIRET_NATURAL_PERSON":
            return ["drop-rows", "replace-rows" if finding.entity in _PERSON_ENTITIES else "blank", "keep"]
        if finding.entity == "OTHER_PERSONAL":
            return ["occult", "blank", "keep"]
        return ["blank", "drop-rows", "keep"]
    if finding.entity == "DATE_OF_BIRTH":
        return (["year", "blank", "keep"] if required else ["drop", "year", "month", "keep"])
    if finding.entity == "ADDRESS" and not required:
        return ["drop", "street", "blank", "keep"]
    if required:
        first = "replace" if finding.entity in _PERSON_ENTITIES else "blank"
        return [first, "blank" if first == "replace" else "replace", "pseudonymise", "keep"]
    return ["drop", "blank", "pseudonymise", "keep"]


def build_plan(document, policy: dict | None = None, *, progress=None, cancelled=None) -> PrivacyPlan:
    """Detect (with the schema's knowledge of each field) and propose the default treatments."""
    policy = policy or {}
    table = document.table
    schema = getattr(document, "schema", None)
    mapping = _mapping_of(document) if schema is not None else {}
    findings = detect_personal_data(table, mapping, schema=schema, progress=progress, cancelled=cancelled)
    required = {f.name for f in schema.required_fields} if schema is not None else set()
    chosen = policy.get("columns", {})
    row_ids = np.asarray(getattr(document, "row_ids", np.arange(len(table))))
    items: list[PlanItem] = []
    for finding in findings:
        finding = scoped(finding)
        target = mapping.get(finding.column)
        choices = _choices(finding, target, target in required, schema is not None)
        action = (chosen.get(finding.column) or {}).get("action") or choices[0]
        ids = [int(row_ids[p]) for p in finding.rows] if finding.rows is not None else None
        example = _example(finding, action)
        items.append(PlanItem(finding.column, finding.entity, finding.reason, ids, choices, action, target, example))
    plan = PrivacyPlan(items, int(getattr(document, "revision", 0)), len(table))
    small = policy.get("small_counts")
    if small and small.get("column") in table.columns:
        threshold = int(small.get("threshold", 3))
        positions = operators.suppress_small_counts(table, small["column"], threshold)
        plan.small_counts = {"column": small["column"], "threshold": threshold,
                             "row_ids": [int(row_ids[p]) for p in positions]}
    return plan


def _mapping_of(document) -> dict:
    columns = getattr(document.mapping, "columns", None)
    if isinstance(columns, dict):
        return dict(columns)
    return {c: document.mapping.field_for(c) for c in document.table.columns}


def _example(finding: PersonalFinding, action: str) -> str:
    if not finding.examples:
        return ""
    value = str(finding.examples[0])
    if action == "occult" or finding.entity == "FREE_TEXT_WITH_PERSON":
        after = operators.occult_names(value)
        return f"« {after[:80]}{'…' if len(after) > 80 else ''} »"
    return f"« {mask(value)} »"


def apply_plan(document, plan: PrivacyPlan):
    """Apply the whole plan as one operation; returns its OpChanges (None if there was nothing to do)."""
    op = plan.operation(document)
    return document.apply(op) if op is not None else None


def errors_settled_by_plan(plan: PrivacyPlan, document, errors) -> list:
    """The validation errors (CellError) that applying the plan will settle: those of rows it leaves out.

    The verification step shows them as « réglées à l'étape Données personnelles » instead of asking
    for a fix (e.g. a natural person's subsidy without SIRET nor RNA).
    """
    left_out = set(plan.rows_left_out())
    if not left_out:
        return []
    settled = []
    for error in errors:
        index = getattr(error, "row_index", None)
        if index is None or not 0 <= index < len(document.row_ids):
            continue
        if int(document.row_ids[index]) in left_out:
            settled.append(error)
    return settled


def rows_left_out(document) -> set[int]:
    """Positions (0-based working rows) that the default plan leaves out of the publication.

    For the verification step: the errors of these rows are settled by the privacy step.
    """
    plan = build_plan(document)
    ids = set(plan.rows_left_out())
    row_ids = getattr(document, "row_ids", None)
    if row_ids is None:
        return ids
    return {p for p, r in enumerate(row_ids) if int(r) in ids}
