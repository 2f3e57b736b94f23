"""The print edition through WeasyPrint: handout and trade profiles from one template."""
