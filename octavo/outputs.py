"""Safe writes: outputs are staged, then switched in by one atomic rename; one build at a time per folder.

The build folder shows each output as a link into the generation of outputs now current:

    build/manuscript -> .octavo-outputs/current/manuscript
    build/.octavo-outputs/current -> 7        (the one link a build replaces, with one rename)
    build/.octavo-outputs/7/manuscript/…

So a build that stops at any moment, even killed, leaves either every old output or every new one, and the
next build removes whatever it left behind.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from octavo.errors import BookError

LOCK_NAME = ".octavo.lock"
STAGING_NAME = ".octavo-staging"
OUTPUTS_NAME = ".octavo-outputs"
CURRENT = "current"
NEXT_CURRENT = "current.next"
LINK_SUFFIX = ".octavo-link"
OLD_STYLE_LEFTOVERS = (".manuscript.old", ".web.old")  # the folder outputs, as earlier versions moved them aside
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
FULL = {errno.ENOSPC: "no space is left on its device", errno.EDQUOT: "the disk quota is used up"}
READ_ONLY = {errno.EROFS: "it is on a read-only file system", errno.EACCES: "permission is denied",
             errno.EPERM: "the system does not permit it (is the folder immutable? see lsattr)"}


class Interrupted(BaseException):
    """Ctrl-C or SIGTERM stopped the command; knows whether the new outputs were already switched in."""

    def __init__(self, signal_name: str, out: Path | None = None, switched: bool | None = None) -> None:
        super().__init__(signal_name)
        self.signal_name = signal_name
        self.out = out
        self.switched = switched

    def message(self) -> str:
        """What the interruption left, truthfully."""
        if self.out is None or self.switched is None:
            return f"interrupted ({self.signal_name})"
        if self.switched:
            return (f"interrupted ({self.signal_name}) after the new outputs were switched in: {self.out}/ holds "
                    "this build's outputs")
        return f"interrupted ({self.signal_name}); the previous outputs in {self.out}/ are unchanged"

    def exit_status(self) -> int:
        """128 plus the signal's number, as a shell reports it (130 for Ctrl-C)."""
        return 128 + int(getattr(signal, self.signal_name, signal.SIGINT))


@dataclass
class SwitchState:
    """Whether this build's outputs have been switched in (read when the build is interrupted)."""

    switched: bool = False


@contextmanager
def stop_signals() -> Iterator[None]:
    """While the command runs, Ctrl-C and SIGTERM raise Interrupted, so clean-up runs and the message is true."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, _frame: object) -> None:
        raise Interrupted(signal.Signals(signum).name)

    previous = {number: signal.signal(number, stop) for number in STOP_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM while the switch runs, so it is never left half-way; they act right after."""
    try:
        before = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    except (AttributeError, OSError, ValueError):
        before = None
    try:
        yield
    finally:
        if before is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _reached(step: str) -> None:
    """A named point of the switch (the tests stop builds here)."""


def check_out_folder(book: Path, out: Path) -> None:
    """Refuse an output folder that is, holds or lies inside the book, or that is not a folder."""
    book_path, out_path = book.resolve(), out.resolve()
    todo = "use another --out, outside the book folder (the default is build)"
    if out_path == book_path:
        raise BookError(f"--out {out} is the book folder itself, and a build replaces what its outputs folder holds",
                        todo)
    if book_path in out_path.parents:
        raise BookError(f"--out {out} lies inside the book folder {book}", todo)
    if out_path in book_path.parents:
        raise BookError(f"--out {out} holds the book folder {book}", todo)
    for folder in (out_path, *out_path.parents):
        if folder.exists():
            if not folder.is_dir():
                named = "is a file" if folder == out_path else f"cannot be made: {folder} is a file"
                raise BookError(f"--out {out} {named}, not a folder",
                                "give --out a folder (Octavo makes it when it is missing)")
            return


def write_problem(error: OSError, out: Path) -> BookError | None:
    """The user's problem behind an OSError met while writing the outputs: a full or read-only folder, else None."""
    todo = "free some space or choose another --out, then build again; the previous outputs are unchanged"
    if error.errno in FULL:
        return BookError(f"cannot write the outputs into {out}/: {FULL[error.errno]}", todo)
    if error.filename is None:
        return None
    written, folder = Path(os.fsdecode(error.filename)).resolve(), out.resolve()
    if not (written == folder or folder in written.parents or written in folder.parents):
        return None
    if error.errno in READ_ONLY:
        return BookError(f"cannot write the outputs into {out}/: {READ_ONLY[error.errno]}",
                         "choose a folder you can write to with --out")
    if error.errno in (errno.EEXIST, errno.ENOTDIR):
        return BookError(f"--out {out} cannot be made a folder ({error.strerror})",
                         "give --out a folder (Octavo makes it when it is missing)")
    return None


@contextmanager
def build_lock(out: Path) -> Iterator[None]:
    """Hold the build folder's lock, or say that another build is using it."""
    out.mkdir(parents=True, exist_ok=True)
    with open(out / LOCK_NAME, "w", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BookError(f"another build is writing into {out}/", "wait for it to finish, or use --out") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _link_target(name: str) -> str:
    """Where the build folder's link for an output points."""
    return f"{OUTPUTS_NAME}/{CURRENT}/{name}"


def _is_shown(path: Path) -> bool:
    """Whether a build-folder entry is Octavo's link to the current generation."""
    return path.is_symlink() and os.readlink(path) == _link_target(path.name)


def _current(outputs: Path) -> str | None:
    """The name of the generation now shown, if any."""
    try:
        name = os.readlink(outputs / CURRENT)
    except OSError:
        return None
    return name if (outputs / name).is_dir() else None


def _remove(path: Path) -> None:
    """Remove a file, a link or a folder."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif os.path.lexists(path):
        path.unlink()


def _sync(folder: Path) -> None:
    """Flush a folder's entries to disk, so a switch survives a power cut (where the system allows)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _symlink(target: str, path: Path) -> None:
    """Make a symbolic link, or say that the build folder's file system cannot hold one."""
    try:
        os.symlink(target, path)
    except OSError as error:
        if error.errno in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOSYS):
            raise BookError(f"cannot make symbolic links in {path.parent}/ (its file system has none)",
                            "build into a folder on a Linux file system, then copy the outputs (cp -rL)") from error
        raise OSError(error.errno, error.strerror, str(path)) from error


def _show(out: Path, name: str) -> None:
    """Make the build folder's link for an output (one rename, so the name is never missing)."""
    link = out / name
    if _is_shown(link):
        return
    temporary = out / f".{name}{LINK_SUFFIX}"
    _remove(temporary)
    _symlink(_link_target(name), temporary)
    os.replace(temporary, link)


def _set_current(outputs: Path, generation: str) -> None:
    """Show a generation: replace the `current` link with one atomic rename."""
    temporary = outputs / NEXT_CURRENT
    _remove(temporary)
    _symlink(generation, temporary)
    os.replace(temporary, outputs / CURRENT)
    _sync(outputs)


def recover(out: Path) -> None:
    """Clear what an interrupted build left: staging, unused generations, stray links, old-style `.X.old` folders."""
    _remove(out / STAGING_NAME)
    for entry in list(out.iterdir()):
        if entry.name.endswith(LINK_SUFFIX) and entry.is_symlink():
            entry.unlink()
        elif entry.name in OLD_STYLE_LEFTOVERS and entry.is_dir() and not entry.is_symlink():
            # Left by the moves of Octavo before generations: the output folder's previous version.
            final = out / entry.name[1:-4]
            if os.path.lexists(final):
                shutil.rmtree(entry)
            else:
                os.replace(entry, final)
    outputs = out / OUTPUTS_NAME
    if not outputs.is_dir():
        return
    current = _current(outputs)
    for entry in list(outputs.iterdir()):
        if entry.name not in (CURRENT, current):
            _remove(entry)
    for entry in list(out.iterdir()):
        if _is_shown(entry) and not entry.exists():
            entry.unlink()
    if current is not None:
        for entry in (outputs / current).iterdir():
            if not os.path.lexists(out / entry.name):
                _show(out, entry.name)


def fresh_staging(out: Path) -> Path:
    """An empty staging folder inside the build folder."""
    staging = out / STAGING_NAME
    _remove(staging)
    staging.mkdir(parents=True)
    return staging


def _carry(source: Path, target: Path) -> None:
    """Carry an output of an earlier build into the new generation, as hard links where the file system allows."""
    def link(old: str, new: str) -> None:
        try:
            os.link(old, new)
        except OSError:
            shutil.copy2(old, new)

    if source.is_symlink():
        os.symlink(os.readlink(source), target)
    elif source.is_dir():
        shutil.copytree(source, target, symlinks=True, copy_function=link)
    else:
        link(str(source), str(target))


def _adopt(out: Path, outputs: Path, names: list[str], current: str | None) -> str:
    """Move what this build replaces but is not Octavo's link (an older Octavo's output) into the shown generation."""
    if current is None:
        current = "0"
        _remove(outputs / current)
        (outputs / current).mkdir()
        _set_current(outputs, current)
    for name in names:
        entry = out / name
        if os.path.lexists(entry) and not _is_shown(entry):
            _remove(outputs / current / name)
            os.replace(entry, outputs / current / name)
            _show(out, name)
    return current


def commit(staged: list[Path], out: Path, state: SwitchState | None = None) -> list[Path]:
    """Switch in the staged outputs, keeping the earlier build's other outputs; returns the build folder's paths."""
    state = state or SwitchState()
    staging = out / STAGING_NAME
    names = [item.name for item in staged]
    outputs = out / OUTPUTS_NAME
    outputs.mkdir(exist_ok=True)
    current = _current(outputs)
    for entry in list(staging.iterdir()):
        if entry.name not in names:
            _remove(entry)
    if current is not None:
        for entry in (outputs / current).iterdir():
            if entry.name not in names:
                _carry(entry, staging / entry.name)
    _reached("carried")
    try:
        with _signals_held():
            if any(os.path.lexists(out / name) and not _is_shown(out / name) for name in names):
                current = _adopt(out, outputs, names, current)
                _reached("adopted")
            generation = str(int(current) + 1) if current is not None and current.isdigit() else "1"
            _remove(outputs / generation)
            os.rename(staging, outputs / generation)
            _reached("generation")
            for name in sorted(set(names) | {entry.name for entry in (outputs / generation).iterdir()}):
                _show(out, name)
                _reached(f"shown {name}")
            _set_current(outputs, generation)
            state.switched = True
            _reached("switched")
    finally:
        if state.switched and current is not None:
            shutil.rmtree(outputs / current, ignore_errors=True)
    _reached("cleaned")
    return [out / name for name in names]


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 text with Unix line ends."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
