"""What every renderer is given (one frozen render context) and the lifecycle it runs into the staging folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from octavo.core.identity import identifier, modified_time
from octavo.core.text import slugify
from octavo.editions.print.profiles import Profile
from octavo.errors import Warnings
from octavo.manuscript import Book
from octavo.settings import BookSettings, BuildOptions
from octavo.typesetting.typeset import TypesetBook

if TYPE_CHECKING:
    from octavo.editions.making import Editions


@dataclass(frozen=True)
class RenderContext:
    """One build's book, typeset text, settings and warnings; renderers read it and never change the book."""

    book: Book
    typeset: TypesetBook
    settings: BookSettings
    warnings: Warnings
    options: BuildOptions = BuildOptions()
    # The build time, read once here (SOURCE_DATE_EPOCH when set): a worker on a cluster has its own environment.
    modified: datetime = field(default_factory=modified_time)

    @property
    def folder(self) -> Path:
        """The book folder, where its pictures and stylesheets are."""
        return self.settings.folder

    @property
    def slug(self) -> str:
        """The file name stem of the book's editions."""
        return slugify(self.book.metadata.title, "book")

    @property
    def identifier(self) -> str:
        """The book's identifier, the same in every edition."""
        return identifier(self.book.metadata)



@dataclass(frozen=True)
class Output:
    """One output a build writes, planned before the book is read: its renderer and, for a PDF, the profile."""

    renderer: type[Renderer]
    profile: Profile | None = None

    @property
    def label(self) -> str:
        """How the progress display names it: `the epub`, `the pdf (trade)`."""
        return f"the {self.renderer.name}" + (f" ({self.profile.name})" if self.profile else "")

    def renderer_for(self, editions: Editions) -> Renderer:
        """The renderer that writes it from the build's editions."""
        return self.renderer(editions, self.profile)


class Renderer:
    """One output: asks the build's editions for what it needs and writes only into staging."""

    name: ClassVar[str] = ""
    # Whether a build without --formats writes it; the costly extras (a PDF per chapter) are asked for by name.
    by_default: ClassVar[bool] = True

    def __init__(self, editions: Editions, profile: Profile | None = None) -> None:
        self.editions = editions
        self.context = editions.context
        self.profile = profile

    @classmethod
    def outputs(cls, settings: BookSettings, options: BuildOptions, formats: list[str]) -> list[Output]:
        """What this format writes in a build of `formats`: one output, unless the format says otherwise."""
        return [Output(cls)]

    def print_needed(self) -> list[Profile]:
        """The print editions this output will ask for, so the build can lay them out early and side by side."""
        return []

    def output_name(self) -> str:
        """The file or folder name of this output inside the build folder."""
        raise NotImplementedError

    def write(self, target: Path) -> list[Path]:
        """Write the output at `target` (a file or a folder in staging); returns any further outputs beside it."""
        raise NotImplementedError

    def render(self, staging: Path) -> list[Path]:
        """Write into the staging folder; returns the staged outputs."""
        target = staging / self.output_name()
        return [target, *self.write(target)]
