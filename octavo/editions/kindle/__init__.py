"""The Kindle-safe EPUB: the EPUB with the rules Amazon's Send to Kindle conversion needs applied."""
