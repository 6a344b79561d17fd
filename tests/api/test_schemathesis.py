"""Property-based requests against the OpenAPI spec (schemathesis): whatever the schema allows, the
API answers without a server error. Bounded: a few examples per operation, as an admin (so every
operation runs past its access check) on a throw-away copy of the sample store.

The operations are driven from one test with Hypothesis directly: schemathesis' pytest plugin
(``from_fixture``) does not run under pytest 9, and loading the schema at import time would build
an app and a database while tests are being collected."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from pledgewatch.api import create_app
from pledgewatch.config import Settings
from tests.api.conftest import _database
from tests.api.sample import build_sample

EXAMPLES_PER_OPERATION = 8


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory):
    return _database(tmp_path_factory.mktemp("fuzz") / "fuzz.db", build_sample())


@pytest.fixture(scope="module")
def api_schema(fuzz_store):
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(Settings(database_url=fuzz_store[0])))


def _operations(schema) -> list:
    return [result.ok() for result in schema.get_all_operations()]


def test_the_spec_lists_the_review_and_admin_operations(api_schema) -> None:
    labels = {f"{op.method.upper()} {op.path}" for op in _operations(api_schema)}
    assert {
        "POST /api/claims/{claim_id}/review",
        "POST /api/incidents/merge",
        "POST /api/incidents/{incident_id}/split",
        "POST /api/incidents/{incident_id}/status",
        "GET /api/audit",
        "POST /api/users",
        "DELETE /api/tokens/{token_id}",
    } <= labels
    assert len(labels) >= 20


def _exercise(operation, headers: dict[str, str], seen: dict[str, int], mode: GenerationMode):
    label = f"{operation.method.upper()} {operation.path}"

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def exercise(case) -> None:
        response = case.call(headers=headers)
        seen[label] = seen.get(label, 0) + 1
        case.validate_response(response, checks=[not_a_server_error])

    return exercise


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
def test_no_server_errors(api_schema, fuzz_store, mode: GenerationMode) -> None:
    """Valid requests and requests that break the schema (wrong types, missing fields) alike."""
    headers = {"Authorization": f"Bearer {fuzz_store[1]['admin']}"}
    seen: dict[str, int] = {}
    operations = _operations(api_schema)
    for operation in operations:
        _exercise(operation, headers, seen, mode)()
    assert set(seen) == {f"{op.method.upper()} {op.path}" for op in operations}  # every one was called
