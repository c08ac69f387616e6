"""What several commands share: reading options, the schema argument, mapping files, output paths."""

from __future__ import annotations

import argparse
import json
import os
import stat
from pathlib import Path

from opendata_desktop.core.errors import UsageError
from opendata_desktop.core.mapping import Mapping
from opendata_desktop.core.reading import ReadOptions
from opendata_desktop.core.schemas import default_catalogue

_DELIMITER_NAMES = {"tab": "\t", "tabulation": "\t", "\\t": "\t"}
SCHEMA_HELP = ("schéma, par exemple scdl/subventions (ou scdl/subventions@2.1.1 pour une version), "
               "ou un fichier Table Schema local (mon_schema.json)")


def add_reading_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sheet", help="nom de la feuille du classeur")
    p.add_argument("--header-row", type=int, help="numéro de la ligne d'en-tête (1 = première ligne)")
    p.add_argument("--encoding", help="encodage d'un CSV (utf-8, cp1252…)")
    p.add_argument("--delimiter", help="séparateur d'un CSV (; , tab |)")


def read_options(args) -> ReadOptions:
    delimiter = getattr(args, "delimiter", None)
    if delimiter is not None:
        delimiter = _DELIMITER_NAMES.get(delimiter.lower(), delimiter)
        if len(delimiter) != 1:
            raise UsageError(f"Séparateur « {args.delimiter} » invalide.", "Utilisez ; , tab ou |.")
    return ReadOptions(sheet=args.sheet, header_row=args.header_row, encoding=args.encoding,
                       delimiter=delimiter)


def delimiter_label(delimiter: str | None) -> str:
    return {"\t": "tabulation", ";": "point-virgule", ",": "virgule", "|": "barre verticale"}.get(
        delimiter or "", delimiter or "")


def load_schema(reference: str):
    """The schema named on the command line (`scdl/subventions`, `name@version`) or a local Table
    Schema file (`mon_schema.json`), checked before use."""
    from opendata_desktop.core.schemas.local import load_local_schema, looks_like_schema_file

    if looks_like_schema_file(reference):
        return load_local_schema(reference)
    return default_catalogue().get(reference)


def load_mapping_file(path: str, columns: list[str], schema) -> Mapping:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"Le fichier de correspondance « {path} » est illisible.",
                         "Il doit contenir un objet JSON {\"colonne\": \"champ\"}.") from exc
    if isinstance(data, dict) and isinstance(data.get("mapping"), dict):
        data = data["mapping"]  # accept the output of `map --json` as is
    if not isinstance(data, dict):
        raise UsageError("Le fichier de correspondance doit contenir un objet JSON {\"colonne\": \"champ\"}.")
    unknown = [f for f in data.values() if f and f not in schema.field_names]
    if unknown:
        raise UsageError(f"Champs inconnus du schéma {schema.name} : {', '.join(unknown)}.")
    missing = [c for c in data if c not in columns]
    if missing:
        raise UsageError(f"Colonnes absentes du fichier : {', '.join(missing)}.",
                         "Vérifiez la ligne d'en-tête et la feuille choisies.")
    mapping = Mapping({c: data.get(c) for c in columns})
    mapping.confidence = {c: 1.0 if data.get(c) else 0.0 for c in columns}
    return mapping


def _same_file_key(path: Path) -> str:
    """A comparable spelling of a path: real path, and case-folded where the file system ignores case."""
    real = os.path.realpath(path)
    return os.path.normcase(real) if os.name == "nt" else real


def _read_only(path: Path) -> bool:
    """Protected against writing: no permission, or the read-only mark (which an administrator's
    access, or Windows' attribute, would otherwise ignore)."""
    if not os.access(path, os.W_OK):
        return True
    info = path.stat()
    if getattr(info, "st_file_attributes", 0) & getattr(stat, "FILE_ATTRIBUTE_READONLY", 0):
        return True
    return not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def resolve_output(output: str | os.PathLike, *inputs: str | os.PathLike | None) -> Path:
    """The one place every output path is checked before anything is written.

    An output that is one of the inputs (however spelled: `../dir/x.csv`, a link, other case on
    Windows) would destroy the source: refused (exit 2). So is a folder, and an existing file that
    is read-only (replacing it would bypass the protection the person put on it).
    """
    out = Path(output)
    out_key = _same_file_key(out)
    for source in inputs:
        if source is None:
            continue
        src = Path(source)
        same = out_key == _same_file_key(src)
        if not same and out.exists() and src.exists():
            try:
                same = os.path.samefile(out, src)
            except OSError:
                same = False
        if same:
            raise UsageError(f"Le fichier de sortie « {out} » est le fichier d'origine « {src} ».",
                             "Le fichier d'origine n'est jamais modifié : choisissez un autre nom de sortie.")
    if out.is_dir():
        raise UsageError(f"« {out} » est un dossier.", "Indiquez un nom de fichier, par exemple sortie.csv.")
    if out.exists() and _read_only(out):
        raise UsageError(f"Le fichier « {out} » est protégé en écriture : il n'est pas remplacé.",
                         "Choisissez un autre nom de sortie, ou retirez la protection du fichier.")
    if not out.parent.exists():
        raise UsageError(f"Le dossier « {out.parent} » n'existe pas.", "Créez-le ou choisissez un autre dossier.")
    return out
