"""The command-line commands, one module each (`NAME`, `HELP`, `add_arguments(parser)`, `run(args)`).

`run` returns (JSON payload, exit code, human text); `cli.py` prints them. The order here is the order
of `opendata-desktop --help`.
"""

from __future__ import annotations

from importlib import import_module

_MODULES = ("inspect", "schemas", "map", "validate", "prepare", "scan_pii", "anonymise", "publish", "outbox")


def all_commands():
    return [import_module(f"{__name__}.{name}") for name in _MODULES]
