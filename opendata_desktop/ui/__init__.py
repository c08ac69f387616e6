"""PySide6 views over the Qt-free core. Long work runs in `tasks` workers; errors go through `errors`."""
