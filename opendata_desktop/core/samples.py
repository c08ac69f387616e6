"""The sample spreadsheet shipped with the app, to try it without a real file."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def sample_path() -> Path:
    ref = resources.files("opendata_desktop.resources").joinpath("samples", "subventions_exemple.xlsx")
    with resources.as_file(ref) as path:  # a real path even when frozen
        return Path(path)
