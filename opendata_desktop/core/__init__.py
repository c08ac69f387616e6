"""Everything that is not Qt: reading, schemas, mapping, validation, operations, privacy, publishing.

Nothing under this package may import Qt (checked by tests/core/test_architecture.py).
"""
