"""Exports in, catalog out: the demo-data generator, validation and quarantine, the catalog
build (ingest) and the data inventory."""
