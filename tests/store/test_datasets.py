"""Dataset imports through the store, on SQLite and PostgreSQL: counts, re-import, duplicates, the
fast write path read back through the repository, and the two-process path."""

from __future__ import annotations

from pathlib import Path

import pytest

from pledgewatch.config import Settings
from pledgewatch.importing import import_events
from pledgewatch.ingest.datasets import DatasetActors, MappingContext, open_dataset
from pledgewatch.pipeline import Knowledge
from pledgewatch.store import get_claim, get_document, get_document_raw, list_claims, session_scope
from pledgewatch.store.datasets import add_dataset_claims, add_dataset_document
from tests.ingest.datasets.conftest import ACLED_HEADER, acled_row, outcomes

from .factories import make_claim, make_document

SETTINGS = Settings()
BALOCHISTAN = "acled_balochistan_2020-2024_somaiyahhafeez.csv"
UCDP = "ucdp_ged_v23_afghanistan_subset_krutikpatel.csv"


def _write(tmp_path: Path, name: str, rows: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join([ACLED_HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_import_real_acled_file_and_again(engine, real_data_dir):
    path = real_data_dir / BALOCHISTAN
    first = import_events(path, engine=engine, settings=SETTINGS)
    assert first.document_stored
    assert (first.rows, first.imported, first.rejected, first.problem_count) == (1705, 1705, 0, 0)
    again = import_events(path, engine=engine, settings=SETTINGS)
    assert not again.document_stored
    assert (again.imported, again.already_stored, again.rejected) == (0, 1705, 0)
    with session_scope(engine) as session:
        document = get_document(session, document_id=first.document_id)
        raw = get_document_raw(session, document_id=first.document_id)
        claims = list_claims(session, document_id=first.document_id)
    assert document.source == "ACLED" and document.media_type == "text/csv"
    assert raw == path.read_bytes().split(b"\n", 1)[0] + b"\n"  # the header line, verbatim
    assert len(claims) == 1705
    assert claims[0].span[0] == len(raw)  # ordered as in the file
    station = [c for c in claims if "Quetta Railway Station" in c.text]
    assert len(station) == 1 and station[0].casualties[0].low == 26


def test_fast_path_reads_back_like_the_mapping(engine, real_data_dir):
    """Claims written by the dataset writer come back through the repository equal to the mapping's."""
    dataset = open_dataset(real_data_dir / UCDP)
    report = import_events(dataset.path, engine=engine, settings=SETTINGS)
    assert (report.imported, report.rejected) == (3314, 3)
    assert report.problems_by_reason == {"inconsistent_estimates": 211, "duplicate_row": 3}
    duplicates = [p for p in report.problems if p.reason == "duplicate_row"]
    assert [p.line for p in duplicates] == [2084, 2934, 3233]  # physical lines: some rows span two
    assert "line 651" in str(duplicates[0]) and "unnamed index column" in str(duplicates[0])
    knowledge = Knowledge(SETTINGS)
    context = MappingContext(actors=DatasetActors.load(knowledge.actors), gazetteer=knowledge.gazetteer)
    _, rows = outcomes(dataset.path, context)
    with session_scope(engine) as session:
        for outcome in rows[:300:7]:
            expected = outcome.claim.model_copy(update={"document_id": report.document_id})
            assert get_claim(session, claim_id=expected.id) == expected


def test_claim_objects_through_add_dataset_claims(engine):
    document, raw = make_document(b"header line\n", text="header line", media_type="text/csv")
    claim = make_claim("clm_dataset_1", document_id=None)
    with session_scope(engine) as session:
        assert add_dataset_document(session, document=document, header=raw)
        assert not add_dataset_document(session, document=document, header=raw)
        assert add_dataset_claims(session, document_id=document.id, claims=[claim]) == 1
        assert add_dataset_claims(session, document_id=document.id, claims=[claim]) == 0
    with session_scope(engine) as session:
        stored = get_claim(session, claim_id="clm_dataset_1")
    assert stored == claim.model_copy(update={"document_id": document.id, "review": "machine"})


def test_duplicates_in_a_file_and_across_files(engine, tmp_path):
    rows = [acled_row("PAK1"), acled_row("PAK2"), acled_row("PAK1", fatalities="30"), acled_row("PAK2")]
    report = import_events(_write(tmp_path, "a.csv", rows), engine=engine, settings=SETTINGS, batch_size=2)
    assert (report.imported, report.rejected) == (2, 2)
    assert report.problems_by_reason == {"duplicate_key": 1, "duplicate_row": 1}
    assert [p.line for p in report.problems] == [4, 5]
    # a newer export of the same events: stored ids are kept, the change is counted
    newer = import_events(
        _write(tmp_path, "b.csv", [acled_row("PAK1", fatalities="27"), acled_row("PAK3")]),
        engine=engine,
        settings=SETTINGS,
    )
    assert (newer.imported, newer.stored_from_other_file, newer.changed_since_stored) == (1, 1, 1)


def test_interrupted_import_is_completed(engine, tmp_path):
    path = _write(tmp_path, "a.csv", [acled_row(f"PAK{i}") for i in range(10)])
    dataset = open_dataset(path)
    import_events(path, engine=engine, settings=SETTINGS)
    with session_scope(engine) as session:  # lose half the rows, as if the import had stopped
        from pledgewatch.store.tables import ClaimRow

        session.query(ClaimRow).filter(ClaimRow.id.in_([f"acled_PAK{i}" for i in range(5)])).delete()
    report = import_events(path, engine=engine, settings=SETTINGS)
    assert (report.imported, report.already_stored) == (5, 5)
    assert report.document_id == dataset.document_id


def test_rows_of_a_document_deleted_mid_import_are_refused(engine, tmp_path):
    """Imports write without per-row foreign-key checks on SQLite; each batch proves the document."""
    from datetime import UTC, datetime

    from pledgewatch.errors import StoreError
    from pledgewatch.store.datasets import DatasetClaims, add_dataset_rows, dataset_row, encode_dataset_rows
    from pledgewatch.store.engine import without_foreign_key_checks

    path = _write(tmp_path, "a.csv", [acled_row("PAK1")])
    knowledge = Knowledge(SETTINGS)
    context = MappingContext(actors=DatasetActors.load(knowledge.actors), gazetteer=knowledge.gazetteer)
    dataset, rows = outcomes(path, context)
    shared = DatasetClaims(document_id=dataset.document_id, extractor="acled", created_at=datetime.now(UTC))
    batch = encode_dataset_rows(
        [dataset_row(rows[0].claim_data)], shared=shared, dialect=engine.dialect.name
    )  # no document stored for the file
    with pytest.raises(Exception) as caught, session_scope(without_foreign_key_checks(engine)) as session:
        add_dataset_rows(session, rows=batch, shared=shared)
    # SQLite: this module's own check; PostgreSQL: its foreign key
    assert isinstance(caught.value, StoreError) or "foreign key" in str(caught.value).lower()
    with session_scope(engine) as session:
        assert list_claims(session) == []


def test_two_process_path(engine, tmp_path):
    rows = [acled_row(f"PAK{i}", event_date=f"2024-01-{1 + i % 28:02d}") for i in range(300)]
    rows.append(acled_row("PAK5"))  # a duplicate key in another batch
    path = _write(tmp_path, "big.csv", rows)
    report = import_events(path, engine=engine, settings=SETTINGS, workers=2, batch_size=64)
    assert (report.rows, report.imported, report.rejected) == (301, 300, 1)
    assert report.problems_by_reason == {"duplicate_key": 1}
    assert report.problems[0].line == 302


def test_extract_notes_with_a_stand_in_extractor(engine, tmp_path):
    class Extractor:
        name, version = "stand-in", "1"

        def __init__(self):
            self.read = []

        def extract(self, document):
            self.read.append(document)
            return [
                make_claim(f"clm_note_{len(self.read)}", document_id=None, text=document.text, span=(0, 5))
            ]

    extractor = Extractor()
    rows = [acled_row("PAK1"), acled_row("PAK2", notes=""), acled_row("PAK3")]
    report = import_events(
        _write(tmp_path, "n.csv", rows),
        engine=engine,
        settings=SETTINGS,
        extract_notes=True,
        extractor=extractor,
    )
    # PAK1 and PAK3 share the same note text: one document, read once
    assert (report.note_documents, report.note_claims) == (1, 1)
    note = extractor.read[0]
    assert note.source == "ACLED" and note.published.isoformat() == "2024-11-09"
    assert note.text.startswith("BLA claim five soldiers")


@pytest.mark.slow
def test_extract_notes_with_the_real_extractor(engine, tmp_path):
    report = import_events(
        _write(tmp_path, "n.csv", [acled_row("PAK1")]), engine=engine, settings=SETTINGS, extract_notes=True
    )
    assert report.note_documents == 1
    with session_scope(engine) as session:
        claims = [
            c for c in list_claims(session) if c.extractor and c.extractor.startswith("pledgewatch.rules")
        ]
    assert any(c.speaker and c.speaker.actor == "BLA" for c in claims)


@pytest.mark.parametrize("workers", [1, 2])
def test_row_text_with_tabs_backslashes_and_line_breaks_comes_back_exactly(engine, tmp_path, workers):
    """PostgreSQL gets COPY text built in the mapping process: what COPY escapes must come back."""
    awkward = [
        acled_row("PAK1", notes='"a\ttab, a back\\slash and \\N"'),
        acled_row("PAK2", notes='"two\r\nlines, \x1c\x1e\x1f placeholders"', actor1='"Group \\ ""X"""'),
        acled_row("PAK3", admin1="Bal\\ochistan"),
    ]
    path = _write(tmp_path, "awkward.csv", awkward)
    report = import_events(path, engine=engine, settings=SETTINGS, workers=workers, batch_size=2)
    assert (report.imported, report.rejected) == (3, 0)
    with path.open(encoding="utf-8", newline="") as handle:
        text = handle.read()
    with session_scope(engine) as session:
        claims = {number: get_claim(session, claim_id=f"acled_PAK{number}") for number in (1, 2, 3)}
    for claim in claims.values():
        assert text[claim.span[0] : claim.span[1]] == claim.text
    assert "two\r\nlines, \x1c\x1e\x1f placeholders" in claims[2].text
    assert claims[2].event.actors[0].name == 'Group \\ "X"'
    assert claims[3].event.location.admin1 == "Bal\\ochistan"


def test_copy_text_escapes_what_copy_reads_specially():
    from datetime import UTC, datetime

    from pledgewatch.store.datasets import DatasetClaims, encode_dataset_rows

    shared = DatasetClaims(document_id="sha256:" + "0" * 64, extractor="x/1", created_at=datetime.now(UTC))
    plain = ("acled_1", "a\tb\\c\nd", 0, 7, None, None, None, None, "PK", None, "[]")
    awkward = (
        "acled_2",
        "x\x1cy\x1fz",
        8,
        13,
        '{"a":"\\""}',
        "attack",
        "2024-01-01",
        "2024-01-01",
        None,
        None,
        "[]",
    )
    fast = encode_dataset_rows([plain], shared=shared, dialect="postgresql+psycopg").copy_text
    assert fast.startswith(b"acled_1\ta\\tb\\\\c\\nd\t0\t7\t\\N\t\\N\t\\N\t\\N\tPK\t\\N\t[]\tsha256:")
    both = encode_dataset_rows([plain, awkward], shared=shared, dialect="postgresql+psycopg").copy_text
    lines = both.decode("utf-8").split("\n")
    assert lines[0] == fast.decode("utf-8").rstrip("\n") and lines[2] == ""
    assert lines[1].startswith('acled_2\tx\x1cy\x1fz\t8\t13\t{"a":"\\\\""}\tattack\t')
