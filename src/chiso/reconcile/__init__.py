"""Reconciliation with the national portal (Cổng DVCQG): import the portal's view of a period (published results,
dossier list), compare it with the local figures, and explain every difference by the dossiers behind it.

``chiso portal import`` and ``chiso reconcile`` (cli/cmd_reconcile.py), the web page (web/routes/reconcile.py) and
the report annex are thin shells over :func:`import_portal_file` and :func:`reconcile`.
"""

from chiso.reconcile.annex import annex_markdown, reconciliation_annex, summary_sentences
from chiso.reconcile.compare import (
    CAUSE_SHORT_VI,
    CAUSES,
    ItemComparison,
    PortalResult,
    ReconcileError,
    Reconciliation,
    RecordDiscrepancy,
    TotalsCheck,
    reconcile,
    totals_checks,
)
from chiso.reconcile.portal import (
    PORTAL_STATUS,
    PortalImport,
    PortalImportError,
    import_portal_file,
    portal_periods,
    read_portal_file,
    store_portal_view,
)
from chiso.reconcile.xlsx import safe_cell, workbook_bytes, write_xlsx

__all__ = [
    "CAUSES",
    "CAUSE_SHORT_VI",
    "PORTAL_STATUS",
    "ItemComparison",
    "PortalImport",
    "PortalImportError",
    "PortalResult",
    "ReconcileError",
    "Reconciliation",
    "RecordDiscrepancy",
    "TotalsCheck",
    "annex_markdown",
    "import_portal_file",
    "portal_periods",
    "read_portal_file",
    "reconcile",
    "reconciliation_annex",
    "safe_cell",
    "store_portal_view",
    "summary_sentences",
    "totals_checks",
    "workbook_bytes",
    "write_xlsx",
]
