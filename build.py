#!/usr/bin/env python3
"""Octavo's command line: build the book in book/ into build/, or `init` a new book folder."""

import sys

from octavo.cli import main

if __name__ == "__main__":
    sys.exit(main())
