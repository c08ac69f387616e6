"""Reading options a person corrected for a file (sheet, header row, encoding, separator), remembered.

Next month's file at the same place opens with the same choices, without asking again.
"""

from __future__ import annotations

import json
from pathlib import Path

from opendata_desktop.core.atomic import atomic_write_text
from opendata_desktop.core.paths import data_dir
from opendata_desktop.core.reading.table import ReadOptions


class ReadChoices:
    def __init__(self, store: Path | None = None):
        self.store = store or data_dir() / "read_choices.json"

    def _load(self) -> dict:
        try:
            return json.loads(self.store.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    @staticmethod
    def _key(source: Path) -> str:
        return str(Path(source).resolve())

    def get(self, source: Path) -> ReadOptions | None:
        data = self._load().get(self._key(source))
        return ReadOptions.from_dict(data) if data else None

    def remember(self, source: Path, options: ReadOptions) -> None:
        data = self._load()
        data[self._key(source)] = options.to_dict()
        atomic_write_text(self.store, json.dumps(data, ensure_ascii=False, indent=1))

    def forget(self, source: Path) -> None:
        data = self._load()
        if data.pop(self._key(source), None) is not None:
            atomic_write_text(self.store, json.dumps(data, ensure_ascii=False, indent=1))
