"""The proposed fixes are applied off the window's thread (no freeze on large files), and the views still
hear of them on theirs, as one undo step; an edit asked meanwhile waits instead of interleaving."""

import threading

from tests.ui.conftest import apply_proposed_fixes, open_with_schema, wait_idle


def _grant_file(path, rows=400):
    lines = ["Collectivité;SIRET collectivité;Date de la convention;Bénéficiaire;SIRET bénéficiaire;Objet;Montant;Nature"]
    for i in range(rows):
        lines.append(f"Commune de Montalzat;21820115600013;{1 + i % 28:02d}/0{1 + i % 9}/2024;"
                     f"Club de pétanque n°{i};;Fonctionnement {i};1 2{i % 10}0,50 €;Aide en numéraire")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_fixes_are_applied_in_the_worker_and_told_to_the_views_on_their_thread(qtbot, window, tmp_path):
    open_with_schema(qtbot, window, _grant_file(tmp_path / "aides_montalzat.csv"), "scdl/subventions")
    window.go_to(3)
    page = window.pages[3]
    qtbot.waitUntil(lambda: bool(page.proposals), timeout=30000)
    doc = window.document
    before = doc.table.iat[0, 2]
    applying_threads, told_threads = [], []
    real_apply = doc.apply

    def spy_apply(op, **kwargs):
        applying_threads.append(threading.current_thread())
        return real_apply(op, **kwargs)

    doc.apply = spy_apply
    doc.changed.connect(lambda changes: told_threads.append(threading.current_thread()))
    page.apply_fixes_button.click()
    wait_idle(qtbot, window)

    assert doc.table.iat[0, 2] == "2024-01-01" != before
    assert applying_threads and all(t is not threading.main_thread() for t in applying_threads)
    assert told_threads and all(t is threading.main_thread() for t in told_threads)
    window.undo()  # one undo step puts every fixed cell back
    assert doc.table.iat[0, 2] == before


def test_an_edit_waits_for_an_operation_being_applied(qtbot, window, tmp_path):
    open_with_schema(qtbot, window, _grant_file(tmp_path / "aides.csv", rows=20), "scdl/subventions")
    doc = window.document
    finished = []
    with doc.edit_lock:  # as if a worker were applying a large fix
        worker = threading.Thread(target=lambda: finished.append(doc.undo(emit=False) or True))
        worker.start()
        worker.join(0.2)
        assert worker.is_alive() and not finished  # waits for the lock, does not interleave
    worker.join(5)
    assert finished


def test_a_large_operation_is_undone_and_redone_in_the_worker(qtbot, window, tmp_path, monkeypatch):
    from opendata_desktop.ui import main_window

    open_with_schema(qtbot, window, _grant_file(tmp_path / "aides.csv", rows=300), "scdl/subventions")
    page = apply_proposed_fixes(qtbot, window)
    doc = window.document
    fixed = doc.table.iat[0, 2]
    monkeypatch.setattr(main_window, "LARGE_OPERATION_BYTES", 0)  # every operation counts as large
    started, told = [], []
    window.tasks.started.connect(lambda task: started.append(task))
    doc.changed.connect(lambda changes: told.append(threading.current_thread()))
    window.undo()
    wait_idle(qtbot, window)
    assert doc.table.iat[0, 2] != fixed
    window.redo()
    wait_idle(qtbot, window)
    assert doc.table.iat[0, 2] == fixed
    labels = [t.label for t in started]
    assert "Annulation" in labels and "Rétablissement" in labels
    assert told and all(t is threading.main_thread() for t in told)
