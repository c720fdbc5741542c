"""The bottom layer: paths, the clock, the city's facts, the export contract, the interface
strings and the statistics. Imports nothing else of dashboard."""
