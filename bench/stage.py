"""Run one build stage in this process and print its wall time as JSON (bench/run.py measures memory)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from octavo.editions import RENDERERS
from octavo.errors import Warnings
from octavo.sources.assemble import assemble
from octavo.typesetting.typeset import typeset


def main() -> None:
    """stage.py STAGE BOOK OUT — STAGE is assemble, typeset or a format name."""
    stage, book, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    began = time.perf_counter()
    manuscript = assemble(book, Warnings())
    assembled = time.perf_counter()
    if stage == "typeset":
        typeset(manuscript)
    elif stage != "assemble":
        out.mkdir(parents=True, exist_ok=True)
        RENDERERS[stage](manuscript, Warnings()).render(out)
    done = time.perf_counter()
    print(json.dumps({"stage": stage, "assemble": assembled - began, "seconds": done - assembled}))


if __name__ == "__main__":
    main()
