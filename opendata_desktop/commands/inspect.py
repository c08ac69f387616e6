"""`inspect PATH`: how the table is stored in the file."""

from __future__ import annotations

from opendata_desktop.commands.common import add_reading_options, delimiter_label, read_options
from opendata_desktop.core.errors import EXIT_OK
from opendata_desktop.core.reading import open_table
from opendata_desktop.core.reading.continuation import find_continuation_lines

NAME = "inspect"
HELP = "Détecter comment le tableau est rangé dans le fichier."


def add_arguments(p) -> None:
    p.add_argument("path", metavar="FICHIER")
    add_reading_options(p)


def run(args):
    table = open_table(args.path, read_options(args))
    info = table.inspect_dict()
    lines = [f"Fichier : {table.path.name} ({table.format})"]
    if table.encoding:
        lines.append(f"Encodage : {table.encoding} ; séparateur : {delimiter_label(table.delimiter)}")
    if table.sheet:
        lines.append(f"Feuille : {table.sheet} (parmi : {', '.join(table.sheets)})")
    lines.append(f"Ligne d'en-tête : {table.header_row}")
    lines.append(f"{len(table.columns)} colonnes : {', '.join(table.columns)}")
    lines.append(f"{table.n_rows} lignes de données")
    lines += [f"Attention : {warning}" for warning in table.warnings]
    continuations = find_continuation_lines(table)
    info["continuation_lines"] = [c.as_dict() for c in continuations]
    if continuations:
        shown = ", ".join(str(c.row_number) for c in continuations[:10])
        lines.append(f"Attention : {len(continuations)} ligne(s) ne contiennent qu'une valeur, sous une ligne "
                     f"complète (lignes {shown}{'…' if len(continuations) > 10 else ''}) : sans doute la suite "
                     "de la ligne au-dessus, à rattacher.")
    return info, EXIT_OK, "\n".join(lines)
