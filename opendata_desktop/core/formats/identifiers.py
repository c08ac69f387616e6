"""French identifiers: checks, and the only repairs that cannot invent one.

- SIRET (14 digits) and SIREN (9 digits) carry a Luhn key; La Poste's establishments (SIREN 356000000)
  follow another rule (their digits sum to a multiple of 5).
- A spreadsheet damages them in known ways: grouping spaces, a « .0 » suffix, scientific notation
  (2,18E+13), lost leading zeros, and rounding that replaces the last digits with zeros. Only the first
  two, and one lost leading zero checked by the key, can be undone. Rounding cannot: a rounded value
  still passes the Luhn key one time in ten, so a whole column that shows the damage is refused as a
  column (`column_damage`), whatever each value's key says.
- A SIREN given where a SIRET is due is never padded into one: padding keeps the Luhn key, so the key
  proves nothing there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import numpy as np
from stdnum.fr import nir as _std_nir

ANNUAIRE_URL = "https://annuaire-entreprises.data.gouv.fr"
LA_POSTE_SIREN = "356000000"
SIRET, SIREN, POSTCODE, INSEE, RNA = "siret", "siren", "postcode", "insee", "rna"
WIDTHS = {SIRET: 14, SIREN: 9, POSTCODE: 5, INSEE: 5}

_GROUPING = re.compile(r"[\s.\-/\u00a0\u202f\u2007\u2009]")
_FLOAT_SUFFIX = re.compile(r"^(\d+)[.,]0+$")
_SCIENTIFIC = re.compile(r"^(\d)(?:[.,](\d+))?[eE]\+?(\d{1,2})$")
_INSEE = re.compile(r"^([013-9]\d|2[AB1-9])\d{3}$")


# -- checks --------------------------------------------------------------------------------------

def luhn_valid(digits: str) -> bool:
    if not digits.isascii() or not digits.isdigit():
        return False
    total = 0
    for i, char in enumerate(reversed(digits)):
        d = int(char)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


_SLICE = 65536  # identifiers laid out as bytes at a time: bounded scratch memory on a million values
_NOT_DIGIT = 128  # a pair holding a non-digit: more than any key sum of up to 14 digits (9 * 14 = 126)
_PLAIN = np.full(256, _NOT_DIGIT, dtype=np.uint8)  # a byte -> its digit (Luhn: a digit left as it is)
_PLAIN[48:58] = np.arange(10)
_DOUBLED = np.full(256, _NOT_DIGIT, dtype=np.uint8)  # a byte -> its digit doubled, minus 9 above 9
_DOUBLED[48:58] = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9]
# Two bytes read at once as a little-endian uint16 (first byte low): a doubled digit then a plain one.
_PAIRS = np.minimum(_DOUBLED[np.arange(65536) & 255].astype(np.uint16) + _PLAIN[np.arange(65536) >> 8],
                    _NOT_DIGIT).astype(np.uint8)
_LA_POSTE_HEAD = int.from_bytes(LA_POSTE_SIREN[:8].encode("ascii"), "little")


def _digit_rows(values, width: int) -> tuple[np.ndarray, np.ndarray, int]:
    """(positions, buffer, stride): the `values` of exactly `width` characters, and their bytes as rows of
    one uint8 buffer, row k at k * stride (bytes past `width`: whatever follows). A character beyond
    Latin-1 becomes « ? », never a digit. When every value has the width, the rows are the NUL-joined values
    themselves; otherwise each row is gathered as 8-byte words."""
    joined = "\x00".join(values) + "\x00" * 8  # 8: a word read at any value's start stays in the buffer
    codes = np.frombuffer(joined.encode("latin-1", "replace"), dtype=np.uint8)  # one byte per character
    ends = np.flatnonzero(codes[:len(codes) - 7] == 0)
    if len(ends) == len(values):
        starts = np.concatenate(([0], ends[:-1] + 1))
        sizes = ends - starts
    else:  # a value holds a NUL itself: lengths one by one
        sizes = np.fromiter(map(len, values), dtype=np.intp, count=len(values))
        starts = np.cumsum(sizes + 1) - sizes - 1
    positions = np.flatnonzero(sizes == width)
    if len(positions) == len(values):
        return positions, codes, width + 1
    words = -(-width // 8)
    unaligned = np.ndarray(shape=(len(codes) - 7,), dtype="<u8", buffer=codes, strides=(1,))
    rows = np.empty((len(positions), words), dtype="<u8")
    begins = starts[positions]
    for k in range(words):
        rows[:, k] = unaligned[begins + 8 * k]  # indexing, not take: take would first copy it aligned
    return positions, rows.view(np.uint8).reshape(-1), 8 * words


def _column(buffer: np.ndarray, count: int, stride: int, offset: int, dtype: str = "u1") -> np.ndarray:
    return np.ndarray(shape=(count,), dtype=dtype, buffer=buffer, offset=offset, strides=(stride,))


def _key_sums(buffer: np.ndarray, count: int, stride: int, width: int) -> np.ndarray:
    """Luhn sums of `count` rows of `width` bytes (row k at k * stride), two digits per table lookup;
    _NOT_DIGIT or more where a byte is no ASCII digit. The rightmost digit is never doubled."""
    total = np.zeros(count, dtype=np.uint16)
    if width % 2:
        total += np.take(_PLAIN, _column(buffer, count, stride, 0))
    for j in range(width % 2, width, 2):
        total += np.take(_PAIRS, _column(buffer, count, stride, j, "<u2"))
    return total


def _luhn_rows(totals: np.ndarray) -> np.ndarray:
    return (totals < _NOT_DIGIT) & (totals % 10 == 0)


def luhn_valid_many(values: list[str], width: int) -> np.ndarray:
    """Luhn keys of many texts at once (numpy); False for a text that is not `width` ASCII digits."""
    if width < 1 or 9 * width >= _NOT_DIGIT:  # no digit, or wider than any French identifier: one by one
        return np.fromiter((len(v) == width and luhn_valid(v) for v in values), dtype=bool, count=len(values))
    ok = np.zeros(len(values), dtype=bool)
    for start in range(0, len(values), _SLICE):
        positions, buffer, stride = _digit_rows(values[start:start + _SLICE], width)
        if len(positions):
            ok[start + positions] = _luhn_rows(_key_sums(buffer, len(positions), stride, width))
    return ok


def siret_verdicts(values) -> np.ndarray:
    """is_valid_siret for many values at once (numpy Luhn, plus La Poste's digit-sum rule): the one
    check that validation (Validata's french-siret-value) and mapping both use."""
    ok = np.zeros(len(values), dtype=bool)
    for start in range(0, len(values), _SLICE):
        positions, buffer, stride = _digit_rows(values[start:start + _SLICE], 14)
        count = len(positions)
        if not count:
            continue
        totals = _key_sums(buffer, count, stride, 14)
        valid = _luhn_rows(totals)
        la_poste = (_column(buffer, count, stride, 0, "<u8") == _LA_POSTE_HEAD) & \
            (_column(buffer, count, stride, 8) == ord(LA_POSTE_SIREN[8])) & (totals < _NOT_DIGIT) & ~valid
        rows = np.flatnonzero(la_poste)
        if len(rows):  # their digits must sum to a multiple of 5
            digit_sums = sum(np.take(_PLAIN, buffer[rows * stride + j]).astype(np.int32) for j in range(14))
            valid[rows] = digit_sums % 5 == 0
        ok[start + positions] = valid
    return ok


def siren_verdicts(values) -> np.ndarray:
    """is_valid_siren for many values at once."""
    return luhn_valid_many(values, 9)


def is_valid_siret(value: str) -> bool:
    if len(value) != 14 or not value.isascii() or not value.isdigit():
        return False
    if luhn_valid(value):
        return True
    return value.startswith(LA_POSTE_SIREN) and sum(int(d) for d in value) % 5 == 0


def is_valid_siren(value: str) -> bool:
    return len(value) == 9 and luhn_valid(value)


def is_valid_nir(value: str) -> bool:
    """A French social security number (15 characters with its key; Corsica's 2A/2B accepted)."""
    compact = re.sub(r"[\s.\-]", "", value.strip().upper())
    return len(compact) == 15 and _std_nir.is_valid(compact)


def is_valid_rna(value: str) -> bool:
    """RNA number of an association: « W » and 9 digits."""
    return bool(re.fullmatch(r"W\d{9}", value.strip()))


def is_valid_insee_code(value: str, known: bool = True) -> bool:
    """A commune's INSEE code (« 01001 », « 2A004 »); with `known`, it must exist in the official list."""
    value = value.strip().upper()
    if not _INSEE.fullmatch(value):
        return False
    if not known:
        return True
    from opendata_desktop.core.formats.nomenclatures import known_insee_code

    return known_insee_code(value)


def is_valid_postcode(value: str, known: bool = True) -> bool:
    value = value.strip()
    if not re.fullmatch(r"\d{5}", value) or value.startswith("00"):
        return False
    if not known:
        return True
    from opendata_desktop.core.formats.nomenclatures import known_postcode

    return known_postcode(value)


# -- reading what a spreadsheet left -------------------------------------------------------------

@dataclass(frozen=True)
class Digits:
    """The digits of an identifier as written, and the traces of a number cell."""

    digits: str  # "" when the text is not an identifier made of digits
    float_suffix: bool = False  # « 21860194600013.0 »
    scientific: bool = False  # « 2,18E+13 »
    lost: bool = False  # the scientific notation kept fewer digits than the number has
    grouped: bool = False  # spaces, dots or dashes between digit groups


def read_digits(text: str) -> Digits:
    raw = text.strip().strip("\u00a0\u202f\ufeff\u200b")
    match = _FLOAT_SUFFIX.match(raw)
    if match:
        return Digits(match.group(1), float_suffix=True)
    match = _SCIENTIFIC.match(raw.replace(" ", ""))
    if match:
        head, tail, exponent = match.group(1), match.group(2) or "", int(match.group(3))
        try:
            value = Decimal(f"{head}.{tail}E{exponent}")
        except InvalidOperation:
            return Digits("")
        if value != value.to_integral_value():
            return Digits("", scientific=True, lost=True)
        digits = str(int(value))
        # Every digit written (Excel shows up to 15): exact. Fewer than the number has: the rest is lost.
        return Digits(digits, scientific=True, lost=len(head + tail) < len(digits))
    compact = _GROUPING.sub("", raw)
    if compact.isascii() and compact.isdigit():
        return Digits(compact, grouped=compact != raw)
    return Digits("")


# -- repairs -------------------------------------------------------------------------------------

REPAIRED, UNCHANGED, SIREN_IN_SIRET, DAMAGED, INVALID = "repaired", "unchanged", "siren-in-siret", "damaged", "invalid"


@dataclass(frozen=True)
class IdentifierRepair:
    """What can be said of one identifier: `value` is set only when it is certain."""

    status: str  # REPAIRED, UNCHANGED (already right), SIREN_IN_SIRET, DAMAGED, INVALID
    value: str | None = None
    rule: str = ""  # « espaces retirés », « zéro initial rétabli »…
    message: str = ""  # French, for the person, when no value can be given


def _valid(kind: str, digits: str) -> bool:
    if kind == SIRET:
        return is_valid_siret(digits)
    if kind == SIREN:
        return is_valid_siren(digits)
    if kind == INSEE:
        return is_valid_insee_code(digits)
    if kind == POSTCODE:
        return is_valid_postcode(digits)
    return False


def repair_identifier(text: str, kind: str) -> IdentifierRepair:
    """The certain form of an identifier (`kind`: SIRET, SIREN, POSTCODE, INSEE, RNA), or why there is none.

    A lost leading zero is restored only when exactly one digit is missing and the result passes the
    check (Luhn key for SIRET/SIREN, the official list for INSEE codes and postcodes).
    """
    raw = text.strip()
    if kind == RNA:
        compact = re.sub(r"[\s.\-]", "", raw).upper()
        if is_valid_rna(raw):
            return IdentifierRepair(UNCHANGED, raw)
        if is_valid_rna(compact):
            return IdentifierRepair(REPAIRED, compact, "espaces retirés")
        return IdentifierRepair(INVALID, message=f"« {raw} » n'est pas un numéro RNA (W suivi de 9 chiffres).")
    if kind == INSEE and _INSEE.fullmatch(raw.upper()) and raw.upper() != raw:
        return IdentifierRepair(REPAIRED, raw.upper(), "majuscules") if _valid(INSEE, raw.upper()) else \
            IdentifierRepair(INVALID, message=f"« {raw} » n'est pas un code INSEE de commune connu.")
    read = read_digits(raw)
    width = WIDTHS[kind]
    if read.lost or (read.scientific and len(read.digits) != width):
        return IdentifierRepair(DAMAGED, message=damage_message(kind))
    digits = read.digits
    if not digits:
        return IdentifierRepair(INVALID, message=problem_message(raw, kind))
    if len(digits) == width and _valid(kind, digits):
        if digits == raw:
            return IdentifierRepair(UNCHANGED, raw)
        rule = "« .0 » retiré" if read.float_suffix else "notation scientifique retirée" if read.scientific \
            else "espaces retirés"
        return IdentifierRepair(REPAIRED, digits, rule)
    if len(digits) == width - 1 and not read.scientific:
        padded = "0" + digits
        siren_ok = kind != SIRET or is_valid_siren(padded[:9])
        if _valid(kind, padded) and siren_ok:
            return IdentifierRepair(REPAIRED, padded, "zéro initial rétabli")
    if kind == SIRET and len(digits) == 9 and is_valid_siren(digits):
        return IdentifierRepair(SIREN_IN_SIRET, message=siren_in_siret_message(raw))
    return IdentifierRepair(INVALID, message=problem_message(raw, kind))


def siren_in_siret_message(value: str) -> str:
    return (f"« {value} » est un numéro SIREN, pas un SIRET : il manque les 5 chiffres de l'établissement. "
            f"Retrouvez le SIRET sur l'annuaire des entreprises ({ANNUAIRE_URL}).")


_NAMES = {SIRET: "numéro SIRET", SIREN: "numéro SIREN", POSTCODE: "code postal", INSEE: "code INSEE de commune",
          RNA: "numéro RNA"}


def problem_message(value: str, kind: str) -> str:
    name = _NAMES[kind]
    read = read_digits(value)
    if kind in (SIRET, SIREN) and len(read.digits) == WIDTHS[kind]:
        return (f"Le {name} « {value} » est faux : sa clé de contrôle ne correspond pas. "
                f"Vérifiez-le sur l'annuaire des entreprises ({ANNUAIRE_URL}).")
    if kind in (SIRET, SIREN):
        return f"« {value} » n'est pas un {name} : il faut {WIDTHS[kind]} chiffres."
    if kind in (POSTCODE, INSEE):
        return f"« {value} » n'est pas un {name} connu (5 caractères)."
    return f"« {value} » n'est pas un {name}."


def siret_problem(value: str) -> str | None:
    """The French explanation of what is wrong with a SIRET cell, None when it is a valid SIRET."""
    if is_valid_siret(value):
        return None
    repair = repair_identifier(value, SIRET)
    if repair.status == SIREN_IN_SIRET:
        return repair.message
    if repair.status == DAMAGED:
        return repair.message
    return problem_message(value, SIRET)


def damage_message(kind: str, column: str | None = None) -> str:
    where = f" de la colonne « {column} »" if column else ""
    plural = {SIRET: "numéros SIRET", SIREN: "numéros SIREN", POSTCODE: "codes postaux",
              INSEE: "codes INSEE", RNA: "numéros RNA"}[kind]
    return (f"Les {plural}{where} ont été abîmés par le tableur : la cellule était au format nombre et les "
            "derniers chiffres ont été arrondis (« .0 », notation 2,18E+13, zéros à la fin). Un numéro abîmé ne "
            "peut pas être réparé, même si sa clé de contrôle semble juste. Mettez la colonne au format texte dans "
            f"le fichier d'origine et recopiez les numéros, ou retrouvez-les sur {ANNUAIRE_URL}.")


# -- the column as a whole -----------------------------------------------------------------------

@dataclass(frozen=True)
class ColumnDamage:
    """A column whose identifiers went through a number cell and lost digits: all of them are unusable."""

    kind: str
    rows: list[int] = field(default_factory=list)  # positions of the non-empty values
    evidence: str = ""  # French: what shows the damage
    message: str = ""


def column_damage(values, kind: str = SIRET, column: str | None = None,
                  empty: frozenset[str] = frozenset({""})) -> ColumnDamage | None:
    """Is this column of identifiers damaged by a number cell, as a whole?

    Evidence: a scientific notation that kept too few digits, or most values ending in « 00 » (rounding
    to 12 or 13 significant digits), beyond what chance gives (about 1 SIRET in 100 ends in 00).
    """
    width = WIDTHS.get(kind)
    if width is None:
        return None
    rows, lost, zeros, zero, long_values, traces = [], 0, 0, 0, 0, 0
    seen: set[str] = set()  # evidence counts distinct values: one SIRET repeated on every row is one value
    for position, value in enumerate(values):
        text = str(value).strip()
        if text in empty or not text:
            continue
        rows.append(position)
        if text in seen:
            continue
        seen.add(text)
        read = read_digits(text)
        traces += read.float_suffix or read.scientific
        if read.lost:
            lost += 1
        elif len(read.digits) >= width - 1 and kind in (SIRET, SIREN):
            long_values += 1
            zeros += read.digits.endswith("00")
            zero += read.digits.endswith("0")
    if not rows:
        return None
    evidence = ""
    if lost:
        evidence = f"{lost} valeur(s) en notation scientifique (2,18E+13) qui ont perdu des chiffres"
    elif long_values >= 2 and zeros >= 2 and zeros / long_values >= 0.5:
        evidence = f"{zeros} valeur(s) sur {long_values} finissent par « 00 »"
    elif long_values >= 5 and zero / long_values >= 0.9:
        evidence = f"{zero} valeur(s) sur {long_values} finissent par « 0 »"
    elif long_values == 1 and zeros == 1 and traces:
        evidence = "la valeur, écrite comme un nombre, finit par « 00 »"
    if not evidence:
        return None
    return ColumnDamage(kind, rows, evidence, damage_message(kind, column))
