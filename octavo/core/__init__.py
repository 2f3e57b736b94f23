"""What every stage shares: safe files and URLs, YAML with lines, XHTML, pandoc, pictures, templates."""
