"""Validation reports people can keep: an Excel workbook (red cells, an errors sheet) and a
printable page for the élu who approves the publication."""

from __future__ import annotations

import datetime as dt
import html
import io
from collections import Counter
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from opendata_desktop.core.atomic import atomic_write_bytes, atomic_write_text
from opendata_desktop.core.schemas.model import Schema
from opendata_desktop.core.validation.report import BADGE_INVALID, BADGE_PARTIAL, ValidationReport

RED = PatternFill("solid", fgColor="F8D0D0")
BOLD = Font(bold=True)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_BADGE_COLOURS = {BADGE_INVALID: "#b00020", BADGE_PARTIAL: "#b06d00"}


def _label(schema: Schema, name: str | None) -> str:
    if not name:
        return ""
    try:
        return schema.field(name).label
    except KeyError:
        return name


def _text_cell(sheet, value, *, bold: bool = False) -> WriteOnlyCell:
    """A streamed cell holding text as text: « =HYPERLINK(…) » from a file must never become a live formula."""
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        cell.data_type = "s"
    if bold:
        cell.font = BOLD
    return cell


def report_xlsx_bytes(report: ValidationReport, frame: pd.DataFrame, schema: Schema,
                      row_labels: list[int] | None = None) -> bytes:
    """The workbook, streamed row by row (openpyxl write-only mode): time and memory grow linearly with
    the cells and errors (issue 11: asking `max_row` per error made it quadratic, 199 s for 22,307 errors)."""
    wb = Workbook(write_only=True)
    data = wb.create_sheet("Données")
    data.freeze_panes = "B2"
    columns = [str(c) for c in frame.columns]
    data.append([_text_cell(data, "Ligne", bold=True)] + [_text_cell(data, c, bold=True) for c in columns])
    position = {c: j for j, c in enumerate(columns)}
    notes: dict[tuple[int, int], list[str]] = {}  # (row index, column) -> messages, in report order
    for error in report.errors:
        if error.row_index is not None and error.field in position:
            notes.setdefault((error.row_index, position[error.field]), []).append(error.message)
    values = frame.to_numpy(dtype=object)
    labels = row_labels if row_labels is not None else list(range(2, len(frame) + 2))
    for i, row in enumerate(values):
        cells = [int(labels[i])]
        for j, value in enumerate(row):
            cell = _text_cell(data, "" if value is None else str(value))
            messages = notes.get((i, j))
            if messages:
                cell.fill = RED
                cell.comment = Comment("\n".join(messages), "Vérification")
            cells.append(cell)
        data.append(cells)

    sheet = wb.create_sheet("Erreurs")
    for letter, width in zip("ABCDEF", (10, 8, 22, 36, 22, 90)):
        sheet.column_dimensions[letter].width = width
    sheet.append([_text_cell(sheet, h, bold=True) for h in
                  ("Cellule", "Ligne", "Champ", "Intitulé", "Sorte d'erreur", "Explication")])
    entries = [(e, e.message) for e in report.errors] + [(w, f"Remarque : {w.message}") for w in report.warnings]
    for error, message in entries:
        sheet.append([_text_cell(sheet, v) for v in (error.cell or "", error.row_number or "", error.field or "",
                                                     _label(schema, error.field), error.code, message)])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write_report_xlsx(path: Path | str, report: ValidationReport, frame: pd.DataFrame, schema: Schema,
                      row_labels: list[int] | None = None) -> Path:
    return atomic_write_bytes(path, report_xlsx_bytes(report, frame, schema, row_labels))


def report_html(report: ValidationReport, schema: Schema, source_name: str, max_rows: int = 2000) -> str:
    esc = html.escape
    colour = _BADGE_COLOURS.get(report.badge, "#1d7a32")
    kinds = Counter((_label(schema, e.field) or "Fichier", e.code) for e in report.errors)
    summary = "".join(f"<tr><td>{esc(label)}</td><td>{esc(code)}</td><td class='n'>{n}</td></tr>"
                      for (label, code), n in kinds.most_common())
    rows = "".join(
        f"<tr><td>{esc(e.cell or (str(e.row_number) if e.row_number else ''))}</td>"
        f"<td>{esc(_label(schema, e.field))}</td><td>{esc(e.message)}</td></tr>"
        for e in report.errors[:max_rows])
    more = (f"<p>… et {len(report.errors) - max_rows} autre(s) erreur(s) : voir le rapport Excel.</p>"
            if len(report.errors) > max_rows else "")
    remarks = "".join(f"<li>{esc(w.message)}</li>" for w in report.warnings)
    remarks = (f"<h2>Remarques (n'empêchent pas la validité)</h2><ul>{remarks}</ul>" if remarks else "")
    today = dt.date.today().strftime("%d/%m/%Y")
    return f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Rapport de vérification — {esc(source_name)}</title>
<style>
body {{ font-family: Arial, sans-serif; margin: 2em; color: #222; }}
h1 {{ font-size: 1.4em; }} .badge {{ color: white; background: {colour}; padding: .2em .6em; border-radius: 4px; }}
table {{ border-collapse: collapse; width: 100%; margin: 1em 0; }} td, th {{ border: 1px solid #bbb; padding: .3em .5em;
text-align: left; vertical-align: top; font-size: .9em; }} th {{ background: #eee; }} td.n {{ text-align: right; }}
@media print {{ body {{ margin: 0; }} tr {{ page-break-inside: avoid; }} }}
</style></head><body>
<h1>Rapport de vérification du fichier « {esc(source_name)} »</h1>
<p>Schéma : <b>{esc(schema.title)}</b> ({esc(schema.name)}, version {esc(schema.version)}) — vérifié le {today}.</p>
<p>Verdict : <span class="badge">{esc(report.badge.upper())}</span> — {report.rows} ligne(s),
{len(report.errors)} erreur(s).</p>
{"<h2>Erreurs par sorte</h2><table><tr><th>Champ</th><th>Sorte</th><th>Nombre</th></tr>" + summary + "</table>"
 if report.errors else "<p>Aucune erreur : le fichier respecte le schéma.</p>"}
{"<h2>Détail</h2><table><tr><th>Cellule</th><th>Champ</th><th>Explication</th></tr>" + rows + "</table>" + more
 if report.errors else ""}
{remarks}
<p><small>Rapport produit par opendata-desktop. Vu et approuvé pour publication : ______________________</small></p>
</body></html>
"""


def write_report_html(path: Path | str, report: ValidationReport, schema: Schema, source_name: str) -> Path:
    return atomic_write_text(path, report_html(report, schema, source_name))
