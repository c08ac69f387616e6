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


from opendata_desktop.core.errors import DataProblemError, OpenDataError
from opendata_desktop.core.privacy.detection import (ENTITY_LABELS, contact_spans, detect_personal_data,
                                                     functional_phone_columns, header_fold, identifier_spans,
                                                     is_nominative_email, organisation_row_labels, _phone_kind)
from opendata_desktop.core.privacy.names import person_spans
from opendata_desktop.core.reading import ReadOptions, open_table
from opendata_desktop.core.reading.cells import column_letter
from opendata_desktop.core.reading.csv_source import read_csv_grid
from opendata_desktop.core.reading.workbook_source import list_sheets, open_workbook, read_sheet_grid
from opendata_desktop.core.textnorm import fold
from opendata_desktop.core.formats.identifiers import is_valid_siret

LEGAL_BASES = (
    "Disposition législative autorisant la publication",
    "Consentement écrit de la personne",
    "Élu ou agent nommé dans l'exercice de sa fonction (CRPA D312-1-3)",
    "Personne décédée (données publiques de l'état civil)",
    "Donnée publique par nature (registre public)",
)


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


_FUNCTIONAL_CONTACT = re.compile(
    r"(^| )(mairie|accueil|standard|secretariat|service|structure|association|equipement|etablissement|salle|"
    r"siege|ecole|bureau|general|generique|commune|collectivite|entreprise|societe|organisme|club|site|lieu|"
    r"station|operateur|exploitant|gestionnaire|amenageur|enseigne|aire|equip|expt)( |$)")


def _functional_column(header: str, schema, field_name: str | None) -> bool:
    """A phone column of the place or body (« Tél. accueil », EQUIP_TEL, « Téléphone du site »)."""
    text = header_fold(header)
    if schema is not None and field_name:
        try:
            field = schema.field(field_name)
            text += " " + fold(f"{field.title} {field.description}")
        except (KeyError, ValueError, AttributeError):
            pass
    return bool(_FUNCTIONAL_CONTACT.search(text)) and not re.search(r"(^| )(perso|personnel|prive|privee|"
                                                                    r"domicile|direct|portable)( |$)", text)


def sweep_grid(grid, where: str, headers: dict[int, str] | None = None, functional: set[int] = frozenset(),
               table_cells=None, cell_name=None, body_rows: set[int] = frozenset()) -> list[GateFinding]:
    """Every cell of a grid: NIR, IBAN (checksums), personal phones and e-mails in any writing; outside the
    table, also persons named with a civility or a first name. One finding per (column, entity).
    `body_rows`: grid rows of organisations, whose mailboxes are theirs unless written « prénom.nom@ »."""
    found: dict[tuple[str, str], GateFinding] = {}
    values = grid.to_numpy(dtype=object)
    headers = headers or {}
    numbering = {c for c in range(values.shape[1]) if _numbering_column(values[:, c])}
    sirets = {c for c in range(values.shape[1]) if _siret_column(values[:, c], headers.get(c))}
    shared = {c: _shared_lines(values[:, c]) for c in range(values.shape[1])}
    for r in range(values.shape[0]):
        for c in range(values.shape[1]):
            text = values[r, c]
            if text is None:
                continue
            text = str(text)
            if len(text) < 6:
                continue
            entities = {e for _, _, e in identifier_spans(text) if not (e == "FR_NIR" and c in numbering)
                        and not (e == "IBAN_CODE" and r in body_rows)}  # an organisation's account is public
            for start, end, entity in contact_spans(text):
                if entity == "PHONE_NUMBER" and c in sirets and is_valid_siret(re.sub(r"\D", "", text)) and \
                        len(re.sub(r"\D", "", text)) == 14:
                    continue  # « 00926527304493 » in a SIRET column: a company number, not a phone
                if entity == "PHONE_NUMBER" and (_service_number(text[start:end]) or
                                                 (c in functional or text[start:end] in shared[c]) and
                                                 _phone_kind(text[start:end]) != "mobile"):
                    continue
                if entity == "EMAIL_ADDRESS" and r in body_rows and not is_nominative_email(text[start:end]):
                    continue  # « amicale…@orange.fr » on an association's row: the body's mailbox
                entities.add(entity)
            inside = table_cells is not None and table_cells(r, c)
            if not inside and person_spans(text):
                entities.add("PERSON")
            for entity in entities:
                column = headers.get(c) if inside else where
                key = (column or where, entity)
                finding = found.setdefault(key, GateFinding(column or where, entity, _SWEEP_REASONS.get(
                    entity, "Donnée personnelle dans une cellule.")))
                finding.cells.append(cell_name(r, c) if cell_name else f"{column_letter(c)}{r + 1}")
    return list(found.values())


_SWEEP_REASONS = {"FR_NIR": "Numéro de sécurité sociale (clé juste) dans une cellule.",
                  "IBAN_CODE": "IBAN valide dans une cellule.",
                  "PHONE_NUMBER": "Numéro de téléphone dans une cellule.",
                  "EMAIL_ADDRESS": "Adresse e-mail nominative dans une cellule.",
                  "PERSON": "Nom de personne en dehors du tableau (titre, note)."}


def _shared_lines(cells, at_least: int = 5) -> set[str]:
    """Fixed lines written on many rows of a column: a switchboard (equipment, services), not a home."""
    counts: dict[str, int] = {}
    for v in cells:
        if v is not None:
            counts[str(v).strip()] = counts.get(str(v).strip(), 0) + 1
    return {v for v, n in counts.items() if n >= at_least and _phone_kind(v) == "fixed"}


def _siret_column(cells, header: str | None) -> bool:
    """A column of SIRETs: its header says so, or most of its values are 14 digits passing the SIRET key."""
    if header and re.search(r"(^| )(siret|siren)( |$)", header_fold(header)):
        return True
    texts = [re.sub(r"\D", "", str(v)) for v in cells if v is not None and str(v).strip()]
    return bool(texts) and sum(len(t) == 14 and is_valid_siret(t) for t in texts) >= 0.5 * len(texts)


def _numbering_column(cells) -> bool:
    """15-digit references (invoices, mandates): about 1 in 97 passes the NIR key by chance."""
    texts = [str(v).strip() for v in cells if v is not None and str(v).strip()]
    fifteen = [t for t in texts if re.fullmatch(r"\d{15}", t)]
    if len(fifteen) < max(3, 0.5 * len(texts)):
        return False
    return sum(bool(identifier_spans(t)) for t in fifteen) < 0.5 * len(fifteen)


def _service_number(text: str) -> bool:
    """08xx numbers are services of organisations, never a person's line."""
    digits = re.sub(r"\D", "", text)
    return digits.startswith(("08", "338", "00338"))


def workbook_extras(path: Path, table) -> list[GateFinding]:
    findings = []
    if table is None:
        return findings
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
    """Check the exact file to publish, as the platform will get it. `overrides`: finding key -> legal basis.

    The bytes are read with the same dialect detection as everywhere (a semicolon CSV is not one column);
    the table found in it goes through the person detector in strict mode (context never switches a
    detection off); then every cell of the file — every sheet of a workbook, visible or hidden, titles
    and notes outside the table — is swept for identifiers and contacts. A single finding blocks.
    """
    path = Path(path)
    findings: list[GateFinding] = []
    tables = _tables_of(path)
    for table in tables:
        mapping = {c: c for c in table.columns if schema is not None and c in schema.field_names}
        prefix = f"{table.sheet} : " if table.sheet and len(tables) > 1 else ""
        for finding in detect_personal_data(table.data, mapping, schema=schema, strict=True):
            rows = finding.rows if finding.rows is not None else [
                int(i) for i, v in table.data[finding.column].items() if str(v).strip()]
            findings.append(GateFinding(prefix + finding.column, finding.entity, finding.reason,
                                        [table.cell_name(r, finding.column) for r in rows]))
    seen = {(f.column, f.entity) for f in findings}
    for sheet, grid, table in _grids_of(path, tables):
        headers, functional, inside, cell_name, body_rows = {}, set(), None, None, set()
        prefix = f"{sheet} : " if sheet and len(tables) > 1 else ""
        if table is not None:
            rows = set(int(n) - 1 for n in table.row_numbers)
            cols = set(table.column_positions)
            headers = {p: prefix + c for p, c in zip(table.column_positions, table.columns)}
            places = functional_phone_columns(table.data)
            labels = organisation_row_labels(table.data)
            body_rows = {int(n) - 1 for i, n in zip(table.data.index, table.row_numbers) if i in labels}
            for p, c in zip(table.column_positions, table.columns):
                field = c if schema is not None and c in schema.field_names else None
                if _functional_column(c, schema, field) or c in places:
                    functional.add(p)

            def inside(r, c, rows=rows, cols=cols, header=table.header_row - 1):
                return c in cols and (r in rows or r == header)
        where = f"feuille « {sheet} »" if sheet else "hors du tableau"
        if sheet:
            def cell_name(r, c, sheet=sheet):
                return f"{sheet}!{column_letter(c)}{r + 1}"
        for f in sweep_grid(grid, where, headers, functional, inside, cell_name, body_rows):
            if (f.column, f.entity) not in seen:
                seen.add((f.column, f.entity))
                findings.append(f)
    findings += workbook_extras(path, tables[0] if tables else None)
    overrides = overrides or {}
    return GateResult([f for f in findings if f.key not in overrides],
                      [f for f in findings if f.key in overrides])


def _tables_of(path: Path) -> list:
    """The table of a CSV, or the table of every sheet of a workbook that has one."""
    first = open_table(path)
    if first.format == "csv" or len(first.sheets) <= 1:
        return [first]
    tables = [first]
    for sheet in first.sheets:
        if sheet == first.sheet:
            continue
        try:
            tables.append(open_table(path, ReadOptions(sheet=sheet)))
        except OpenDataError:
            continue  # an empty sheet or a sheet without a table: its cells are still swept
    return tables


def _grids_of(path: Path, tables: list):
    """(sheet, whole grid, its table or None) for the CSV or for every sheet of the workbook."""
    by_sheet = {t.sheet: t for t in tables}
    first = tables[0]
    if first.format == "csv":
        grid, _ = read_csv_grid(path, first.encoding, first.delimiter)
        yield None, grid, first
        return
    workbook = open_workbook(path, first.format)
    for info in list_sheets(workbook):
        try:
            grid = read_sheet_grid(workbook, info.name, path)
        except OpenDataError:
            continue
        yield info.name, grid, by_sheet.get(info.name)


def record_override(journal: list[dict], findings: list[GateFinding], legal_basis: str, comment: str) -> None:
    """Publishing despite findings is a decision with a legal basis, kept in the project's journal."""
    if not legal_basis.strip():
        raise DataProblemError("Indiquez la base légale qui autorise la publication de ces données.")
    journal.append({"op": "privacy-override", "findings": [f.key for f in findings], "legal_basis": legal_basis,
                    "comment": comment, "at": dt.datetime.now().isoformat(timespec="seconds")})
