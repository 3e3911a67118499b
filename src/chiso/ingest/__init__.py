"""Validated import of CSV, JSON and XLSX files into the store (one entity per file).

``schema`` says which columns each entity has and which names they may go by; ``readers`` stream the files as
text chunks; ``values`` and ``models`` decide each cell and row; ``validate`` adds references and keys;
``importer`` writes each file all or nothing through :mod:`chiso.store.writer`. docs/import-format.md documents
the format for users.
"""

from chiso.ingest.importer import FileReport, ProgressFactory, UsageError, import_file, import_paths, summary_vi
from chiso.ingest.issues import ISSUE_TITLES, FileProblem, Issue, IssueCode, format_report
from chiso.ingest.schema import ENTITIES, ORDER, EntitySpec, FieldSpec, detect_entity

__all__ = [
    "ENTITIES",
    "ISSUE_TITLES",
    "ORDER",
    "EntitySpec",
    "FieldSpec",
    "FileProblem",
    "FileReport",
    "Issue",
    "IssueCode",
    "ProgressFactory",
    "UsageError",
    "detect_entity",
    "format_report",
    "import_file",
    "import_paths",
    "summary_vi",
]
