"""Results kept between builds by a hash of everything that can change them; a damaged or foreign entry is ignored.

An entry is a MessagePack envelope (format, kind, key, the payload's SHA-256, the payload) in
`<out>/.octavo-cache/<kind>/<key>`. Payloads are decoded into the one type asked for, never unpickled, so a
tampered entry can at worst be refused. Keys hash the parts a caller gives together with Octavo's own code,
templates, styles and data, the versions of the tools and libraries that shape an edition, and the fonts installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TypeVar

import msgspec

from octavo.core.resources import DATA, PACKAGE, STYLES, TEMPLATES

CACHE_NAME = ".octavo-cache"
FORMAT = 1
KEPT_DAYS = 14
# The libraries whose versions can change an edition: pandoc comes with pypandoc-binary.
TOOLS = ("pypandoc-binary", "weasyprint", "pydyf", "lxml", "EbookLib", "Pillow", "fonttools", "trafilatura",
         "google-re2", "msgspec", "PyYAML", "Jinja2")
T = TypeVar("T")


class Envelope(msgspec.Struct, frozen=True):
    """What a cache file holds: enough to refuse anything that is not the entry asked for, intact."""

    format: int
    kind: str
    key: str
    digest: str
    payload: bytes


def digest(*parts: object) -> str:
    """The SHA-256 of parts encoded as MessagePack (dataclasses, lists, dicts, text, bytes)."""
    return hashlib.sha256(msgspec.msgpack.encode(list(parts), enc_hook=_encode_other)).hexdigest()


def _encode_other(value: object) -> object:
    """Paths and sets, which MessagePack has no type for, in a stable form."""
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    raise NotImplementedError(f"cannot hash a {type(value).__name__}")


def file_digest(path: Path) -> str:
    """The SHA-256 of one file's contents."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files_digest(paths: Iterable[Path], root: Path) -> str:
    """The SHA-256 of files' names (relative to `root`) and contents."""
    hasher = hashlib.sha256()
    for path in sorted(paths):
        hasher.update(str(path.relative_to(root)).encode("utf-8") + b"\0")
        hasher.update(bytes.fromhex(file_digest(path)))
    return hasher.hexdigest()


@cache
def environment_digest() -> str:
    """Octavo's own files, the tool versions and the installed fonts: what every key depends on."""
    own = [path for folder in (PACKAGE, TEMPLATES, STYLES, DATA) for path in folder.rglob("*")
           if path.is_file() and "__pycache__" not in path.parts]
    code = files_digest(set(own), PACKAGE.parent)
    versions = []
    for name in TOOLS:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=-")
    return digest(FORMAT, code, versions, sys.version, _fonts())


def _fonts() -> list[str]:
    """Every installed font file fontconfig knows, with its size and time (a changed font changes the pages)."""
    try:
        listed = subprocess.run(["fc-list", "--format", "%{file}\n"], capture_output=True, text=True, timeout=60,
                                check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        return ["fontconfig missing"]
    fonts = []
    for name in sorted(set(listed.split("\n")) - {""}):
        try:
            info = os.stat(name)
        except OSError:
            continue
        fonts.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
    return fonts


class Cache:
    """A folder of entries by kind and key; switched off, it keeps nothing and finds nothing."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.hits: list[str] = []
        self.misses: list[str] = []

    def key(self, kind: str, *parts: object) -> str:
        """The key of a result of `kind` made from `parts` (and Octavo's environment)."""
        return digest(kind, environment_digest(), *parts)

    def _path(self, kind: str, key: str) -> Path | None:
        """Where an entry lives, or None when the cache is off."""
        return None if self.folder is None else self.folder / kind / key

    def load(self, kind: str, key: str, made: type[T]) -> T | None:
        """The entry of `kind` and `key` as a `made`, or None when there is none or it is damaged or foreign."""
        path = self._path(kind, key)
        if path is None:
            return None
        try:
            envelope = msgspec.msgpack.decode(path.read_bytes(), type=Envelope)
            if (envelope.format, envelope.kind, envelope.key) != (FORMAT, kind, key) or \
                    hashlib.sha256(envelope.payload).hexdigest() != envelope.digest:
                raise ValueError("not this entry")
            value = msgspec.msgpack.decode(envelope.payload, type=made)
        except (OSError, ValueError, msgspec.MsgspecError):
            self.misses.append(kind)
            return None
        os.utime(path)  # recently used: kept by the clean-up
        self.hits.append(kind)
        return value

    def made(self, kind: str, key: str, made: type[T], make: Callable[[], T]) -> T:
        """The entry of `kind` and `key`, or `make()`'s result, kept for the next build."""
        value = self.load(kind, key, made)
        if value is None:
            value = make()
            self.store(kind, key, value)
        return value

    def store(self, kind: str, key: str, value: object) -> None:
        """Keep a result; one whose type does not survive the round trip, or a failed write, is simply not kept."""
        path = self._path(kind, key)
        if path is None:
            return
        try:
            payload = msgspec.msgpack.encode(value)
            if msgspec.msgpack.decode(payload, type=type(value)) != value:
                return  # e.g. a date in front matter would come back as text: not the same result
            envelope = Envelope(FORMAT, kind, key, hashlib.sha256(payload).hexdigest(), payload)
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{path.name}.{os.getpid()}")
            temporary.write_bytes(msgspec.msgpack.encode(envelope))
            os.replace(temporary, path)
        except (OSError, TypeError, ValueError, msgspec.MsgspecError):
            return

    def clean(self) -> None:
        """Remove entries no build has used for KEPT_DAYS days, and half-written ones."""
        if self.folder is None or not self.folder.is_dir():
            return
        oldest = time.time() - KEPT_DAYS * 86400
        for path in self.folder.glob("*/*"):
            try:
                if path.name.startswith(".") or path.stat().st_mtime < oldest:
                    path.unlink()
            except OSError:
                continue
