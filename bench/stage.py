"""Run one build stage in this process and print its wall time as JSON (bench/run.py measures memory)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from octavo.editions import planned_outputs
from octavo.editions.base import RenderContext
from octavo.editions.making import Editions
from octavo.errors import Warnings
from octavo.settings import BuildOptions, load_settings
from octavo.transforms.editing import edited_manuscript
from octavo.typesetting.typeset import typeset


def main() -> None:
    """stage.py STAGE BOOK OUT — STAGE is assemble, typeset or a format name."""
    stage, book, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    began = time.perf_counter()
    settings = load_settings(book)
    manuscript = edited_manuscript(settings, Warnings())
    assembled = time.perf_counter()
    if stage != "assemble":
        typeset_book = typeset(manuscript, settings.citation_style)
    if stage not in ("assemble", "typeset"):
        out.mkdir(parents=True, exist_ok=True)
        editions = Editions(RenderContext(manuscript, typeset_book, settings, Warnings()))
        for output in planned_outputs([stage], settings, BuildOptions()):
            output.renderer_for(editions).render(out)
    done = time.perf_counter()
    print(json.dumps({"stage": stage, "assemble": assembled - began, "seconds": done - assembled}))


if __name__ == "__main__":
    main()
