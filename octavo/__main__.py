"""`python -m octavo`: the same command line as build.py and the `octavo` script."""

import sys

from octavo.cli import main

sys.exit(main())
