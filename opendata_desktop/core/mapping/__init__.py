"""Match the columns of a source table to the fields of a schema, and the schema to the file.

Public names: `Mapping`, `MappingMemory`, `suggest_mapping` (column -> field with confidence and a French
explanation), `suggest_schemas` / `suggest_schemas_for_table` (the catalogue ranked for a file, with a French
reason), `confirm_all` (what « Tout confirmer » accepts).
"""

from opendata_desktop.core.mapping.model import Mapping, MappingMemory
from opendata_desktop.core.mapping.schema_suggestion import SchemaCandidate, suggest_schemas, suggest_schemas_for_table
from opendata_desktop.core.mapping.suggest import header_score, suggest_mapping
from opendata_desktop.core.mapping.text import tokens


def confirm_all(mapping: Mapping) -> dict[str, str]:
    """The proposals « Tout confirmer » accepts: column -> field, for every proposed, unconfirmed column."""
    return mapping.proposals()


__all__ = ["Mapping", "MappingMemory", "SchemaCandidate", "confirm_all", "header_score", "suggest_mapping",
           "suggest_schemas", "suggest_schemas_for_table", "tokens"]
