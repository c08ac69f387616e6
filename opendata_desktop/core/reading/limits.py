"""Size limits that keep memory bounded on a mairie workstation (often 4 to 8 GB of RAM).

A CSV takes about three times its size in memory once read; a workbook expands its XML about
ten times before that. Beyond these limits the person is asked to split the file.
"""

MAX_CSV_BYTES = 512 * 1024 * 1024
MAX_WORKBOOK_BYTES = 150 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 2 * 1024 * 1024 * 1024  # what a workbook may expand to
MAX_COMPRESSION_RATIO = 300  # beyond this, a workbook member is a zip bomb, not a spreadsheet
