"""`pledgewatch.open(url)`: DataFrames for notebooks."""

from __future__ import annotations

import pledgewatch
from pledgewatch.config import Settings
from pledgewatch.importing import import_events
from pledgewatch.notebook import CLAIM_COLUMNS, INCIDENT_COLUMNS
from pledgewatch.pipeline import open_store
from tests.ingest.datasets.conftest import ACLED_HEADER, acled_row


def test_frames_of_an_imported_file(tmp_path):
    url = f"sqlite:///{tmp_path / 'pw.db'}"
    path = tmp_path / "a.csv"
    path.write_text("\n".join([ACLED_HEADER, acled_row("PAK1"), acled_row("PAK2", fatalities="3")]) + "\n")
    engine = open_store(url)
    import_events(path, engine=engine, settings=Settings())
    engine.dispose()
    with pledgewatch.open(url) as pw:
        claims = pw.claims()
        assert list(claims.columns) == list(CLAIM_COLUMNS)
        assert len(claims) == 2 and set(claims["source"]) == {"ACLED"}
        assert claims["killed_low"].tolist() == [26, 3]
        assert str(claims["date_start"].dtype).startswith("datetime64")
        assert claims.loc[0, "perpetrators"] == ["BLA"]
        incidents = pw.incidents()
        assert list(incidents.columns) == list(INCIDENT_COLUMNS) and incidents.empty
        assert pw.assessments().empty
        documents = pw.documents()
        assert documents["media_type"].tolist() == ["text/csv"]
