"""The practice's rules in plain Python: no Textual, no SQL.

Everything here can be imported by the command line, the store and the tests
without starting a terminal UI.
"""
