"""The EPUB 3 edition: documents from templates, rewritten chapter XHTML, package and zip."""
