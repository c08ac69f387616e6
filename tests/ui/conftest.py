import pytest

from opendata_desktop.ui.app import create_window


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    """Each test its own settings, autosaves and remembered choices."""
    monkeypatch.setenv("OPENDATA_DESKTOP_HOME", str(tmp_path / "home"))


def new_window(qtbot, qapp, width=1366, height=768):
    """The real window, shown at that size, recording its messages instead of opening modal boxes."""
    win = create_window(qapp)
    win.errors.interactive = False
    qtbot.addWidget(win)
    win.resize(width, height)
    win.show()
    return win


@pytest.fixture
def window(qtbot, qapp):
    win = new_window(qtbot, qapp)
    yield win
    win.tasks.wait_all(10000)


def wait_idle(qtbot, window, timeout=30000):
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=timeout)
    qtbot.wait(50)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=timeout)


def open_with_schema(qtbot, window, path, schema_name):
    """Step 1 and 2 as a person does them: open the file, pick the schema."""
    window.open_file(path)
    wait_idle(qtbot, window)
    window.go_to(1)
    window.pages[1].select(schema_name)


def show_verdict(qtbot, window):
    """Step 4: go to it and wait for the verdict and for every task after it."""
    window.go_to(3)
    qtbot.waitUntil(lambda: window.document.report is not None, timeout=30000)
    wait_idle(qtbot, window)
    return window.pages[3]


def apply_proposed_fixes(qtbot, window):
    """Step 4: wait for the proposals, apply them in one click, wait for the new verdict."""
    window.go_to(3)
    page = window.pages[3]
    qtbot.waitUntil(lambda: bool(page.proposals), timeout=30000)
    page.apply_fixes_button.click()
    wait_idle(qtbot, window)
    return page


def point_at(publish, server, folder, token=None):
    """Step 6: another platform, its address and key typed in."""
    publish.folder.setText(str(folder))
    publish.platform_combo.setCurrentIndex(publish.platform_combo.count() - 1)
    publish.url.setText(server.url)
    publish.api_key.setText(token or server.token)
