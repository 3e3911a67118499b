"""The realistic, deterministic, scalable data generator (issue 2, item 5).

``generate_province`` / ``generate_country`` write real units (2025 codes), a plausible TTHC catalogue, and
dossiers with histories, payments and PAKN whose rates vary by unit like real ones. See :mod:`chiso.generate.run`.
"""

from chiso.generate.run import GenerateError, GenerateSummary, generate_country, generate_province

__all__ = ["GenerateError", "GenerateSummary", "generate_country", "generate_province"]
