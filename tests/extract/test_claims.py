"""The output contract: schema-v1 payloads, deterministic ids, exact spans."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest
from jsonschema import Draft202012Validator

from pledgewatch.extract import EXTRACTOR_NAME, EXTRACTOR_VERSION, claims_payload, load_claims_schema

ARTICLE = """\
PESHAWAR: Six policemen, including trainees, were martyred and 12 policemen and one civilian \
were injured when terrorists stormed the Police Training School in Dera Ismail Khan on the night \
of October 10-11, the ISPR said on Saturday.

ISPR said 23 soldiers were martyred, while Taliban spokesman Zabihullah Mujahid claimed 58 \
Pakistani soldiers were killed and 9 Afghan fighters died.

Pakistan's Foreign Office spokesperson rejected the Taliban's claims as baseless and accused \
Kabul of harbouring TTP militants. He urged the Afghan authorities to take verifiable action \
against Fitna al Khwarij.

Zabihullah Mujahid denied that Afghan soil was being used against any country and vowed that \
the Islamic Emirate would not allow anyone to use its territory against Pakistan.
"""


@pytest.fixture(scope="module")
def document(make_document):
    return make_document(ARTICLE, path="corpus/dawn-2025-10-12.txt", title="Clashes", source="Dawn", url=None)


@pytest.fixture(scope="module")
def claims(extractor, document):
    return extractor.extract(document)


def test_payload_validates_against_the_packaged_schema(document, claims):
    payload = claims_payload(document, claims)
    validator = Draft202012Validator(load_claims_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(payload), key=lambda e: list(e.path))
    assert errors == [], [f"{list(e.path)}: {e.message}" for e in errors]


def test_payload_document_fields(document, claims):
    payload = claims_payload(document, claims)
    assert payload["schema"] == "pledgewatch.claims/v1"
    assert payload["document"]["published"] == "2025-10-12"
    assert payload["document"]["path"] == "corpus/dawn-2025-10-12.txt"
    assert payload["document"]["id"] == document.id


def test_payload_without_publication_date_validates(extractor, make_document):
    document = make_document(
        "Three soldiers were martyred in Kurram on Friday, the ISPR said.", published=None
    )
    payload = claims_payload(document, extractor.extract(document))
    assert payload["document"]["published"] is None
    validator = Draft202012Validator(load_claims_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert list(validator.iter_errors(payload)) == []


def test_payload_is_json_serialisable(document, claims):
    json.dumps(claims_payload(document, claims))


def test_spans_are_exact_offsets_into_the_text(document, claims):
    for claim in claims:
        start, end = claim.span
        assert document.text[start:end] == claim.text


def test_casualty_text_comes_from_the_claim_text(claims):
    for claim in claims:
        for casualty in claim.casualties:
            assert casualty.text in claim.text


def test_claim_kinds_in_the_article(claims):
    assert [c.kind for c in claims] == [
        "event_report",
        "event_report",
        "event_report",
        "denial",
        "accusation",
        "demand",
        "denial",
        "commitment",
    ]


def test_extractor_name_and_version(claims):
    assert (
        {c.extractor for c in claims}
        == {f"{EXTRACTOR_NAME}/{EXTRACTOR_VERSION}"}
        == {"pledgewatch.rules/0.3.8"}
    )


def test_confidence_is_between_zero_and_one(claims):
    assert all(0 < c.confidence < 1 for c in claims)


def test_ids_are_deterministic_within_a_process(extractor, document, claims):
    assert [c.id for c in extractor.extract(document)] == [c.id for c in claims]
    assert all(c.id.startswith("clm_") for c in claims)
    assert len({c.id for c in claims}) == len(claims)


def test_ids_are_deterministic_across_processes(document, claims):
    # the same id must come out of another interpreter (no hash randomisation, no counters)
    code = (
        "import sys, datetime; from pledgewatch.extract import Extractor;"
        "from pledgewatch.config import Settings;"
        "from pledgewatch.models import Document; text = sys.stdin.read();"
        f"doc = Document(id={document.id!r}, text=text, published=datetime.date(2025, 10, 12));"
        "print(' '.join(c.id for c in Extractor(settings=Settings()).extract(doc)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], input=ARTICLE, capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.split() == [c.id for c in claims]


def test_claims_carry_the_document_id(document, claims):
    assert {c.document_id for c in claims} == {document.id}


def test_empty_document_gives_no_claims(extract):
    assert extract("   \n\n  ") == []


def test_the_publication_date_moves_relative_dates(extract):
    [claim] = extract("Three soldiers were martyred in Kurram on Friday, the ISPR said.", date(2025, 10, 20))
    assert claim.event.date.start == date(2025, 10, 17)
