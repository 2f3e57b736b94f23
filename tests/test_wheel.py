"""The wheel: built from the checkout's files, installed into a fresh virtualenv, it builds a book from any folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

from conftest import BOOK, ROOT, run_cli

EPOCH = "1790000000"
CARRIED = ["octavo/templates/epub/chapter.xhtml.j2", "octavo/styles/epub.css", "octavo/data/boilerplate.yaml",
           "octavo/xsd/cc11/cc11libxml2validator.xsd", "octavo/data/serve/reload.js",
           "octavo/data/web/go-to-page.js"]


def _run(*args: str | Path, cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    """Run a command outside the checkout, with none of this interpreter's environment pointing into it."""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["SOURCE_DATE_EPOCH"] = EPOCH
    done = subprocess.run([str(arg) for arg in args], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=timeout, check=False)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


def _source_copy(target: Path) -> Path:
    """The working-tree files git knows of (tracked, or new and not ignored), uncommitted edits included."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():  # a tracked file deleted in the working tree is left out
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def _fresh_venv(folder: Path) -> Path:
    """A new virtualenv that sees the checkout venv's packages (through a .pth file) but not its editable Octavo."""
    _run(sys.executable, "-m", "venv", folder, cwd=folder.parent)
    python = folder / "bin" / "python"
    inside = _run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=folder).stdout.strip()
    ours = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    # .pth files in a folder named by a .pth file are not read, so the checkout's editable install stays unseen.
    (Path(inside) / "octavo-test-dependencies.pth").write_text("".join(f"{path}\n" for path in sorted(ours)))
    return python


def test_wheel_builds_the_example_book_outside_the_checkout(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    _run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", wheels,
         _source_copy(tmp_path / "source"), cwd=tmp_path)
    [wheel] = wheels.glob("octavo-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert set(CARRIED) <= names
    assert not any(name.startswith(("templates/", "styles/", "book/", "tests/")) for name in names)

    python = _fresh_venv(tmp_path / "venv")
    _run(python, "-m", "pip", "install", "-q", "--no-deps", "--disable-pip-version-check", wheel, cwd=tmp_path)
    venv = (tmp_path / "venv").resolve()
    found = _run(python, "-c", "import octavo, octavo.core.resources as r; print(octavo.__file__); print(r.TEMPLATES)",
                 cwd=tmp_path).stdout.split()
    assert all(Path(path).resolve().is_relative_to(venv) for path in found), found
    assert "usage" in _run(python, "-m", "octavo", "--help", cwd=tmp_path).stdout

    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(BOOK, elsewhere / "book")
    _run(venv / "bin" / "octavo", "--book", elsewhere / "book", "--out", elsewhere / "out", "--quiet", cwd=elsewhere)
    out = elsewhere / "out"
    [epub] = out.glob("*.epub")
    assert list(out.glob("*.pdf"))
    assert (out / "web").is_dir() and list((out / "web").iterdir())
    assert list(out.glob("*.imscc"))
    assert list(out.glob("*scorm*.zip"))

    checkout = tmp_path / "checkout"
    done = run_cli("--book", str(BOOK), "--out", str(checkout), "--formats", "epub", "--quiet")
    assert done.returncode == 0, done.stderr
    [reference] = checkout.glob("*.epub")
    assert epub.read_bytes() == reference.read_bytes()
