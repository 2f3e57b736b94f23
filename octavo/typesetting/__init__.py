"""The typesetting stage: the edited manuscript through pandoc and citeproc into chapter XHTML and notes."""
