"""Editorial lint: findings on the manuscript (typography, doubled words, headings, names, citations, chrome)."""
