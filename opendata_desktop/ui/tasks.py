"""Long work off the GUI thread, with progress and cancel (napari's workers, Anki's two executors).

Document work (reading, validating, writing) goes to a single-thread pool so it is serialised and
never races an edit; network work (publishing, connection tests) goes to a small parallel pool.
A task function receives `report(percent, message)` and `cancelled()`; it may raise `Cancelled`.
"""

from __future__ import annotations

import gc
import threading
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from opendata_desktop.core.errors import Cancelled

TaskFn = Callable[[Callable[[int, str], None], Callable[[], bool]], Any]


class Task(QObject):
    progress = Signal(int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled_signal = Signal()
    finished = Signal()

    def __init__(self, label: str, fn: TaskFn):
        super().__init__()
        self.label = label
        self._fn = fn
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:  # worker thread
        try:
            result = self._fn(lambda pct, msg: self.progress.emit(int(pct), str(msg)), self.is_cancelled)
        except Cancelled:
            self.cancelled_signal.emit()
        except BaseException as exc:  # handed to the GUI thread's error presenter
            self.failed.emit(exc)
        else:
            if self._cancel.is_set():
                self.cancelled_signal.emit()
            else:
                self.succeeded.emit(result)
        finally:
            self.finished.emit()


class _Runnable(QRunnable):
    def __init__(self, task: Task):
        super().__init__()
        self.task = task
        self.setAutoDelete(True)

    def run(self) -> None:
        self.task.run()


_FROZEN_WHY = """A worker that allocates many objects (a verdict on 100,000 rows makes hundreds of thousands of
errors) triggers full garbage collections, and each walks every tracked object — the document included —
holding the interpreter lock: the window froze 2.2 s. What is alive when a document task starts is
long-lived, so it is moved out of the collector's walk (`gc.freeze`); `release_frozen` gives it back when
a document is closed."""


def release_frozen() -> None:
    """A document is closed or replaced: what was frozen may now be garbage (collected once, here)."""
    gc.unfreeze()
    gc.collect()


class TaskRunner(QObject):
    started = Signal(object)  # Task
    ended = Signal(object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.document_pool = QThreadPool(self)
        self.document_pool.setMaxThreadCount(1)
        self.network_pool = QThreadPool(self)
        self.network_pool.setMaxThreadCount(3)
        self._running: set[Task] = set()

    def run(self, label: str, fn: TaskFn, *, on_success: Callable[[Any], None] | None = None,
            on_failure: Callable[[BaseException], None] | None = None, network: bool = False) -> Task:
        task = Task(label, fn)
        self._running.add(task)
        if on_success:
            task.succeeded.connect(on_success)
        if on_failure:
            task.failed.connect(on_failure)
        task.finished.connect(lambda: self._finish(task))
        self.started.emit(task)
        if not network:
            gc.freeze()  # see _FROZEN_WHY
        (self.network_pool if network else self.document_pool).start(_Runnable(task))
        return task

    def _finish(self, task: Task) -> None:
        self._running.discard(task)
        self.ended.emit(task)

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def wait_all(self, msecs: int = 30000) -> bool:
        return self.document_pool.waitForDone(msecs) and self.network_pool.waitForDone(msecs)
