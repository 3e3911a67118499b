"""The base of every error a user can act on. Messages are Vietnamese; the CLI prints them and exits non-zero."""

from __future__ import annotations


class ChisoError(Exception):
    """An error meant for the user: what went wrong and, where possible, what to do."""
