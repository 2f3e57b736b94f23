"""Octavo: turn raw source documents into an edited, chaptered book."""

__version__ = "0.1.0"
