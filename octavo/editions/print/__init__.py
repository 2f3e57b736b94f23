"""The print edition through WeasyPrint: handout and trade profiles from one template."""

from octavo.editions.print import patches  # noqa: F401 - fixes WeasyPrint's footnote layout before anything lays out
