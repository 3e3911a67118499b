"""The append-only audit log of changes: ingest, imports, tokens, publications, restores."""

from chiso.audit.log import (
    ACTIONS,
    AuditEntry,
    AuditRecord,
    WriteNote,
    append,
    cli_actor,
    query,
    record_writes,
    token_actor,
)

__all__ = [
    "ACTIONS",
    "AuditEntry",
    "AuditRecord",
    "WriteNote",
    "append",
    "cli_actor",
    "query",
    "record_writes",
    "token_actor",
]
