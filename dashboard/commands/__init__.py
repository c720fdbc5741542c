"""The `griddash` command line: one module per command where it is more than a few lines."""
