"""French formats in one home: identifiers (SIRET, SIREN, NIR, RNA, INSEE commune code, postcode),
dates and periods, amounts, booleans, enum words, and the official lists behind them (ACTES, COG).

Validation, fixes and privacy read values through these functions, so that a rule (« a SIREN is
not a SIRET », « 1 234,50 € is 1234.5 ») is written once.
"""

from opendata_desktop.core.formats.amounts import number_text, parse_number
from opendata_desktop.core.formats.booleans import FALSE_WORDS, TRUE_WORDS, parse_boolean
from opendata_desktop.core.formats.dates import parse_date, parse_period, to_iso_date
from opendata_desktop.core.formats.enums import EnumMatch, match_enum
from opendata_desktop.core.formats.identifiers import (ANNUAIRE_URL, ColumnDamage, IdentifierRepair, column_damage,
                                                       is_valid_insee_code, is_valid_nir, is_valid_postcode,
                                                       is_valid_rna, is_valid_siren, is_valid_siret, luhn_valid,
                                                       luhn_valid_many, read_digits, repair_identifier,
                                                       siren_verdicts, siret_problem, siret_verdicts)
from opendata_desktop.core.formats.text import shorten_at_word

__all__ = ["ANNUAIRE_URL", "ColumnDamage", "EnumMatch", "FALSE_WORDS", "IdentifierRepair", "TRUE_WORDS",
           "column_damage", "is_valid_insee_code", "is_valid_nir", "is_valid_postcode", "is_valid_rna",
           "is_valid_siren", "is_valid_siret", "luhn_valid", "luhn_valid_many", "match_enum", "number_text",
           "parse_boolean", "parse_date", "parse_number", "parse_period", "read_digits", "repair_identifier",
           "shorten_at_word", "siren_verdicts", "siret_problem", "siret_verdicts", "to_iso_date"]
