"""`check`: build the book, then run the field's validators and Octavo's own rules on each edition."""
