"""Compatibility for the current privacy page: one finding's treatments as operations (row ids).

The one plan is `opendata_desktop.core.privacy.plan` (build_plan / PrivacyPlan.operation / apply_plan);
this adapter only keeps the page working until it uses the plan, with the same defaults.
"""

from __future__ import annotations

from dataclasses import dataclass

from opendata_desktop.core.operations import Operation
from opendata_desktop.core.privacy.detection import PersonalFinding
from opendata_desktop.core.privacy.plan import TREATMENT_LABELS, PlanItem, PrivacyPlan, _choices, scoped

NATURAL_PERSON = "Personne physique"
_KEYS = {"replace": "replace-all"}  # the page's former key for « replace every value »


@dataclass(frozen=True)
class Treatment:
    key: str
    label: str  # plain French, shown in the list

    def operation(self, finding: PersonalFinding, document) -> Operation | None:
        key = {"replace-all": "replace"}.get(self.key, self.key)
        finding = scoped(finding)  # same rows as the plan: a contact column is treated whole
        ids = [int(document.row_ids[p]) for p in finding.rows] if finding.rows is not None else None
        item = PlanItem(finding.column, finding.entity, finding.reason, ids, [key], key)
        return PrivacyPlan([item], int(getattr(document, "revision", 0)), len(document.table)).operation(document)


KEEP = Treatment("keep", "Ne rien faire (ce n'est pas une donnée personnelle)")


def treatments_for(finding: PersonalFinding, target_field: str | None, required: bool) -> list[Treatment]:
    """Proposals, the recommended one first (the plan's defaults)."""
    out = []
    for key in _choices(scoped(finding), target_field, required, True):
        out.append(KEEP if key == "keep" else Treatment(_KEYS.get(key, key), TREATMENT_LABELS[key][:1].upper()
                                                         + TREATMENT_LABELS[key][1:]))
    return out
