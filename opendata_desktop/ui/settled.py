"""Which rows the privacy step will leave out, so step 4 never asks to fix them.

The rows the core's privacy plan leaves out by default (aids to natural persons…). Runs in the worker,
on the snapshot.
"""

from __future__ import annotations

import logging

log = logging.getLogger("opendata_desktop.ui")


def settled_by_privacy(snapshot) -> set[int]:
    """Positions (0-based working rows) that the recommended privacy plan does not publish."""
    from opendata_desktop.core.privacy.plan import rows_left_out

    try:
        return {int(r) for r in rows_left_out(snapshot)}
    except Exception:  # never stop the verdict for a hint
        log.exception("rows settled by the privacy step")
        return set()
