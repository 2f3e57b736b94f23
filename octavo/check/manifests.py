"""The LMS packages' manifests against their schemas: IMS Common Cartridge 1.1 and SCORM 1.2 (tests/schemas)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from octavo.core.resources import LMS_SCHEMAS

"""Unchanged copies of the schemas, with their owners' notices (see its README.md)."""
CC11 = LMS_SCHEMAS / "cc11" / "cc11libxml2validator.xsd"
SCORM12 = LMS_SCHEMAS / "scorm12" / "scorm12-validator.xsd"


@cache
def schema(path: Path) -> etree.XMLSchema:
    """A schema, loaded once (its imports are read from beside it)."""
    return etree.XMLSchema(etree.parse(str(path)))


def schema_errors(manifest: bytes, xsd: Path) -> list[tuple[int | None, str]]:
    """(line, message) for each way the manifest breaks the schema; none when it is valid."""
    document = etree.fromstring(manifest, etree.XMLParser(resolve_entities=False, no_network=True)).getroottree()
    checker = schema(xsd)
    if checker.validate(document):
        return []
    log: Any = checker.error_log  # lxml's stubs do not say the log is iterable
    return [(error.line or None, str(error.message)) for error in log]
