"""Does the window freeze on a 100,000-row file? The longest gap of a 100 ms timer, step by step.

Builds a 100,000-row budget file (the shared messy budget, repeated: French amounts, capitalised
enums), then drives the real window offscreen as a person would: open, choose the schema, mapping,
verification (the verdict), apply the proposed fixes (and the new verdict), privacy, publication page.
A 100 ms timer ticks all along; the longest interval between two ticks, minus 100 ms, is how long the
event loop stopped. The reference is the same timer's longest gap while the window is idle, measured
in the same run. Prints figures and ratios; no threshold (machines are noisy). With --repeat N, each
step's best of N runs is printed (other work on a busy machine only ever lengthens a gap), all runs beside.

With --explain, a sampling thread says what each long stop was: the GUI thread's Python stack while the
timer is late (work done on the GUI thread), and the worker's stack whenever the sampler itself could not
get the interpreter lock for long (a long C call holding the GIL in another thread: it names where that
thread was when it let go), and the longest garbage collection per generation and thread.

Usage: QT_QPA_PLATFORM=offscreen python benchmarks/bench_ui_freeze.py [--rows 100000 10000] [--source FILE]
       [--repeat 3] [--explain]
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import tempfile
import threading
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


def _where(frame, depth: int = 3) -> str:
    """The innermost frames of a stack, project frames preferred (file:line function)."""
    found, ours = [], []
    while frame is not None:
        code = frame.f_code
        text = f"{Path(code.co_filename).name}:{frame.f_lineno} {code.co_name}"
        if len(found) < 1:
            found.append(text)
        if "opendata_desktop" in code.co_filename and len(ours) < depth:
            ours.append(text)
        frame = frame.f_back
    return " < ".join(found + [o for o in ours if o not in found])


class StallSampler(threading.Thread):
    """Every 5 ms: when the GUI timer is late, where the GUI thread is; when this thread itself woke up
    late (another thread held the interpreter lock), where the other threads are."""

    def __init__(self, meter: GapMeter):
        super().__init__(daemon=True)
        self.meter = meter
        self.gui_ident = threading.get_ident()
        self.gui: collections.Counter = collections.Counter()  # location -> ms seen stalled there
        self.gil: collections.Counter = collections.Counter()  # worker location -> ms the sampler waited
        self.collections: collections.Counter = collections.Counter()  # (generation, thread) -> longest ms
        self.running = True
        self._seen: dict = {}
        self._gc_started = 0.0
        import gc

        gc.callbacks.append(self._collected)

    def _collected(self, phase: str, info: dict) -> None:
        """Garbage collections hold the interpreter lock from start to end: the longest one per generation."""
        if phase == "start":
            self._gc_started = time.perf_counter()
            return
        ms = (time.perf_counter() - self._gc_started) * 1000
        key = (info["generation"], "interface" if threading.get_ident() == self.gui_ident else "travailleur")
        self.collections[key] = max(self.collections[key], ms)

    def reset(self) -> None:
        self.gui, self.gil = collections.Counter(), collections.Counter()
        self.collections = collections.Counter()

    def run(self) -> None:
        step = 0.005
        while self.running:
            before = time.perf_counter()
            time.sleep(step)
            now = time.perf_counter()
            late = now - before - step
            frames = sys._current_frames()
            moved = {ident: (id(frame), frame.f_lasti) for ident, frame in frames.items()}
            if late > 0.03:
                for ident, frame in frames.items():
                    # A thread that has not moved since the last look was waiting (a queue, a sleep): not it.
                    if ident not in (self.gui_ident, threading.get_ident()) and moved[ident] != self._seen.get(ident):
                        self.gil[_where(frame)] += late * 1000
            self._seen = moved
            if now - self.meter.last > (TICK_MS + 30) / 1000 and self.gui_ident in frames:
                self.gui[_where(frames[self.gui_ident])] += (now - before) * 1000

    def report(self, name: str) -> None:
        print(f"  [{name}]")
        for title, counter in (("fil de l'interface bloqué dans", self.gui),
                               ("verrou (GIL) tenu par le travailleur dans", self.gil)):
            for where, ms in counter.most_common(6):
                if ms >= 20:
                    print(f"    {title} : {ms:6.0f} ms  {where}")
        for (generation, thread), ms in sorted(self.collections.items()):
            if ms >= 10:
                print(f"    ramasse-miettes, génération {generation} ({thread}) : jusqu'à {ms:.0f} ms")


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
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 10_000])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--explain", action="store_true", help="say where each long stop was")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; each step's best is printed")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    for rows in args.rows:
        runs = []
        for _ in range(max(1, args.repeat)):
            reference, results, size = run_once(app, rows, args.source, args.explain)
            runs.append((reference, results))
        print_runs(rows, size, runs)
    return 0


def run_once(app, rows: int, source: Path, explain: bool):
    from opendata_desktop.ui.app import create_window

    window = create_window(app)
    window.errors.interactive = False
    window.resize(1280, 760)
    window.show()
    folder = Path(tempfile.mkdtemp(prefix="od-bench-freeze-file-"))
    path = build_file(source, rows, folder)
    meter = GapMeter()
    sampler = StallSampler(meter) if explain else None
    if sampler:
        sampler.start()
    results: list[tuple[str, float, float]] = []

    def phase(name: str, action) -> None:
        if sampler:
            sampler.reset()
        meter.start()
        started = time.perf_counter()
        action()
        run_until_idle(app, window)
        results.append((name, meter.stop_ms(), time.perf_counter() - started))
        if sampler:
            sampler.report(name)

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

    size = path.stat().st_size / 1e6
    if sampler:
        sampler.running = False
    window.close()
    window.deleteLater()
    return reference, results, size


def print_runs(rows: int, size: float, runs: list) -> None:
    """Each step's longest gap, the best of the runs (a busy machine only ever adds to a gap)."""
    references = [reference for reference, _ in runs]
    reference = min(references)
    print(f"Fichier : {rows} lignes ({size:.1f} Mo), minuterie de {TICK_MS} ms, {len(runs)} passage(s)")
    print(f"Référence (fenêtre au repos) : plus long intervalle {reference:.0f} ms "
          f"(passages : {', '.join(f'{r:.0f}' for r in references)})")
    print(f"{'étape':45} {'plus long intervalle':>21} {'arrêt':>8} {'ratio/réf.':>10} {'durée':>8}  passages")
    worst = 0.0
    for i, (name, _, _) in enumerate(runs[0][1]):
        gaps = [results[i][1] for _, results in runs]
        gap, seconds = min(gaps), min(results[i][2] for _, results in runs)
        stop = max(0.0, gap - TICK_MS)
        worst = max(worst, gap)
        print(f"{name:45} {gap:18.0f} ms {stop:6.0f} ms {gap / reference:9.1f}x {seconds:7.1f} s  "
              f"{', '.join(f'{g:.0f}' for g in gaps)}")
    print(f"Plus long arrêt de la boucle d'événements : {max(0.0, worst - TICK_MS):.0f} ms "
          f"(objectif : < 100 ms ; {worst / reference:.1f}x la référence)\n")


if __name__ == "__main__":
    sys.exit(main())
