"""Text folding shared by header matching and detectors: accents, case, punctuation."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """'Date de la Convention (AAAA-MM-JJ)' -> 'date de la convention aaaa mm jj'."""
    return _NON_ALNUM.sub(" ", strip_accents(text).lower()).strip()


def compact(text: str) -> str:
    """'nomBénéficiaire' and 'NOM_BENEFICIAIRE' both -> 'nombeneficiaire'."""
    return fold(text).replace(" ", "")


def slugify(text: str) -> str:
    """Lowercase, no accents, words joined by '-' (SCDL file-name rule)."""
    return fold(text).replace(" ", "-")
