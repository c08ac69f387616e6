"""Size limits that keep memory bounded on a mairie workstation (often 4 to 8 GB of RAM)."""

MAX_FILE_BYTES = 1024 * 1024 * 1024  # 1 GiB on disk
MAX_UNCOMPRESSED_BYTES = 2 * 1024 * 1024 * 1024  # what a workbook may expand to
MAX_COMPRESSION_RATIO = 300  # beyond this, a workbook member is a zip bomb, not a spreadsheet
