"""The checksum that tells a project whether its source file is still the same file."""

from __future__ import annotations

import hashlib
from pathlib import Path


def file_checksum(path: Path | str) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()
