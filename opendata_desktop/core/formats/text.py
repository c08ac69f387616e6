"""Free text helpers."""

from __future__ import annotations

import re


def shorten_at_word(text: str, max_length: int, ellipsis: str = "…") -> str | None:
    """The longest start of `text` that ends at a word boundary and fits `max_length` with `ellipsis`;
    None when even one word does not fit (the person shortens it)."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= max_length:
        return text
    room = max_length - len(ellipsis)
    if room <= 0:
        return None
    cut = text[:room + 1]
    boundary = max(cut.rfind(" "), 0)
    head = cut[:boundary].rstrip(" ,;:-–(")
    if not head:
        return None
    return head + ellipsis
