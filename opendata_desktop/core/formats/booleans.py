"""Yes/no as people write them, for fields whose values are a yes/no choice."""

from __future__ import annotations

from opendata_desktop.core.textnorm import fold

TRUE_WORDS = frozenset({"oui", "o", "vrai", "v", "true", "yes", "y", "x", "1", "ok", "coche"})
FALSE_WORDS = frozenset({"non", "n", "faux", "f", "false", "no", "0"})


def parse_boolean(text: str) -> bool | None:
    word = fold(text)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None
