"""Write the file to publish, then check the exact bytes that will be sent before any upload."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from opendata_desktop.core.document import Document
from opendata_desktop.core.errors import DataProblemError
from opendata_desktop.core.export import producer_siren, scdl_file_name, write_scdl_csv
from opendata_desktop.core.privacy.detection import PersonalFinding, detect_personal_data
from opendata_desktop.core.reading import ReadOptions, open_table
from opendata_desktop.core.schemas.model import Schema
from opendata_desktop.core.validation import ValidationReport, validate_table


def suggested_file_name(document: Document) -> str:
    frame, _ = document.schema_frame()
    return scdl_file_name(document.schema, producer_siren(frame, document.schema))


def write_output(document: Document, path: Path) -> Path:
    frame, _ = document.schema_frame()
    return write_scdl_csv(frame, path)


@dataclass
class GateResult:
    report: ValidationReport
    personal: list[PersonalFinding]

    @property
    def passed(self) -> bool:
        return self.report.valid and not self.personal

    def refusal(self) -> DataProblemError:
        reasons = []
        if not self.report.valid:
            reasons.append(f"{len(self.report.errors)} erreur(s) de validation")
        if self.personal:
            cols = ", ".join(sorted({f.column for f in self.personal}))
            reasons.append(f"des données personnelles dans : {cols}")
        return DataProblemError("Publication refusée : le fichier contient " + " et ".join(reasons) + ".",
                                "Corrigez-les aux étapes « Vérification » et « Données personnelles », puis réessayez.")


def check_file(path: Path, schema: Schema) -> GateResult:
    """Re-read the written file itself (not the in-memory table) and check it as the platform will get it."""
    table = open_table(path, ReadOptions(header_row=1, encoding="utf-8", delimiter=","))
    report = validate_table(table, schema).report()
    personal = detect_personal_data(table.data, {c: c for c in table.columns})
    return GateResult(report, personal)
