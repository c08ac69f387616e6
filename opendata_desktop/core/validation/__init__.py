from opendata_desktop.core.validation.engine import (CellLocator, Validator, is_schema_form, validate_document,
                                                     validate_frame, validate_table)
from opendata_desktop.core.validation.report import CellError, ValidationReport

__all__ = ["CellError", "CellLocator", "ValidationReport", "Validator", "is_schema_form", "validate_document", "validate_frame",
           "validate_table"]
