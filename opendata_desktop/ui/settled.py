"""Which rows the privacy step will leave out, so step 4 never asks to fix them.

Uses the core's privacy plan when it offers « the errors the privacy step settles »; until then, the
rows of the findings whose recommended treatment is to leave the rows out (aids to natural persons).
Runs in the worker, on the snapshot.
"""

from __future__ import annotations

import logging

log = logging.getLogger("opendata_desktop.ui")


def settled_by_privacy(snapshot) -> set[int]:
    """Positions (0-based working rows) that the recommended privacy plan does not publish."""
    try:
        from opendata_desktop.core.privacy import plan as privacy_plan  # the one plan, when it exists
    except ImportError:
        privacy_plan = None
    rows = getattr(privacy_plan, "rows_left_out", None) if privacy_plan else None
    try:
        if rows is not None:
            return {int(r) for r in rows(snapshot)}
        from opendata_desktop.core.privacy import detect_personal_data
        from opendata_desktop.core.privacy.treatments import treatments_for

        left_out: set[int] = set()
        for finding in detect_personal_data(snapshot.table, snapshot.mapping.columns):
            target = snapshot.mapping.columns.get(finding.column)
            if finding.rows is None or not target:
                continue
            required = snapshot.schema.field(target).required
            if treatments_for(finding, target, required)[0].key == "drop-rows":
                left_out.update(int(r) for r in finding.rows)
        return left_out
    except Exception:  # never stop the verdict for a hint
        log.exception("rows settled by the privacy step")
        return set()
