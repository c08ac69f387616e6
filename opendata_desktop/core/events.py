"""A tiny Qt-free signal, so that views can observe core objects without core knowing Qt.

Listeners are isolated: one that fails (a full disk during autosave) does not stop the others (the views
still refresh); the failure goes to `listener_error_handler`, which the app replaces to show it in French.
"""

from __future__ import annotations

import logging
from typing import Any, Callable

log = logging.getLogger(__name__)


def _log_listener_error(exc: BaseException) -> None:
    log.error("a listener failed", exc_info=exc)


listener_error_handler: Callable[[BaseException], None] = _log_listener_error


def set_listener_error_handler(handler: Callable[[BaseException], None] | None) -> None:
    global listener_error_handler
    listener_error_handler = handler or _log_listener_error


class Signal:
    def __init__(self) -> None:
        self._slots: list[Callable[..., Any]] = []

    def connect(self, slot: Callable[..., Any]) -> None:
        if slot not in self._slots:
            self._slots.append(slot)

    def disconnect(self, slot: Callable[..., Any]) -> None:
        if slot in self._slots:
            self._slots.remove(slot)

    def emit(self, *args: Any) -> None:
        failures = []
        for slot in list(self._slots):
            try:
                slot(*args)
            except Exception as exc:  # isolate listeners: report after every one has run
                failures.append(exc)
        for exc in failures:
            listener_error_handler(exc)
