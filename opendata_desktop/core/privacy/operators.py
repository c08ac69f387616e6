"""Privacy operators: what replaces personal data before publication (CNIL/CADA practice).

Occultation and replacement remove the person; generalisation and small-count suppression reduce what
indirectly identifies; a keyed pseudonym only links rows of one publication and remains personal data
(GDPR art. 4(5)): it is labelled so, and its secret is never stored.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
import secrets

import pandas as pd

from opendata_desktop.core.formats.dates import parse_date
from opendata_desktop.core.privacy.detection import _HOUSE, contact_spans, identifier_spans
from opendata_desktop.core.privacy.names import person_spans
from opendata_desktop.core.textnorm import fold

OCCULTED = "[occulté]"
NATURAL_PERSON = "Personne physique"


def occult_names(text: str) -> str:
    """« Cession de la parcelle AB 12 à M. Paul Durand » -> « Cession de la parcelle AB 12 à [occulté] ».

    Names, phones, e-mails and identifiers are replaced; every other character stays as it was.
    """
    spans = [(s, e) for s, e in person_spans(text)]
    spans += [(s, e) for s, e, _ in contact_spans(text)]
    spans += [(s, e) for s, e, _ in identifier_spans(text)]
    if not spans:
        return text
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    out, last = [], 0
    for s, e in merged:
        out += [text[last:s], OCCULTED]
        last = e
    out.append(text[last:])
    return "".join(out)


def new_secret() -> bytes:
    """32 random bytes from the OS, for one publication only; never written anywhere."""
    return secrets.token_bytes(32)


def pseudonym(value: str, secret: bytes, prefix: str = "P-") -> str:
    """Keyed HMAC-SHA-256 of the normalised value: the same person gets the same alias in one file."""
    if not value.strip():
        return value
    normalised = " ".join(sorted(fold(value).split()))  # « DUPONT Jean » == « Jean Dupont »
    digest = hmac.new(secret, normalised.encode("utf-8"), hashlib.sha256).digest()
    return prefix + base64.b32encode(digest).decode("ascii")[:12]


def generalise_date(value: str, level: str = "year") -> str:
    """« 14/03/1952 » -> « 1952 » (year) or « 1952-03 » (month); unreadable dates are emptied."""
    day = parse_date(value) or _iso(value)
    if day is None:
        return ""
    return f"{day.year}" if level == "year" else f"{day.year}-{day.month:02d}"


def _iso(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def age_band(value: str, width: int = 10, top: int = 90) -> str:
    """« 37 » -> « 30-39 »; « 94 » -> « 90+ »."""
    try:
        age = int(float(value.replace(",", ".")))
    except ValueError:
        return ""
    if age >= top:
        return f"{top}+"
    low = age // width * width
    return f"{low}-{low + width - 1}"


def street_only(value: str) -> str:
    """« 12 bis rue des Lilas » -> « rue des Lilas »: the street, not the house."""
    match = _HOUSE.match(value)
    return value[match.start(2):].strip() if match else value


def suppress_small_counts(frame: pd.DataFrame, count_column: str, threshold: int = 3) -> list[int]:
    """Rows whose count of persons is under `threshold` (to be left out: schemas forbid « <3 »)."""
    counts = pd.to_numeric(frame[count_column], errors="coerce")
    return [int(i) for i in frame.index[(counts < threshold).fillna(False).to_numpy()]]


def k_anonymity(frame: pd.DataFrame, quasi_identifiers: list[str], sensitive: str | None = None,
                k: int = 5) -> dict:
    """Equivalence classes on the quasi-identifiers: k, records at risk, prosecutor and average risks, ℓ."""
    if not quasi_identifiers or frame.empty:
        return {"k_min": None, "records_below_k": 0, "classes": 0}
    groups = frame.groupby(quasi_identifiers, dropna=False)
    sizes = groups.size()
    report = {
        "quasi_identifiers": list(quasi_identifiers), "k_target": k, "k_min": int(sizes.min()),
        "classes": int(len(sizes)), "classes_below_k": int((sizes < k).sum()),
        "records_below_k": int(sizes[sizes < k].sum()), "prosecutor_risk": round(1 / int(sizes.min()), 4),
        "average_risk": round(len(sizes) / len(frame), 4),
    }
    if sensitive:
        report["sensitive"] = sensitive
        report["l_min"] = int(groups[sensitive].nunique().min())
    report["passed"] = report["k_min"] >= k and report.get("l_min", 2) >= 2
    return report
