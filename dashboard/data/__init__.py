"""The only way to the data: the scoped, read-only, locked-down catalog connection, the
named queries, the place hierarchy, and the console's statement guard and worker processes."""
