"""What a step page needs from the window, without knowing the window (no pages ↔ main window cycle).

The main window builds one `Services` and hands it to every page. Pages read the current document,
show errors and messages, run tasks, read settings and move between steps only through it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from opendata_desktop.core.settings import Settings
from opendata_desktop.ui.errors import ErrorPresenter
from opendata_desktop.ui.tasks import TaskRunner


def _nothing(*_args: Any, **_kwargs: Any) -> None:
    return None


@dataclass
class Services:
    errors: ErrorPresenter
    settings: Settings
    tasks: TaskRunner
    document_of: Callable[[], Any] = lambda: None  # the document being prepared (None before a file is open)
    status: Callable[[str, int], None] = _nothing  # a short message in the status bar (text, milliseconds)
    inform: Callable[[str, str], None] = _nothing  # a message the person must read (title, text)
    open_file: Callable[..., Any] = _nothing  # open a spreadsheet (path, options=None)
    open_project: Callable[[Path], Any] = _nothing
    go_to: Callable[[int], None] = _nothing  # show a step (0-based)
    next_step: Callable[[], None] = _nothing
    wanted_schema: dict[str, str] = field(default_factory=dict)  # chosen on the welcome page: {"name": …}

    @property
    def document(self):
        return self.document_of()
