"""French for Qt's own widgets (« Annuler », « Oui », file dialogs…), whatever the Windows language."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

_KEEP: list[QTranslator] = []  # translators must outlive this function


def install_french(app: QApplication) -> bool:
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded = False
    for name in ("qtbase_fr", "qt_fr"):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _KEEP.append(translator)
            loaded = True
    return loaded
