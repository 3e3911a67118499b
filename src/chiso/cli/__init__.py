"""The command line: a thin shell over the library (``chiso.cli.main:app``)."""
