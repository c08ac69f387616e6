"""A bug is not « données à corriger »: exit 5, the log's path on stderr, the traceback in the log."""

from __future__ import annotations

import json
import os
from pathlib import Path

from opendata_desktop import cli
from opendata_desktop.commands import inspect as inspect_command


def test_an_internal_error_exits_5_and_logs_the_traceback(monkeypatch, capsys, tmp_path):
    def broken(args):
        return {}["missing key: a bug"]

    monkeypatch.setattr(inspect_command, "run", broken)
    code = cli.main(["inspect", str(tmp_path / "x.csv"), "--json"])
    captured = capsys.readouterr()
    assert code == 5
    assert "Traceback" not in captured.err
    assert "Erreur interne" in captured.err
    log_file = Path(os.environ["OPENDATA_DESKTOP_HOME"]) / "logs" / "opendata-desktop.log"
    assert str(log_file) in captured.err
    assert "missing key: a bug" in log_file.read_text(encoding="utf-8")
    assert json.loads(captured.out)["error"]["title"] == "Erreur interne"


def test_a_data_problem_is_not_an_internal_error(capsys, tmp_path):
    bad = tmp_path / "vide.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a workbook")
    code = cli.main(["inspect", str(bad)])
    assert code == 3
    assert "Erreur interne" not in capsys.readouterr().err
