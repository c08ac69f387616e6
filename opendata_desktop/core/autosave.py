"""Autosave after every change, and recovery of unsaved work after a crash or a power cut.

An autosave that fails (full disk, locked folder) never stops the edit or the views: the failure is
told through `failed` (a French message) and the next change tries again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from opendata_desktop.core.document import Document
from opendata_desktop.core.errors import UserMessage, describe_exception
from opendata_desktop.core.events import Signal
from opendata_desktop.core.paths import autosave_dir
from opendata_desktop.core.project import SUFFIX, check_project_data, save_project


def autosave_path(document: Document) -> Path:
    return autosave_dir() / f"{document.source_checksum[:16]}{SUFFIX}"


class Autosaver:
    """Writes the project to the autosave folder after each operation (atomic: never half-written)."""

    def __init__(self, document: Document):
        self.document = document
        self.path = autosave_path(document)
        self.failed = Signal()  # emits a UserMessage (« Disque plein »…) when a save fails
        self.last_error: UserMessage | None = None
        document.changed.connect(self._save)

    def _save(self, _changes=None) -> None:
        if self.document.schema is None:
            return
        try:
            save_project(self.document, self.path)
        except Exception as exc:  # never let a failed autosave stop the edit or the other listeners
            self.last_error = describe_exception(exc)
            self.failed.emit(self.last_error)
        else:
            self.last_error = None

    def clear(self) -> None:
        """The work is saved in a real project: nothing to recover until the next change."""
        self.path.unlink(missing_ok=True)

    def detach(self) -> None:
        """Stop following the document; what was autosaved stays recoverable."""
        self.document.changed.disconnect(self._save)

    def discard(self) -> None:
        """The work was saved in a real project (or deliberately dropped): no recovery needed."""
        self.detach()
        self.path.unlink(missing_ok=True)


@dataclass(frozen=True)
class Recoverable:
    path: Path
    source_name: str
    saved_at: str
    operations: int


def recoverable_work() -> list[Recoverable]:
    """Autosaves worth offering at start; damaged ones are set aside (renamed), never block the start."""
    found = []
    for path in sorted(autosave_dir().glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
        if data is None or check_project_data(data):
            try:
                path.replace(path.with_suffix(".endommage"))
            except OSError:
                pass
            continue
        if data.get("operations"):
            found.append(Recoverable(path, Path(data["source"]["path"]).name, str(data.get("saved_at", "")),
                                     len(data["operations"])))
    return found
