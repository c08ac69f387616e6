"""The Qt binding must not corrupt Python's reference counts (PySide6 6.12.0 on Python 3.11 did:
each call returning nothing dropped a reference to None, and the app aborted after a few thousand)."""

import sys

import pandas as pd
from PySide6.QtWidgets import QTableView, QTreeWidget, QTreeWidgetItem

from opendata_desktop.ui.table_model import FrameModel


def test_none_reference_count_is_stable_across_many_qt_calls(qapp):
    tree = QTreeWidget()
    model = FrameModel(pd.DataFrame({"a": ["x"] * 30, "b": ["y"] * 30}))
    view = QTableView()
    view.setModel(model)
    view.show()
    before = sys.getrefcount(None)
    for _ in range(500):
        tree.clear()
        item = QTreeWidgetItem(["groupe"])
        item.addChild(QTreeWidgetItem(["erreur"]))
        tree.addTopLevelItem(item)
        model.set_cell_notes({(1, 1): "erreur"})
        qapp.processEvents()
    assert sys.getrefcount(None) - before > -100
