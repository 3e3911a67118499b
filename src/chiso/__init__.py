"""chiso — compute, monitor, explain and report Vietnam's Decision 766 service-quality index."""

__version__ = "0.1.0"
