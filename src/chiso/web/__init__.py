"""The web layer: JSON API, real-time ingest, live pages — a thin shell over the same library as the CLI."""

from chiso.web.app import create_app
from chiso.web.settings import Settings

__all__ = ["Settings", "create_app"]
