"""Generate mapping test cases from the schemas' own example files: the same data with shuffled columns,
renamed headers (titles, former names, synonyms from resources/fields) and abbreviated headers (office
abbreviations applied to the French titles). Each case is a CSV plus `<case>.truth.json`
({"schema": …, "source": …, "variant": …, "mapping": {header: field | null}}).

    python scripts/make_mapping_cases.py OUT_DIR [--scdl /work/shared/scdl] [--seed 7]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from pathlib import Path

from opendata_desktop.core.mapping.knowledge import for_schema
from opendata_desktop.core.reading import ReadOptions, open_table
from opendata_desktop.core.schemas import default_catalogue
from opendata_desktop.core.textnorm import compact, strip_accents

VARIANTS = ("melange", "renomme", "abrege")
# How French office software shortens header words (applied to titles, whole words, case-insensitive).
SHORT = {"montant": "Mt", "numéro": "N°", "nombre": "Nb", "libellé": "Lib.", "identifiant": "Id",
         "identification": "Ident.", "fonction": "Fonct.", "opération": "Op.", "chapitre": "Chap.",
         "adresse": "Adr.", "téléphone": "Tél.", "catégorie": "Cat.", "référence": "Réf.", "bénéficiaire": "Bénéf.",
         "subvention": "Subv.", "collectivité": "Coll.", "convention": "Conv.", "abstention": "Abst.",
         "délibération": "Délib.", "équipement": "Équip.", "établissement": "Étab.", "latitude": "Lat.",
         "longitude": "Long.", "information": "Info.", "description": "Desc.", "commune": "Cne",
         "département": "Dépt", "maximum": "Max.", "minimum": "Min.", "nature": "Nat.", "pourcentage": "%",
         "versement": "Vers.", "date": "Dt", "code": "Cd", "prénom": "Prén.", "occurrences": "Occ."}
_SMALL = {"de", "du", "des", "la", "le", "les", "l'", "d'", "à", "au", "aux", "en", "et", "dans", "par", "pour"}


def example_files(scdl: Path) -> list[tuple[str, Path]]:
    """(catalogue name, example CSV) for every schema of the catalogue that ships examples."""
    names = {e.name for e in default_catalogue().entries()}
    out = []
    for source in sorted(scdl.glob("*/source.json")):
        name = json.loads(source.read_text(encoding="utf-8")).get("catalogue_name")
        if name not in names:
            continue
        for path in sorted(source.parent.rglob("*.csv")):
            if "invalide" in path.name and "colonnes" not in path.name:
                continue  # invalid cells: same headers as the valid example
            out.append((name, path))
    return out


def truth_for(columns: list[str], schema) -> dict[str, str | None]:
    by_key = {compact(f.name): f.name for f in schema.fields}
    return {c: by_key.get(compact(c)) for c in columns}


def abbreviate(title: str, rng: random.Random) -> str:
    words = []
    for word in re.split(r"\s+", title.replace("’", "'")):
        bare = word.lower().strip("(),.")
        if bare in _SMALL or (bare.startswith(("l'", "d'")) and rng.random() < 0.5 and len(words)):
            word = word[2:] if bare.startswith(("l'", "d'")) else ""
            bare = word.lower()
        short = SHORT.get(bare)
        if short and rng.random() < 0.8:
            word = short
        if word:
            words.append(word)
    text = " ".join(words) or title
    roll = rng.random()
    if roll < 0.25:
        text = strip_accents(text).upper()
    elif roll < 0.4:
        text = text.lower()
    return text[:40]


def rename(field, rng: random.Random, schema_name: str) -> str:
    know = for_schema(schema_name).field(field.name)
    choices = [field.title] if field.title else []
    choices += list(know.former) + list(know.synonyms)
    return rng.choice(choices) if choices else field.name


def make_cases(out: Path, scdl: Path, seed: int = 7) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    catalogue = default_catalogue()
    written = []
    for schema_name, path in example_files(scdl):
        schema = catalogue.get(schema_name)
        try:
            table = open_table(path, ReadOptions())
        except Exception as error:  # an example the reader refuses is reported, not fatal
            print(f"ignoré : {path} ({error})", file=sys.stderr)
            continue
        columns = list(table.data.columns)
        truth = truth_for(columns, schema)
        rng = random.Random(f"{seed}-{path.name}")
        for variant in VARIANTS:
            order = columns[:]
            rng.shuffle(order)
            headers, seen = {}, set()
            for column in order:
                target = truth[column]
                header = column.strip()
                if target and variant == "renomme":
                    header = rename(schema.field(target), rng, schema_name).strip()
                elif target and variant == "abrege":
                    header = abbreviate(schema.field(target).title or target, rng).strip()
                while compact(header) in seen:
                    header += " bis"
                seen.add(compact(header))
                headers[column] = header
            stem = f"{schema_name.replace('/', '.')}__{path.stem}__{variant}"
            target_path = out / f"{stem}.csv"
            with target_path.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow([headers[c] for c in order])
                for row in table.data[order].itertuples(index=False):
                    writer.writerow(row)
            (out / f"{stem}.truth.json").write_text(json.dumps(
                {"schema": schema_name, "source": str(path), "variant": variant,
                 "mapping": {headers[c]: truth[c] for c in order}}, ensure_ascii=False, indent=1), encoding="utf-8")
            written.append(target_path)
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--scdl", type=Path, default=Path("/work/shared/scdl"))
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    written = make_cases(args.out, args.scdl, args.seed)
    print(f"{len(written)} cas écrits dans {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
