from opendata_desktop.core.operations.base import (DEFAULT_HISTORY_BYTES, CellChange, CompoundOperation, OpChanges,
                                                   Operation, ReplayContext, ReplayError, StaleProposalError,
                                                   UndoStack, operation_from_dict, register_rule_replayer)
from opendata_desktop.core.operations.cells import EditCell, ReplaceCells, SetCells
from opendata_desktop.core.operations.columns import (AddConstantColumn, DropColumn, MergeColumns, SetMapping,
                                                      SplitColumn)
from opendata_desktop.core.operations.rows import DropRows
from opendata_desktop.core.operations.schema import SetSchema

__all__ = ["AddConstantColumn", "CellChange", "CompoundOperation", "DEFAULT_HISTORY_BYTES", "DropColumn", "DropRows",
           "EditCell", "MergeColumns", "OpChanges", "Operation", "ReplaceCells", "ReplayContext", "ReplayError",
           "SetCells", "SetMapping", "SetSchema", "SplitColumn", "StaleProposalError", "UndoStack",
           "operation_from_dict", "register_rule_replayer"]
