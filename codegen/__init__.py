"""Generate typed Python enums from Aspose (xmldocmd) enum reference pages.

The pipeline runs one way, one module per step:
read (``read``) -> parse (``parse``) -> model (``model``, ``merge``) -> render (``render``)
-> verify (``verify``) -> write (``write``). ``__main__`` wires the steps to the command line.
"""
