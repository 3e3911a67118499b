"""The monthly report: an official-format .docx (Nghị định 30/2020/NĐ-CP), its PDF, and Markdown.

Every figure comes from the engine; tasks for next month come from the records behind each point loss; names,
number, signer and recipients come from a per-unit profile. ``chiso report`` is a thin shell over
:func:`write_report` and :func:`write_reports`.
"""

from chiso.report.build import (
    FORMATS,
    BatchResult,
    Report,
    ReportError,
    batch_units,
    build_report,
    parse_formats,
    report_stem,
    write_report,
    write_reports,
)
from chiso.report.data import ReportData, ScoreBook
from chiso.report.pdf import PdfConversionError, PdfUnavailableError, convert_to_pdf, soffice_path
from chiso.report.profile import ProfileBook, ProfileError, UnitProfile, load_profiles

__all__ = [
    "FORMATS",
    "BatchResult",
    "PdfConversionError",
    "PdfUnavailableError",
    "ProfileBook",
    "ProfileError",
    "Report",
    "ReportData",
    "ReportError",
    "ScoreBook",
    "UnitProfile",
    "batch_units",
    "build_report",
    "convert_to_pdf",
    "load_profiles",
    "parse_formats",
    "report_stem",
    "soffice_path",
    "write_report",
    "write_reports",
]
