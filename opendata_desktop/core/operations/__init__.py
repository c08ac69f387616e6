from opendata_desktop.core.operations.base import OpChanges, Operation, UndoStack
from opendata_desktop.core.operations.cells import EditCell, ReplaceCells, SetCells
from opendata_desktop.core.operations.columns import (AddConstantColumn, DropColumn, MergeColumns, SetMapping,
                                                      SplitColumn)
from opendata_desktop.core.operations.rows import DropRows

__all__ = ["AddConstantColumn", "OpChanges", "Operation", "UndoStack", "EditCell", "ReplaceCells", "SetCells", "DropColumn", "DropRows", "MergeColumns", "SetMapping",
           "SplitColumn"]
