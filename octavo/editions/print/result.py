"""What a print layout gives back, from this process or a worker: light to import, as WeasyPrint is not."""

from __future__ import annotations

from dataclasses import dataclass

from octavo.typesetting.pagination import PageMap


@dataclass
class PrintResult:
    """One profile's edition as the build keeps it: the PDF, its page map and the warnings made laying it out."""

    pdf: bytes
    page_map: PageMap
    warnings: list[str]
