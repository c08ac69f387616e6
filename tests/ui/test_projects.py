"""Projects in the app: save, reopen, recover after a crash."""

from opendata_desktop.core.autosave import recoverable_work
from opendata_desktop.ui.app import create_window
from tests.ui.conftest import apply_proposed_fixes, open_with_schema, wait_idle


def _prepare(qtbot, window, messy):
    open_with_schema(qtbot, window, messy / "deliberations_2024.csv", "scdl/deliberations")
    apply_proposed_fixes(qtbot, window)


def test_save_then_reopen_the_project(qtbot, window, messy, tmp_path, monkeypatch):
    _prepare(qtbot, window, messy)
    assert window.dirty and window.windowTitle().startswith("deliberations_2024.csv *")
    monkeypatch.setattr("opendata_desktop.ui.main_window.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "delib.odproj"), ""))
    assert window.save_project()
    assert not window.dirty and window.windowTitle().startswith("delib.odproj —")
    assert not recoverable_work()  # saved: nothing to recover
    window.open_file(messy / "prenoms_naissances.csv")
    wait_idle(qtbot, window)
    window.open_project(tmp_path / "delib.odproj")
    wait_idle(qtbot, window)
    assert window.document.table.at[0, "Date de séance"] == "2024-01-15"
    assert window.stack.currentIndex() == 3 and window.last_replay.same_source


def test_unsaved_work_is_offered_back_after_a_crash(qtbot, qapp, window, messy):
    _prepare(qtbot, window, messy)
    assert recoverable_work()  # autosaved after each change
    window.dirty = False  # as if the process had died: the old window never closes properly
    fresh = create_window(qapp)
    fresh.errors.interactive = False
    qtbot.addWidget(fresh)
    questions = []
    fresh.offer_recovery(ask=lambda text: questions.append(text) or True)
    wait_idle(qtbot, fresh)
    assert "deliberations_2024.csv" in questions[0] and "reprendre" in questions[0]
    assert fresh.document.table.at[0, "Date de séance"] == "2024-01-15"
