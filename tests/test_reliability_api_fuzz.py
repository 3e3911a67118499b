"""The HTTP API fuzzed from its own OpenAPI document (issue 8, part 2): Schemathesis generates requests for every
documented operation — valid and invalid bodies, parameters and headers — in-process against the ASGI app.

Bounded for CI (a fixed number of examples per operation, no deadline). Every answer must be below 500, and a
refused write must leave the store exactly as it was (all or nothing).
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tests.web_support import PROVINCE, world

pytestmark = pytest.mark.slow

W = world(rate_limit=0)
AUTH = {"Authorization": f"Bearer {W.tokens[PROVINCE]}"}
# The live stream never ends and a report renders a document: they have their own tests (test_web_live, _read).
schema = schemathesis.openapi.from_asgi("/openapi.json", W.app).exclude(
    path_regex=r"^/api/v1/(live|units/\{code\}/report)$"
)

TABLES = ("dossiers", "dossier_events", "payments", "petitions", "procedures", "units")


def counts() -> dict[str, int]:
    return {t: W.store.count(t) for t in TABLES}


@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("CHISO_FUZZ_EXAMPLES", "20")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_never_answers_5xx_and_never_writes_partially(case: schemathesis.Case) -> None:
    """Rule: any request the OpenAPI document allows — or nearly allows — is answered below 500; a request
    refused (4xx) changes no stored row."""
    before = counts()
    response = case.call(headers=AUTH)
    assert response.status_code < 500, (case.method, case.formatted_path, response.status_code, response.text[:500])
    if response.status_code >= 400:
        assert counts() == before, (case.method, case.formatted_path, response.status_code)
