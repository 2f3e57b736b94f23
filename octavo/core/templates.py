"""The one Jinja environment: every template by its path under templates/, strict, escaped where it is markup."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, select_autoescape

from octavo.core.resources import TEMPLATES


@cache
def _environment() -> Environment:
    """Made once: HTML and XHTML templates are escaped, YAML ones (written by `init`) are not."""
    return Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined, trim_blocks=True,
                       lstrip_blocks=True, autoescape=select_autoescape(["html.j2", "xhtml.j2"], default=False))


def template(name: str) -> Template:
    """The template at `name` under templates/, such as `epub/chapter.xhtml.j2`."""
    return _environment().get_template(name)
