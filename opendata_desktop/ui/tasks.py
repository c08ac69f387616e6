"""Long work off the GUI thread, with progress and cancel (napari's workers, Anki's two executors).

Document work (reading, validating, writing) goes to a single-thread pool so it is serialised and
never races an edit; network work (publishing, connection tests) goes to a small parallel pool.
A task function receives `report(percent, message)` and `cancelled()`; it may raise `Cancelled`.
"""

from __future__ import annotations

import gc
import logging
import queue
import sys
import threading
import time
import weakref
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

    def __init__(self, label: str, fn: TaskFn, *, quiet_collector: bool = False):
        super().__init__()
        self.label = label
        self._fn = fn
        self._cancel = threading.Event()
        self._quiet = quiet_collector  # a document task: full garbage collections put off (_FROZEN_WHY)

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:  # worker thread
        if self._quiet:
            _enter_quiet()
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
            if self._quiet:
                _leave_quiet()
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
a document is closed. While a document task runs, automatic collections are off: the objects the task
makes grew each full collection to 350 ms, and even young collections took up to 80 ms (they traverse the
half-million-entry containers a verdict builds while those are young). A verdict on 100,000 rows leaves 7
objects of cyclic garbage: everything else is freed by reference counting, collector or not. When the
last document task ends, what it made and kept (the report, its errors) is frozen too, so the GUI
thread's collections do not walk it either; `release_frozen` reclaims the few cycles with the rest."""

_SWITCH_WHY = """PySide releases the interpreter lock around each Qt call and takes it back after: with a worker busy in
Python, each take-back can wait the whole switch interval (5 ms by default), so a handler making hundreds of
Qt calls (a table shown while the checks run: sizes, headers, cells, the application's event filter) stops
the window for a multiple of it. While a document task runs, the worker is asked to hand the lock over after
0.1 ms: at 1 ms, showing a verdict on 10,000 rows still stopped the window for 300 ms; the worker loses a
few per cent only while the window is busy."""
WORKER_SWITCH_INTERVAL = 0.0001

_quiet_lock = threading.Lock()
_quiet_tasks = 0
_was_enabled = False
_saved_switch: float | None = None


def _enter_quiet() -> None:
    """A document task starts: no automatic collection until the last one ends (see _FROZEN_WHY)."""
    global _quiet_tasks, _was_enabled, _saved_switch
    with _quiet_lock:
        _quiet_tasks += 1
        if _quiet_tasks == 1:
            _was_enabled = gc.isenabled()
            gc.disable()
            _saved_switch = sys.getswitchinterval()
            sys.setswitchinterval(min(_saved_switch, WORKER_SWITCH_INTERVAL))  # see _SWITCH_WHY


def _leave_quiet() -> None:
    global _quiet_tasks, _saved_switch
    with _quiet_lock:
        _quiet_tasks -= 1
        if _quiet_tasks == 0 and _saved_switch is not None:
            gc.freeze()  # what the task made and kept is long-lived too
            if _was_enabled:
                gc.enable()
            sys.setswitchinterval(_saved_switch)
            _saved_switch = None


_DISPOSE_WHY = """Dropping the last reference to a verdict on 100,000 rows (the validator, its report, the page's
error groups and cell notes) frees a million and a half objects in one go, holding the interpreter lock:
280 ms on the GUI thread. What a page replaces is handed to `dispose_later`; a background thread empties
it a piece at a time (dicts and lists, and our own objects' attributes). Anything someone else still uses
is never emptied: its last user frees it as usual."""

_trash: queue.SimpleQueue = queue.SimpleQueue()
_disposer: threading.Thread | None = None
_OUR_MODULES = "opendata_desktop."


def dispose_later(*objects) -> None:
    """Free these (big) objects off the GUI thread; the caller drops its own references right after."""
    global _disposer
    for obj in objects:
        if obj is not None and not type(obj).__module__.startswith("PySide6"):  # Qt objects die on their thread
            _trash.put((obj, 0))
    with _quiet_lock:
        if _disposer is None or not _disposer.is_alive():
            _disposer = threading.Thread(target=_dispose_forever, name="disposer", daemon=True)
            _disposer.start()


def _dispose_forever() -> None:
    while True:
        obj, tries = _trash.get()
        if sys.getrefcount(obj) > 2 and tries < 20:  # the GUI thread has not let go yet: a little later
            _trash.put((obj, tries + 1))
            del obj
            time.sleep(0.01)
            continue
        try:
            _dismantle(obj, 3)
        except Exception:  # never lose the thread over a piece of garbage
            logging.getLogger("opendata_desktop.ui").exception("disposal")
        del obj


_PIECE = 500  # entries freed between two pauses


def _give_way() -> None:
    """Background work: let the GUI thread (and the worker) take the lock at once, rather than after the
    switch interval — freeing is never urgent."""
    time.sleep(0.0002)


def _large(value) -> bool:
    return isinstance(value, (dict, list, set)) and len(value) > 64


def _ours(value) -> bool:
    return type(value).__module__.startswith(_OUR_MODULES) and isinstance(getattr(value, "__dict__", None), dict)


def _dismantle(obj, depth: int) -> None:
    """Empty `obj` an entry at a time (large entries likewise, `depth` levels down) if nobody else holds
    it: the caller's variable, this parameter and getrefcount's argument are the three references expected."""
    if sys.getrefcount(obj) > 3:
        return
    if isinstance(obj, dict):
        while obj:
            for _ in range(min(_PIECE, len(obj))):
                _, value = obj.popitem()
                if depth > 0 and _large(value):
                    _dismantle(value, depth - 1)
                del value
            _give_way()
    elif isinstance(obj, list):
        while obj:
            del obj[-_PIECE:]
            _give_way()
    elif isinstance(obj, set):
        while obj:
            for _ in range(min(_PIECE, len(obj))):
                obj.pop()
            _give_way()
    elif depth > 0 and _ours(obj) and not weakref.getweakrefcount(obj):  # a validator, a report: its
        # large attributes, an entry at a time (never an object someone may still reach through a weak reference)
        attributes = obj.__dict__
        for name in list(attributes):
            value = attributes.pop(name)
            _dismantle(value, depth - 1)
            del value


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
        task = Task(label, fn, quiet_collector=not network)
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

    def edit(self, label: str, document, apply: Callable[[], Any], *,
             on_done: Callable[[Any], None] | None = None,
             on_failure: Callable[[BaseException], None] | None = None) -> Task:
        """A large edit of `document` made in the document worker, so that the window does not stop:
        `apply()` edits without telling the views (`emit=False`) and returns the changes; the views are
        told here, on their thread, then `on_done(changes)`. An edit asked meanwhile waits for the
        document's lock."""
        def told(changes) -> None:
            if changes is not None:
                document.changed.emit(changes)
            if on_done is not None:
                on_done(changes)

        return self.run(label, lambda report, cancelled: apply(), on_success=told, on_failure=on_failure)

    def _finish(self, task: Task) -> None:
        self._running.discard(task)
        self.ended.emit(task)

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def wait_all(self, msecs: int = 30000) -> bool:
        return self.document_pool.waitForDone(msecs) and self.network_pool.waitForDone(msecs)
