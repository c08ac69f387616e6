import pytest

from opendata_desktop.ui.app import create_window


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    """Each test its own settings, autosaves and remembered choices."""
    monkeypatch.setenv("OPENDATA_DESKTOP_HOME", str(tmp_path / "home"))


@pytest.fixture
def window(qtbot, qapp):
    win = create_window(qapp)
    win.errors.interactive = False  # record messages instead of opening modal boxes
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    yield win
    win.tasks.wait_all(10000)


def wait_idle(qtbot, window, timeout=30000):
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=timeout)
    qtbot.wait(50)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=timeout)
