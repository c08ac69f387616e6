from opendata_desktop.core.validation.report import CellError, ValidationReport
from opendata_desktop.core.validation.engine import validate_frame

__all__ = ["CellError", "ValidationReport", "validate_frame"]
