"""Budgets that keep memory and time bounded on a mairie workstation (often 4 to 8 GB of RAM).

Every budget is checked BEFORE the reader allocates: a small hostile file (a cell declared at
XFD1048576, a zip that expands a hundredfold) is refused with a French message instead of
exhausting memory. Beyond these limits the person is asked to split the file.
"""

MAX_CSV_BYTES = 512 * 1024 * 1024
MAX_WORKBOOK_BYTES = 150 * 1024 * 1024
# What the XML parts of a workbook may expand to, all together: a 1,000,000-row x 16-column sheet
# is about 900 MB of XML; more is beyond what a workstation reads in reasonable time.
MAX_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024
# Beyond this ratio, a large member of a workbook is a zip bomb, not a spreadsheet (real sheets: 5-30).
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_ABOVE = 20 * 1024 * 1024
# The shared strings (every distinct text of an xlsx) are held whole in memory by the reader.
MAX_HELD_WHOLE_BYTES = 400 * 1024 * 1024  # small parts may compress very well (styles, empty sheets)
# Cells of the dense grid a reader builds (rows x columns of the used area, empty cells included).
MAX_WORKBOOK_CELLS = 12_000_000  # a workbook cell costs ~100 bytes once read (Rust, then Python)
MAX_CSV_CELLS = 30_000_000  # a CSV cell costs ~35 bytes once read
MAX_COLUMNS = 16_384  # Excel's own limit (XFD)
