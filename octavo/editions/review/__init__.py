"""The review manuscript: the edited book as Markdown files a reviewer can read and diff."""
