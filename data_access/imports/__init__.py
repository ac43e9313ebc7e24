"""Imports of the reporting templates (CSV or Excel) that officials fill in, in three steps that know nothing of
each other's internals: read (bytes → cells, within fixed bounds), validate (cells → stored values against the
template's schema, every problem at once) and write (the changes, cell by cell, in one serialised transaction).
`pipeline` runs the three for the CLI and the upload screen.
"""
