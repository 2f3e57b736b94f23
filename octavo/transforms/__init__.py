"""Manuscript → manuscript steps, each small and testable on its own."""
