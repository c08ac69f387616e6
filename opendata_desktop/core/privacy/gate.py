"""The pre-publication gate: re-read the exact file about to be pushed and block what identifies people.

Column findings come from the detector; every cell is also swept for checksum-valid NIR and IBAN
(one social security number in a comment column is enough to block); workbooks are checked for
hidden sheets and for the author names kept in their properties. An override needs a legal basis,
recorded in the project's journal.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from stdnum import iban as std_iban
from stdnum.fr import nir as std_nir

from opendata_desktop.core.errors import DataProblemError
from opendata_desktop.core.privacy.detection import ENTITY_LABELS, detect_personal_data
from opendata_desktop.core.reading import ReadOptions, open_table

LEGAL_BASES = (
    "Disposition législative autorisant la publication",
    "Consentement écrit de la personne",
    "Élu ou agent nommé dans l'exercice de sa fonction (CRPA D312-1-3)",
    "Personne décédée (données publiques de l'état civil)",
    "Donnée publique par nature (registre public)",
)
_NIR_CANDIDATE = re.compile(r"(?<![\dA-Z])[12]\s?\d{2}\s?\d{2}\s?(?:\d{2}|2A|2B)\s?\d{3}\s?\d{3}\s?\d{2}(?!\d)")
_IBAN_CANDIDATE = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){3,7}(?:\s?[A-Z0-9]{1,4})?\b")


@dataclass
class GateFinding:
    column: str | None
    entity: str
    reason: str
    cells: list[str] = field(default_factory=list)  # « B12 »: where, never what

    @property
    def key(self) -> str:
        return f"{self.column or '(fichier)'}:{self.entity}"


@dataclass
class GateResult:
    findings: list[GateFinding]
    overridden: list[GateFinding] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.findings

    def explain(self) -> str:
        lines = []
        for f in self.findings:
            where = (f" (cellule(s) {', '.join(f.cells[:8])}{'…' if len(f.cells) > 8 else ''} du fichier à publier)"
                     if f.cells else "")
            lines.append(f"« {f.column} » : {ENTITY_LABELS.get(f.entity, f.entity)}{where}" if f.column
                         else f"{f.reason}")
        return "\n".join(lines)

    def refusal(self) -> "PrivacyBlocked":
        return PrivacyBlocked(self, "Publication bloquée : le fichier contient encore des données personnelles.\n"
                                + self.explain(),
                                "Traitez-les à l'étape « Données personnelles », ou, si la loi l'autorise, "
                                "indiquez la base légale pour publier quand même.")


class PrivacyBlocked(DataProblemError):
    """Publication stopped by the gate; carries the findings so that an override can be asked for."""

    def __init__(self, gate: "GateResult", message: str, hint: str | None = None):
        super().__init__(message, hint)
        self.gate = gate


def sweep_cells(table) -> list[GateFinding]:
    """Checksum-valid NIR and IBAN anywhere, even alone in a free-text cell."""
    found: dict[tuple[str, str], GateFinding] = {}
    for column in table.columns:
        values = table.data[column].astype(str)
        numbering = values.str.fullmatch(r"\d{15}").mean() >= 0.5
        if numbering and values.map(lambda v: std_nir.is_valid(v) if len(v) == 15 else False).mean() < 0.5:
            continue  # 15-digit references (invoices, mandates): a few pass the NIR key by chance
        for row, text in values.items():
            if len(text) < 13:
                continue
            for candidate in _NIR_CANDIDATE.findall(text):
                if std_nir.is_valid(re.sub(r"\s", "", candidate)):
                    found.setdefault((column, "FR_NIR"), GateFinding(
                        column, "FR_NIR", "Numéro de sécurité sociale (clé juste) dans une cellule.")
                    ).cells.append(table.cell_name(int(row), column))
            for candidate in _IBAN_CANDIDATE.findall(text.upper()):
                if std_iban.is_valid(candidate):
                    found.setdefault((column, "IBAN_CODE"), GateFinding(
                        column, "IBAN_CODE", "IBAN valide dans une cellule.")).cells.append(
                        table.cell_name(int(row), column))
    return list(found.values())


def workbook_extras(path: Path, table) -> list[GateFinding]:
    findings = []
    if table.hidden_sheets:
        findings.append(GateFinding(None, "HIDDEN_SHEET", "Le classeur contient des feuilles masquées ("
                                    + ", ".join(table.hidden_sheets) + ") : elles seraient publiées avec lui."))
    if table.format == "xlsx":
        try:
            with zipfile.ZipFile(path) as archive:
                core = ElementTree.fromstring(archive.read("docProps/core.xml"))
            people = [e.text for e in core if e.tag.rsplit("}", 1)[-1] in ("creator", "lastModifiedBy") and e.text]
        except (KeyError, zipfile.BadZipFile, ElementTree.ParseError):
            people = []
        if people:
            findings.append(GateFinding(None, "DOCUMENT_PROPERTIES", "Les propriétés du classeur contiennent le "
                                        "nom de la personne qui l'a créé ou modifié : publiez plutôt un CSV."))
    return findings


def scan_file(path: Path | str, schema=None, overrides: dict[str, str] | None = None) -> GateResult:
    """Check the exact file to publish. `overrides`: finding key -> legal basis (already recorded)."""
    path = Path(path)
    options = ReadOptions(header_row=1, encoding="utf-8", delimiter=",") if path.suffix.lower() == ".csv" else None
    table = open_table(path, options)
    mapping = {c: c for c in table.columns if schema is not None and c in schema.field_names}
    findings = []
    for finding in detect_personal_data(table.data, mapping):
        rows = finding.rows if finding.rows is not None else [int(i) for i, v in table.data[finding.column].items()
                                                              if str(v).strip()]
        findings.append(GateFinding(finding.column, finding.entity, finding.reason,
                                    [table.cell_name(r, finding.column) for r in rows]))
    seen = {(f.column, f.entity) for f in findings}
    findings += [f for f in sweep_cells(table) if (f.column, f.entity) not in seen]
    findings += workbook_extras(path, table)
    overrides = overrides or {}
    return GateResult([f for f in findings if f.key not in overrides],
                      [f for f in findings if f.key in overrides])


def record_override(journal: list[dict], findings: list[GateFinding], legal_basis: str, comment: str) -> None:
    """Publishing despite findings is a decision with a legal basis, kept in the project's journal."""
    if not legal_basis.strip():
        raise DataProblemError("Indiquez la base légale qui autorise la publication de ces données.")
    journal.append({"op": "privacy-override", "findings": [f.key for f in findings], "legal_basis": legal_basis,
                    "comment": comment, "at": dt.datetime.now().isoformat(timespec="seconds")})
