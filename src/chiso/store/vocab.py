"""Controlled vocabularies of the store: the values each coded column may hold."""

from __future__ import annotations

UNIT_LEVELS = ("ministry", "province", "department", "district", "commune")
PROCEDURE_LEVELS = ("central", "province", "district", "commune")
ONLINE_LEVELS = ("none", "partial", "full")
TIME_LIMIT_UNITS = ("working_day", "day", "hour")
APPLICANT_TYPES = ("citizen", "business", "both")
CHANNELS = ("online", "in_person", "postal")
RATINGS = ("satisfied", "neutral", "unsatisfied")
PAYMENT_METHODS = ("online", "cash", "transfer")
PAYMENT_GATEWAYS = ("dvcqg", "provincial", "other")

# Status history of a dossier (spec §3). Terminal states, by priority when several are recorded:
# finished > result_returned > refused/stopped > withdrawn.
EVENT_TYPES = (
    "received",
    "forwarded",
    "supplement_requested",
    "supplement_completed",
    "paused",
    "resumed",
    "refused",
    "stopped",
    "withdrawn",
    "finished",
    "result_returned",
)
TERMINAL_PRIORITY = ("finished", "result_returned", "refused", "withdrawn")

# A working day is 8 office hours: time limits given in hours are rounded up to whole working days.
HOURS_PER_WORKING_DAY = 8
