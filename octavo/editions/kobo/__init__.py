"""The Kobo edition: the EPUB with the span markup and wrappers Kobo's reader expects (a .kepub.epub)."""
