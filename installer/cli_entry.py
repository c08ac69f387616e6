"""Frozen command line for coordinators: `opendata-desktop.exe COMMANDE …` (same contract as the pip install)."""

import sys

from opendata_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
