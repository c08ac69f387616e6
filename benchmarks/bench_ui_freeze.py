"""Does the window freeze on a 100,000-row file? The longest gap of a 100 ms timer, step by step.

Builds a 100,000-row budget file (the shared messy budget, repeated: French amounts, capitalised
enums), then drives the real window offscreen as a person would: open, choose the schema, mapping,
verification (the verdict), apply the proposed fixes (and the new verdict), privacy, publication page.
A 100 ms timer ticks all along; the longest interval between two ticks, minus 100 ms, is how long the
event loop stopped. The reference is the same timer's longest gap while the window is idle, measured
in the same run. Prints figures and ratios; no threshold (machines are noisy).

Usage: QT_QPA_PLATFORM=offscreen python benchmarks/bench_ui_freeze.py [--rows 100000] [--source FILE]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENDATA_DESKTOP_HOME", tempfile.mkdtemp(prefix="od-bench-freeze-"))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "fixtures" / "messy" / "budget_ca_2023.csv"
TICK_MS = 100


class GapMeter:
    """Records the longest interval between ticks of a 100 ms timer (the event loop's longest stop)."""

    def __init__(self):
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()
        self.longest = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def start(self) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0
        self.timer.start()

    def stop_ms(self) -> float:
        self._tick()
        self.timer.stop()
        return self.longest * 1000


def build_file(source: Path, rows: int, folder: Path) -> Path:
    lines = source.read_bytes().splitlines(keepends=True)
    header, body = lines[0], lines[1:]
    out = folder / f"budget_{rows}.csv"
    with out.open("wb") as handle:
        handle.write(header)
        for i in range(rows):
            handle.write(body[i % len(body)])
    return out


def run_until_idle(app, window, seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    quiet = 0
    while time.monotonic() < deadline:
        app.processEvents()
        quiet = quiet + 1 if not window.tasks.busy else 0
        if quiet > 20:
            return
        time.sleep(0.01)
    raise TimeoutError("the window did not finish its work")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    from opendata_desktop.ui.app import create_window

    window = create_window(app)
    window.errors.interactive = False
    window.resize(1280, 760)
    window.show()
    folder = Path(tempfile.mkdtemp(prefix="od-bench-freeze-file-"))
    path = build_file(args.source, args.rows, folder)
    meter = GapMeter()
    results: list[tuple[str, float, float]] = []

    def phase(name: str, action) -> None:
        meter.start()
        started = time.perf_counter()
        action()
        run_until_idle(app, window)
        results.append((name, meter.stop_ms(), time.perf_counter() - started))

    meter.start()
    deadline = time.perf_counter() + 1.5
    while time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.005)
    reference = meter.stop_ms()

    phase("ouverture du fichier", lambda: window.open_file(path))
    phase("choix du schéma", lambda: (window.go_to(1), window.pages[1].select("scdl/budget")))
    phase("correspondances", lambda: window.go_to(2))
    phase("vérification (verdict)", lambda: window.go_to(3))
    page = window.pages[3]
    phase("corrections appliquées + nouveau verdict", lambda: page.apply_fixes_button.click())
    if page.model.rowCount():
        column = next((i for i in range(page.model.columnCount())
                       if page.model.flags(page.model.index(0, i))), 0)
        phase("correction d'une cellule", lambda: page.model.setData(page.model.index(0, column), "X"))
    phase("données personnelles", lambda: window.go_to(4))
    phase("publication", lambda: window.go_to(5))

    print(f"Fichier : {args.rows} lignes ({path.stat().st_size / 1e6:.1f} Mo), minuterie de {TICK_MS} ms")
    print(f"Référence (fenêtre au repos) : plus long intervalle {reference:.0f} ms")
    print(f"{'étape':45} {'plus long intervalle':>21} {'arrêt':>8} {'ratio/réf.':>10} {'durée':>8}")
    worst = 0.0
    for name, gap, seconds in results:
        stop = max(0.0, gap - TICK_MS)
        worst = max(worst, gap)
        print(f"{name:45} {gap:18.0f} ms {stop:6.0f} ms {gap / reference:9.1f}x {seconds:7.1f} s")
    print(f"Plus long arrêt de la boucle d'événements : {max(0.0, worst - TICK_MS):.0f} ms "
          f"(objectif : < 100 ms ; {worst / reference:.1f}x la référence)")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
