"""The weekly PDF: its figures, map, layout and file."""
