"""The package's shape: stages import only downwards, each format owns its renderer, editions are made once."""

from __future__ import annotations

import ast
import dataclasses
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run_cli

from octavo.editions import RENDERERS
from octavo.settings import load_settings

PACKAGE = ROOT / "octavo"
# Each stage may import from the stages before it (and from the top-level vocabulary), never from one after it.
STAGES = ["core", "sources", "transforms", "typesetting", "editions"]


def imported_modules(path: Path) -> set[str]:
    """Every octavo module a file imports, at run time or for type checking alike."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("octavo"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("octavo"))
    return found


def stage_of(module: str) -> str:
    """`typesetting` for octavo.typesetting.index; the module itself for a top-level one."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_imports_nothing_from_a_later_stage(stage: str) -> None:
    later = set(STAGES[STAGES.index(stage) + 1:])
    wrong = [(str(path.relative_to(ROOT)), module) for path in sorted((PACKAGE / stage).rglob("*.py"))
             for module in imported_modules(path) if stage_of(module) in later]
    assert not wrong


def test_the_vocabulary_modules_import_no_stage_but_core() -> None:
    for name in ("errors", "manuscript", "settings"):
        stages = {stage_of(module) for module in imported_modules(PACKAGE / f"{name}.py")} & set(STAGES)
        assert stages <= {"core"}, (name, stages)


def test_each_renderer_lives_in_its_format_package() -> None:
    for name, renderer in RENDERERS.items():
        parts = renderer.__module__.split(".")
        assert parts[:2] == ["octavo", "editions"] and len(parts) == 4, (name, renderer.__module__)
    assert not (PACKAGE / "renderers").exists()


def test_settings_are_frozen_and_the_manuscript_holds_none() -> None:
    settings = load_settings(FIXTURES / "small-book")
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.folder = Path("/elsewhere")  # type: ignore[misc]
    from octavo.manuscript import Book
    fields = {field.name for field in dataclasses.fields(Book)}
    assert not fields & {"folder", "csl_style", "print_settings", "page_list", "subjects"}


def test_the_cartridge_carries_the_very_epub_and_handout_the_build_writes(tmp_path: Path) -> None:
    done = run_cli("--book", str(FIXTURES / "small-book"), "--out", str(tmp_path), "--formats", "epub,pdf,imscc", "-q")
    assert done.returncode == 0, done.stderr
    epub, = tmp_path.glob("*.epub")
    handout, = (pdf for pdf in tmp_path.glob("*.pdf") if not pdf.stem.endswith(("-trade", "-cover")))
    cartridge, = tmp_path.glob("*.imscc")
    with zipfile.ZipFile(cartridge) as package:
        carried = {Path(name).suffix: package.read(name) for name in package.namelist() if "/downloads/" in name}
    assert carried[".epub"] == epub.read_bytes()
    assert carried[".pdf"] == handout.read_bytes()
