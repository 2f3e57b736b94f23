"""Lost work: builds stopped at every step of the switch leave all old or all new outputs; --out is checked."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run_cli

FORMATS = "manuscript,web"
SLUG = "a-small-book-of-bells"
# Runs the command line with the switch's named points replaced by one that sends a signal to the build itself.
DRIVER = """
import os, signal, sys
from octavo import cli, outputs
from octavo.editions.base import Renderer
step, how = sys.argv[1], getattr(signal, sys.argv[2])
def reached(name):
    if name == step:
        os.kill(os.getpid(), how)
outputs._reached = reached
render = Renderer.render
def stopping_render(self, staging):
    if self.name == "web":
        reached("render")
    return render(self, staging)
Renderer.render = stopping_render
sys.exit(cli.main(sys.argv[3:]))
"""


def outputs(out: Path) -> dict[str, str]:
    """Every output the build folder shows (links followed), by path, with a digest of its bytes."""
    found: dict[str, str] = {}
    for entry in sorted(out.iterdir()):
        if entry.name.startswith(".") or not entry.exists():
            continue
        files = sorted(p for p in entry.rglob("*") if p.is_file()) if entry.is_dir() else [entry]
        for path in files:
            found[str(path.relative_to(out))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def tidy(out: Path) -> None:
    """Nothing left over: no staging, one generation, no dangling links, no old-style `.X.old` folders."""
    assert not (out / ".octavo-staging").exists()
    assert not [p for p in out.iterdir() if p.name.endswith(".old") or p.name.endswith(".octavo-link")]
    assert not [p for p in out.iterdir() if p.is_symlink() and not p.exists()]
    generations = sorted(p.name for p in (out / ".octavo-outputs").iterdir())
    assert len(generations) == 2 and "current" in generations, generations


def edit(book: Path) -> None:
    """Change the book so the next build's outputs differ from the last one's."""
    chapter = book / "sources" / "bells.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nA paragraph added between two builds.\n",
                       encoding="utf-8")


def stopped_build(book: Path, out: Path, step: str, how: str) -> subprocess.CompletedProcess[str]:
    """A build that sends itself a signal at a named step."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), SOURCE_DATE_EPOCH="1790000000")
    return subprocess.run([sys.executable, "-c", DRIVER, step, how, "--book", str(book), "--out", str(out),
                           "--formats", FORMATS, "-q"], capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=300, check=False)


@pytest.fixture(scope="module")
def old_and_new(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str], dict[str, str]]:
    """The edited book, a build folder holding the unedited book's outputs, and both builds' outputs."""
    folder = tmp_path_factory.mktemp("switch")
    book = folder / "book"
    shutil.copytree(FIXTURES / "small-book", book)
    old_out = folder / "old"
    assert run_cli("--book", str(book), "--out", str(old_out), "--formats", FORMATS, "-q").returncode == 0
    edit(book)
    new_out = folder / "new"
    assert run_cli("--book", str(book), "--out", str(new_out), "--formats", FORMATS, "-q").returncode == 0
    old, new = outputs(old_out), outputs(new_out)
    assert old.keys() == new.keys() and old != new and len(old) > 3
    return book, old_out, old, new


SWITCH_STEPS = ["render", "carried", "generation", f"shown {SLUG}-web.zip", "switched", "cleaned"]


@pytest.mark.parametrize("step", SWITCH_STEPS)
def test_killed_build_leaves_all_old_or_all_new(step: str, old_and_new: tuple, tmp_path: Path) -> None:
    book, old_out, old, new = old_and_new
    out = tmp_path / "out"
    shutil.copytree(old_out, out, symlinks=True)
    done = stopped_build(book, out, step, "SIGKILL")
    assert done.returncode == -signal.SIGKILL
    expected = new if step in ("switched", "cleaned") else old
    assert outputs(out) == expected
    again = run_cli("--book", str(book), "--out", str(out), "--formats", FORMATS, "-q")
    assert again.returncode == 0, again.stderr
    assert outputs(out) == new
    tidy(out)


@pytest.mark.parametrize("how", ["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("step", ["render", "carried", f"shown {SLUG}-web.zip", "switched"])
def test_interrupted_build_says_what_it_left(step: str, how: str, old_and_new: tuple, tmp_path: Path) -> None:
    book, old_out, old, new = old_and_new
    out = tmp_path / "out"
    shutil.copytree(old_out, out, symlinks=True)
    done = stopped_build(book, out, step, how)
    assert done.returncode == 128 + getattr(signal, how), done.stderr
    assert "Traceback" not in done.stderr
    if step in ("render", "carried"):
        # Before the switch: nothing changed, and the message says so.
        assert outputs(out) == old
        assert f"interrupted ({how}); the previous outputs in {out}/ are unchanged" in done.stderr
    else:
        # A signal during the switch waits until it is done: every output is new, and the message says so.
        assert outputs(out) == new
        assert f"interrupted ({how}) after the new outputs were switched in: {out}/ holds" in done.stderr
    tidy(out)
    again = run_cli("--book", str(book), "--out", str(out), "--formats", FORMATS, "-q")
    assert again.returncode == 0, again.stderr
    assert outputs(out) == new
    tidy(out)


def as_old_octavo_left_it(out: Path) -> None:
    """Turn a build folder into real files, as Octavo wrote them before generations."""
    real = out.with_name(out.name + "-real")
    shutil.copytree(out, real, symlinks=False, ignore=shutil.ignore_patterns(".octavo-outputs"))
    shutil.rmtree(out)
    real.rename(out)


def test_old_style_leftovers_are_cleaned(old_and_new: tuple, tmp_path: Path) -> None:
    book, old_out, old, new = old_and_new
    out = tmp_path / "out"
    shutil.copytree(old_out, out, symlinks=True)
    as_old_octavo_left_it(out)
    assert outputs(out) == old and not (out / "manuscript").is_symlink()
    # What a build killed during the old moves left: manuscript/ moved aside, the staging folder half full.
    (out / "manuscript").rename(out / ".manuscript.old")
    (out / ".web.old").mkdir()
    (out / ".octavo-staging" / "web").mkdir(parents=True)
    (out / "notes.txt").write_text("the user's own file\n", encoding="utf-8")
    done = run_cli("--book", str(book), "--out", str(out), "--formats", FORMATS, "-q")
    assert done.returncode == 0, done.stderr
    assert outputs(out) == {**new, "notes.txt": hashlib.sha256(b"the user's own file\n").hexdigest()}
    (out / "notes.txt").unlink()
    tidy(out)


def test_killed_while_adopting_old_style_outputs(old_and_new: tuple, tmp_path: Path) -> None:
    book, old_out, old, new = old_and_new
    out = tmp_path / "out"
    shutil.copytree(old_out, out, symlinks=True)
    as_old_octavo_left_it(out)
    done = stopped_build(book, out, "adopted", "SIGKILL")
    assert done.returncode == -signal.SIGKILL
    assert outputs(out) == old
    assert run_cli("--book", str(book), "--out", str(out), "--formats", FORMATS, "-q").returncode == 0
    assert outputs(out) == new
    tidy(out)


def test_a_partial_build_keeps_the_other_outputs(old_and_new: tuple, tmp_path: Path) -> None:
    book, old_out, old, new = old_and_new
    out = tmp_path / "out"
    shutil.copytree(old_out, out, symlinks=True)
    done = run_cli("--book", str(book), "--out", str(out), "--formats", "manuscript", "-q")
    assert done.returncode == 0, done.stderr
    assert outputs(out) == {k: (new if k.startswith("manuscript/") else old)[k] for k in old}
    tidy(out)


def book_state(book: Path) -> dict[str, bytes]:
    """Every file of a book folder with its bytes."""
    return {str(p.relative_to(book)): p.read_bytes() for p in sorted(book.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("where", ["the book", "inside", "holding", "a link to the book"])
def test_out_in_or_around_the_book_is_refused(where: str, tmp_path: Path) -> None:
    book = tmp_path / "shelf" / "book"
    shutil.copytree(FIXTURES / "small-book", book)
    # What a build into the book itself deleted before: the author's own manuscript/ and web/ folders.
    (book / "manuscript").mkdir()
    (book / "manuscript" / "draft.md").write_text("# My draft\n", encoding="utf-8")
    (book / "web").mkdir()
    shutil.copy(book / "images" / "bell.png", book / "web" / "pic.png")
    (tmp_path / "link").symlink_to(book)
    out = {"the book": book, "inside": book / "build", "holding": tmp_path / "shelf",
           "a link to the book": tmp_path / "link"}[where]
    before = book_state(book)
    done = run_cli("--book", str(book), "--out", str(out), "--formats", "manuscript", "-q")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"error: --out {out} " in done.stderr and "use another --out, outside the book folder" in done.stderr
    assert book_state(book) == before
    assert sorted(p.name for p in (tmp_path / "shelf").iterdir()) == ["book"]


def test_out_that_is_a_file_is_refused(tmp_path: Path) -> None:
    afile = tmp_path / "notes.txt"
    afile.write_text("keep me\n", encoding="utf-8")
    for out, says in ((afile, f"--out {afile} is a file, not a folder"),
                      (afile / "sub", f"--out {afile / 'sub'} cannot be made: {afile} is a file, not a folder")):
        done = run_cli("--book", str(FIXTURES / "small-book"), "--out", str(out), "--formats", "manuscript")
        assert done.returncode == 1, done.stderr
        assert f"error: {says} — give --out a folder" in done.stderr and "bug in Octavo" not in done.stderr
    assert afile.read_text(encoding="utf-8") == "keep me\n"


def test_immutable_out_is_a_clear_error(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(out)], capture_output=True).returncode:
        pytest.skip("chattr +i is not available here")
    try:
        done = run_cli("--book", str(FIXTURES / "small-book"), "--out", str(out), "--formats", "manuscript")
    finally:
        subprocess.run(["chattr", "-i", str(out)], check=True)
    assert done.returncode == 1, done.stderr
    assert f"error: cannot write the outputs into {out}/: the system does not permit it" in done.stderr
    assert "choose a folder you can write to with --out" in done.stderr and "bug in Octavo" not in done.stderr


def in_own_mounts(script: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """Run a shell script in a private mount namespace (a tmpfs mounted there vanishes with it), or skip."""
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode:
        pytest.skip("unshare -m is not permitted here")
    env = dict(os.environ, PYTHONPATH=str(ROOT), SOURCE_DATE_EPOCH="1790000000", PY=sys.executable,
               BUILD=str(ROOT / "build.py"), BOOK=str(FIXTURES / "small-book"), OUT=str(folder / "out"),
               LOG=str(folder))
    (folder / "out").mkdir()
    return subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, env=env,
                          timeout=300, check=False)


def test_read_only_out_is_a_clear_error(tmp_path: Path) -> None:
    done = in_own_mounts('mount -t tmpfs -o ro,size=1m tmpfs "$OUT" && "$PY" "$BUILD" --book "$BOOK" --out "$OUT"'
                         ' --formats manuscript', tmp_path)
    assert done.returncode == 1, done.stderr
    assert f"error: cannot write the outputs into {tmp_path / 'out'}/: it is on a read-only file system — " \
           "choose a folder you can write to with --out" in done.stderr


def test_full_out_is_a_clear_error_and_keeps_the_outputs(tmp_path: Path) -> None:
    script = """
mount -t tmpfs -o size=2m tmpfs "$OUT" || exit 90
"$PY" "$BUILD" --book "$BOOK" --out "$OUT" --formats manuscript -q || exit 91
cat "$OUT"/manuscript/* | sha256sum > "$LOG/before"
dd if=/dev/zero of="$OUT/filler" bs=4k 2>/dev/null
"$PY" "$BUILD" --book "$BOOK" --out "$OUT" --formats manuscript,web 2> "$LOG/stderr"
echo $? > "$LOG/status"
cat "$OUT"/manuscript/* | sha256sum > "$LOG/after"
ls -a "$OUT" > "$LOG/listing"
"""
    done = in_own_mounts(script, tmp_path)
    assert done.returncode == 0, done.stderr
    stderr = (tmp_path / "stderr").read_text(encoding="utf-8")
    assert (tmp_path / "status").read_text().strip() == "1", stderr
    assert f"error: cannot write the outputs into {tmp_path / 'out'}/: no space is left on its device — free some " \
           "space or choose another --out, then build again; the previous outputs are unchanged" in stderr
    assert (tmp_path / "before").read_text() == (tmp_path / "after").read_text()
    assert ".octavo-staging" not in (tmp_path / "listing").read_text().split()


def test_full_or_read_only_out_in_process(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    from octavo import cli
    from octavo import outputs as outputs_module
    from octavo.editions.review import renderer as manuscript

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(manuscript, "write_text", full)
    code = cli.main(["--book", str(FIXTURES / "small-book"), "--out", str(tmp_path / "out"), "--formats",
                     "manuscript", "-q"])
    assert code == 1 and "no space is left on its device" in capsys.readouterr().err
    assert not (tmp_path / "out" / ".octavo-staging").exists()

    def read_only(out: Path) -> Path:
        raise OSError(errno.EROFS, "Read-only file system", str(out / ".octavo-staging"))

    monkeypatch.setattr(outputs_module, "fresh_staging", read_only)
    monkeypatch.setattr("octavo.build.fresh_staging", read_only)
    code = cli.main(["--book", str(FIXTURES / "small-book"), "--out", str(tmp_path / "out"), "--formats",
                     "manuscript", "-q"])
    assert code == 1 and "it is on a read-only file system" in capsys.readouterr().err
