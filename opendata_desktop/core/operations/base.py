"""Every user action is a small operation that returns its changes (Anki's model).

An operation applies itself to a document and remembers just enough to revert; the stack turns
that into undo/redo with French labels (« Annuler : suppression de la colonne Téléphone »), and the
journal of applied operations is what a project file replays on next year's spreadsheet.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from opendata_desktop.core.document import Document


@dataclass(frozen=True)
class OpChanges:
    """What an operation touched, so each view decides itself whether to refresh."""

    label: str
    columns: tuple[str, ...] = ()
    rows: tuple[int, ...] = ()
    structure: bool = False  # columns added/removed or mapping changed
    values: bool = True


class Operation(ABC):
    kind: str = "operation"

    @property
    @abstractmethod
    def label(self) -> str:
        """French description, used in « Annuler : … » and in the journal."""

    @abstractmethod
    def apply(self, doc: "Document") -> OpChanges: ...

    @abstractmethod
    def revert(self, doc: "Document") -> OpChanges: ...

    @abstractmethod
    def to_dict(self) -> dict:
        """Journal entry: enough to replay the operation on another version of the file."""


@dataclass
class UndoStack:
    done: list[Operation] = field(default_factory=list)
    undone: list[Operation] = field(default_factory=list)

    def pushed(self, op: Operation) -> None:
        self.done.append(op)
        self.undone.clear()

    @property
    def can_undo(self) -> bool:
        return bool(self.done)

    @property
    def can_redo(self) -> bool:
        return bool(self.undone)

    @property
    def undo_label(self) -> str:
        return f"Annuler : {self.done[-1].label}" if self.done else "Annuler"

    @property
    def redo_label(self) -> str:
        return f"Rétablir : {self.undone[-1].label}" if self.undone else "Rétablir"
