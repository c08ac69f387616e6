"""A Table Schema written by the person (a département's schema, a draft SCDL version), from a file.

The descriptor is checked with frictionless (the reference implementation of Table Schema) before
use, and what is wrong in it is said in French, field by field. The same check guards the
descriptors `schemas --refresh` downloads before they are cached.

Tolerated, as in the published catalogue: a top-level `name` that is not a slug, a constraint a type
does not support (it is ignored), and the non-standard keys of schema.data.gouv.fr (`custom_checks`,
`example(s)`…). Everything else that frictionless refuses is an error.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from opendata_desktop.core.errors import UnreadableFileError, UsageError
from opendata_desktop.core.schemas.model import Schema

LOCAL_SUFFIXES = (".json", ".yaml", ".yml")
_MAX_BYTES = 20 * 1024 * 1024  # a schema is a few kilobytes; anything this big is not one

_TOLERATED = (
    re.compile(r"does not match '\^\(\[-a-z0-9\._/\]\)\+\$' at property 'name'"),  # non-slug schema name
    re.compile(r'constraint "[^"]+" is not supported by type'),
)
_TRANSLATIONS = (
    (re.compile(r'constraint "([^"]+)" is not supported by type "([^"]+)"'), "la contrainte « {0} » ne "
     "s'applique pas au type « {1} » : elle est ignorée"),
    (re.compile(r"'(.*)' does not match .* at property 'name'"), "le nom « {0} » n'est pas un identifiant "
     "(minuscules, chiffres, - . _ /) : il est ignoré"),
    (re.compile(r"field type \"([^\"]*)\" is not supported"), "le type « {0} » n'existe pas en Table Schema "
     "(types possibles : string, number, integer, boolean, date, datetime, time, year, yearmonth, duration, "
     "geopoint, geojson, array, object, any)"),
    (re.compile(r"'name' is a required property"), "il manque le nom technique (« name »)"),
    (re.compile(r"primary key \"(.*)\" does not match the fields"), "la clé primaire {0} désigne un champ qui "
     "n'existe pas"),
    (re.compile(r"names of the fields are not unique"), "plusieurs champs portent le même nom"),
    (re.compile(r"'(.*)' is not one of \[(.*)\] at property 'format'"), "le format « {0} » n'est pas permis "
     "pour ce type (formats possibles : {1})"),
    (re.compile(r"is not of type '(\w+)' at property '([^']+)'"), "la propriété « {1} » n'a pas la bonne forme "
     "(attendu : {0})"),
    (re.compile(r"at property '([^']+)'"), "la propriété « {0} » n'est pas valide"),
)
_TYPE_WORDS = {"array": "une liste", "object": "un objet", "string": "un texte", "boolean": "vrai ou faux",
               "number": "un nombre", "integer": "un entier"}


@dataclass
class DescriptorCheck:
    problems: list[str] = field(default_factory=list)  # French: what makes the descriptor unusable
    remarks: list[str] = field(default_factory=list)  # French: tolerated departures from the standard

    @property
    def ok(self) -> bool:
        return not self.problems


def _french(note: str) -> str:
    for pattern, template in _TRANSLATIONS:
        match = pattern.search(note)
        if match:
            groups = [_TYPE_WORDS.get(g, g) for g in match.groups()]
            return template.format(*groups)
    return f"il n'est pas conforme à Table Schema ({note})"


def _frictionless_notes(descriptor: dict, kinds=("schema-error", "field-error")) -> list[str]:
    from frictionless import Schema as FrictionlessSchema

    report = FrictionlessSchema.validate_descriptor(descriptor)
    return [error.note for error in report.errors if error.type in kinds]


def check_descriptor(data) -> DescriptorCheck:
    """Check a Table Schema descriptor; French sentences, each naming the field concerned."""
    result = DescriptorCheck()
    if not isinstance(data, dict):
        result.problems.append("Le fichier ne contient pas un schéma : il faut un objet avec une liste « fields ».")
        return result
    fields = data.get("fields")
    if not isinstance(fields, list) or not fields:
        result.problems.append("Le schéma n'a pas de liste de champs (« fields ») ou elle est vide.")
        return result
    names: list[str] = []
    for position, item in enumerate(fields, start=1):
        where = (f"Le champ n° {position} « {item.get('name')} »" if isinstance(item, dict) and item.get("name")
                 else f"Le champ n° {position}")
        if not isinstance(item, dict):
            result.problems.append(f"{where} n'est pas décrit par un objet JSON.")
            continue
        names.append(str(item.get("name")))
        for note in _frictionless_notes({"fields": [item]}):
            sentence = f"{where} : {_french(note)}."
            (result.remarks if any(t.search(note) for t in _TOLERATED) else result.problems).append(sentence)
        pattern = (item.get("constraints") or {}).get("pattern") if isinstance(item.get("constraints"), dict) else None
        if isinstance(pattern, str):
            try:
                re.compile(pattern)
            except re.error as exc:
                result.problems.append(f"{where} : l'expression régulière (« pattern ») est incorrecte ({exc}).")
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        result.problems.append("Plusieurs champs portent le même nom : " + ", ".join(f"« {n} »" for n in duplicates)
                               + ".")
    # The whole descriptor, without its fields (checked above) and without the catalogue's own keys.
    rest = {k: v for k, v in data.items() if k in ("fields", "primaryKey", "foreignKeys", "missingValues", "name",
                                                  "title", "description")}
    rest["fields"] = [f for f in fields if isinstance(f, dict) and f.get("name")]
    for note in _frictionless_notes(rest, kinds=("schema-error",)):
        if "names of the fields are not unique" in note or _field_level(note):
            continue  # said above, field by field
        if any(t.search(note) for t in _TOLERATED):
            result.remarks.append(f"Le schéma : {_french(note)}.")
        else:
            result.problems.append(f"Le schéma : {_french(note)}.")
    checks = data.get("custom_checks", [])
    if not isinstance(checks, list) or not all(isinstance(c, dict) and c.get("name") for c in checks):
        result.problems.append("La liste « custom_checks » doit contenir des objets "
                               "{\"name\": …, \"params\": {…}}.")
    return result


def _field_level(note: str) -> bool:
    """Notes already reported field by field."""
    return bool(re.search(r"field type|is not supported by type|at property 'format'|'name' is a required", note))


def read_descriptor(path: Path | str) -> dict:
    """The descriptor in a JSON (or YAML) file; unreadable file: exit 3, not a descriptor: exit 2."""
    path = Path(path)
    try:
        if path.stat().st_size > _MAX_BYTES:
            raise UsageError(f"« {path.name} » est bien trop gros pour être un schéma de données.",
                             "Choisissez le fichier schema.json du schéma.")
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError as exc:
        raise UnreadableFileError(f"Le fichier de schéma « {path} » est introuvable.",
                                  "Vérifiez le chemin indiqué après --schema.") from exc
    except UnicodeDecodeError as exc:
        raise UnreadableFileError(f"Le fichier de schéma « {path.name} » n'est pas un texte UTF-8.",
                                  "Enregistrez-le en UTF-8 (comme les schémas de schema.data.gouv.fr).") from exc
    except (IsADirectoryError, PermissionError, OSError) as exc:
        raise UnreadableFileError(f"Le fichier de schéma « {path} » ne peut pas être lu.",
                                  "Vérifiez qu'il existe et que vous avez le droit de le lire.") from exc
    if path.suffix.lower() in (".yaml", ".yml"):
        import yaml  # installed with frictionless, which reads YAML descriptors itself

        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise UsageError(f"Le fichier de schéma « {path.name} » n'est pas un YAML valide.",
                             f"Détail : {exc}".splitlines()[0]) from exc
    try:
        return json.loads(text)
    except ValueError as exc:
        line = getattr(exc, "lineno", None)
        where = f" (ligne {line})" if line else ""
        raise UsageError(f"Le fichier de schéma « {path.name} » n'est pas un JSON valide{where}.",
                         "Ouvrez-le dans un éditeur de texte : une virgule ou un guillemet manque souvent.") from exc


def load_local_schema(path: Path | str) -> Schema:
    """A schema from a file the person chose (« Utiliser un schéma local… », `--schema FILE.json`).

    Raises UsageError (exit 2) listing in French what is wrong in the descriptor, and
    UnreadableFileError (exit 3) when the file cannot be read at all.
    """
    path = Path(path)
    data = read_descriptor(path)
    check = check_descriptor(data)
    if not check.ok:
        shown = check.problems[:10]
        more = f"\n… et {len(check.problems) - 10} autre(s) problème(s)." if len(check.problems) > 10 else ""
        raise UsageError(f"Le fichier « {path.name} » n'est pas un schéma de données (Table Schema) utilisable :\n"
                         + "\n".join(f"- {p}" for p in shown) + more,
                         "Corrigez le schéma (par exemple avec https://schema.data.gouv.fr/ ou l'éditeur "
                         "de l'auteur du schéma), puis relancez.")
    name = str(data.get("name") or path.stem)
    version = str(data.get("version") or "locale")
    return Schema.from_descriptor(data, f"local/{name}", version, file_name=path.stem,
                                  source_path=str(path.resolve()))


def looks_like_schema_file(reference: str) -> bool:
    """`--schema` names a file rather than a catalogue entry (« scdl/subventions »)."""
    lowered = reference.lower()
    return lowered.endswith(LOCAL_SUFFIXES) or Path(reference).is_file()
