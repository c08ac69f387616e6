"""Work off the GUI thread: the collector's quiet time during document tasks, and the snapshot they read."""

import gc
import sys
import threading
import weakref

import pandas as pd
import pytest

from opendata_desktop.core.operations import EditCell
from opendata_desktop.core.pipeline import open_document
from opendata_desktop.commands.common import load_schema
from opendata_desktop.ui.snapshot import Snapshot
from opendata_desktop.ui.tasks import WORKER_SWITCH_INTERVAL, TaskRunner, dispose_later
from tests.ui.conftest import open_with_schema, wait_idle

before_switch = sys.getswitchinterval()


class _Result:
    """What a task hands back (weak-referenceable, acyclic)."""


def test_collections_wait_while_a_document_task_runs_and_come_back_after(qtbot):
    runner = TaskRunner()
    assert gc.isenabled()
    seen, results = [], []

    def work(report, cancelled):
        seen.append((gc.isenabled(), sys.getswitchinterval()))
        return _Result()

    runner.run("travail sur le document", work, on_success=results.append)
    qtbot.waitUntil(lambda: bool(results) and not runner.busy, timeout=10000)
    assert seen == [(False, pytest.approx(WORKER_SWITCH_INTERVAL))]  # kept in whole microseconds
    assert gc.isenabled() and sys.getswitchinterval() == before_switch
    gone = weakref.ref(results.pop())
    assert gone() is None  # frozen or not, a result nobody keeps is freed


def test_a_network_task_leaves_the_collector_alone(qtbot):
    runner = TaskRunner()
    seen = []
    runner.run("envoi", lambda report, cancelled: seen.append((gc.isenabled(), sys.getswitchinterval())),
               network=True)
    qtbot.waitUntil(lambda: bool(seen) and not runner.busy, timeout=10000)
    assert seen == [(True, before_switch)]


def test_the_collector_comes_back_when_a_task_fails_or_is_cancelled(qtbot):
    runner = TaskRunner()
    failures = []

    def broken(report, cancelled):
        raise ValueError("cassé")

    runner.run("échec", broken, on_failure=failures.append)
    task = runner.run("annulée", lambda report, cancelled: None)
    task.cancel()
    qtbot.waitUntil(lambda: bool(failures) and not runner.busy, timeout=10000)
    assert gc.isenabled() and sys.getswitchinterval() == before_switch


def _town_budget(tmp_path):
    rows = 40
    frame = pd.DataFrame({
        "Exercice": ["2024"] * rows,
        "Code INSEE": ["82037"] * rows,
        "Libellé du compte": [f"Compte {i}" for i in range(rows)],
        "Montant voté": [f"{i},50" for i in range(rows)],
    })
    path = tmp_path / "budget_val_joli.csv"
    frame.to_csv(path, index=False, sep=";")
    return path


def test_a_snapshot_keeps_the_values_it_was_taken_with(tmp_path):
    doc = open_document(_town_budget(tmp_path), schema=load_schema("scdl/budget"))
    column = "Libellé du compte"
    field = doc.mapping.columns[column]
    assert field  # mapped: the published table shows it
    snapshot = Snapshot(doc)
    published_before, _ = snapshot.schema_frame()
    was = str(doc.table.at[3, column])
    doc.apply(EditCell.at(doc, 3, column, "modifié après la copie"))
    assert str(doc.table.at[3, column]) == "modifié après la copie"
    assert str(snapshot.table.at[3, column]) == was  # the worker's copy did not move
    published_after, _ = snapshot.schema_frame()
    pd.testing.assert_frame_equal(published_before, published_after)
    assert published_before[field].iloc[3] == was
    now, _ = Snapshot(doc).schema_frame()
    assert now[field].iloc[3] == "modifié après la copie"  # a new snapshot sees the edit


class _Marker:
    """Says which thread freed it."""

    freed_in: list = []

    def __del__(self):
        _Marker.freed_in.append(threading.current_thread().name)


class _Verdict:
    """Our own kind of object (like a validator): its attributes are emptied a piece at a time."""


def test_what_a_page_replaces_is_freed_off_the_gui_thread_and_what_others_use_is_left_alone(qtbot):
    _Marker.freed_in = []
    verdict = _Verdict()
    verdict.errors = {("ligne", i): _Marker() for i in range(5000)}
    verdict.order = list(verdict.errors.values())
    still_used = {"gardé": _Marker()}
    verdict.shared = still_used
    dispose_later(verdict, [_Marker() for _ in range(3000)])
    del verdict
    qtbot.waitUntil(lambda: len(_Marker.freed_in) == 8000, timeout=10000)
    assert set(_Marker.freed_in) == {"disposer"}
    assert list(still_used) == ["gardé"]  # someone else holds it: never emptied
    assert not _Marker.freed_in.count(threading.current_thread().name)


def test_a_verdict_asked_again_before_the_first_ends_is_the_only_one_shown(qtbot, window, tmp_path, monkeypatch):
    open_with_schema(qtbot, window, _town_budget(tmp_path), "scdl/budget")
    window.go_to(3)
    page = window.pages[3]
    wait_idle(qtbot, window)
    shown = []
    original = page._show_report
    monkeypatch.setattr(page, "_show_report", lambda digested=None: (shown.append(1), original(digested)))
    page.validate()
    page.validate()  # the person pressed « Vérifier à nouveau » twice: the first verdict is not waited for
    wait_idle(qtbot, window)
    assert shown == [1]
    assert window.document.report is not None and window.document.validator is not None
